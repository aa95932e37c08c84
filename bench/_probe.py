"""Run inside a benchmark's Django environment: prepare its database, print the pages to load.

`python -m bench._probe [--prepare]`, with DJANGO_SETTINGS_MODULE and DATABASE_URL set:
with --prepare, first `migrate` and `load_demo --no-admin` (one process, so Django starts
once); then print, as the last line, JSON {"home": {"path", "title"}, "index": ..., "event": ...}
for the zh-hans site: the home page, the event index and the first upcoming event
(a Xiangjiang Forum edition when there is one).
"""

import json
import sys

import django


def main():
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone, translation
    from wagtail.models import Locale

    from events.models import EventIndexPage, EventPage, HomePage

    if "--prepare" in sys.argv[1:]:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", no_admin=True, verbosity=0)

    with translation.override("zh-hans"):
        locale = Locale.objects.get(language_code="zh-hans")
        home = HomePage.objects.live().get(locale=locale)
        index = EventIndexPage.objects.live().child_of(home).get()
        upcoming = EventPage.objects.live().public().filter(locale=locale, start__gte=timezone.now()).order_by("start")
        event = upcoming.filter(slug__startswith="xiangjiang-forum").first() or upcoming.first()
        if event is None:
            raise SystemExit("no upcoming event page in zh-hans: was load_demo run?")
        pages = {
            name: {"path": page.get_url(), "title": page.title}
            for name, page in (("home", home), ("index", index), ("event", event))
        }
    print(json.dumps(pages, ensure_ascii=False))


if __name__ == "__main__":
    main()
