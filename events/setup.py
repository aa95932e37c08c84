"""The page tree every installation needs: both locales, a home page and an event index in each."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from events.models import EventIndexPage, HomePage, OfficeSettings

SITE_STRUCTURE = {
    "zh-hans": {"home": "湖南省外事侨务港澳事务活动", "index": ("活动", "events")},
    "en": {"home": "Hunan International Events", "index": ("Events", "events")},
}


@transaction.atomic
def ensure_site_structure() -> dict[str, HomePage]:
    """Create what is missing, change nothing that exists; return the home page of each language."""
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES}
    default = locales[settings.LANGUAGE_CODE]
    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests) has lost the tree's root
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=default, live=True))

    home = HomePage.objects.filter(locale=default).first()
    if home is None:
        # Wagtail's own welcome page (and the site on it) makes way for the real home page.
        Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
        home = root.add_child(
            instance=HomePage(title=SITE_STRUCTURE[default.language_code]["home"], slug="home", locale=default)
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="FAO")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        title, slug = SITE_STRUCTURE[default.language_code]["index"]
        index = home.add_child(instance=EventIndexPage(title=title, slug=slug, locale=default))

    OfficeSettings.load()  # created now, not lazily while a page renders
    homes = {default.language_code: home}
    for code, locale in locales.items():
        if locale == default:
            continue
        homes[code] = _translation(home, locale, title=SITE_STRUCTURE[code]["home"])
        _translation(index, locale, title=SITE_STRUCTURE[code]["index"][0])
    # Fresh from the database: adding children changed their tree fields behind these objects.
    return {code: HomePage.objects.get(pk=page.pk) for code, page in homes.items()}


def _translation(page, locale, *, title):
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale)
        translated.title = title
        translated.save_revision().publish()
    return translated.specific
