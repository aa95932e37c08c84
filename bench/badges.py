"""1,000 badges in one PDF: `print_badges` for an event's attending guests, end to end.

In a child process on a fresh SQLite file (`config.settings`, migrated, not timed): one
event with a brand logo, BENCH_BADGES (1,000) attending guests in four scripts (Latin,
Cyrillic, Arabic, Chinese, each with a Chinese name), 40 delegations, every category.
Timed: `print_badges(size=BENCH_BADGE_SIZE, order="delegation")` — the query, the pass
codes (one signing key, one query for the versions, an Ed25519 signature each), a QR SVG
per badge, one HTML document laid out in parallel chunks by
registrations.logistics.interfaces.pdf, fonts subset, the chunks joined with pypdf.
Checked: the page count, and the QR of the first and the last page read back by zxing-cpp.
Target: ≤ 60 s.
"""

import json
import os
import sys
import time

TARGET_S = 60.0


def config() -> dict:
    return {
        "badges": int(os.environ.get("BENCH_BADGES", "1000")),
        "size": os.environ.get("BENCH_BADGE_SIZE", "cr80"),
        "database": "SQLite file (WAL), config.settings",
        "target_s": TARGET_S,
    }


def run() -> dict:
    from bench.common import machine_info, run_sqlite_child

    cfg = config()
    measured = run_sqlite_child(
        "badges",
        timeout=1800,
        BENCH_BADGES=cfg["badges"],
        BENCH_BADGE_SIZE=cfg["size"],
    )
    machine = machine_info()
    machine.pop("wrk", None)
    return {
        "machine": machine,
        "config": cfg,
        "seconds": measured["print_badges"]["seconds"],
        "pages": measured["pages"],
        "bytes": measured["bytes"],
        "target_met": measured["print_badges"]["seconds"] <= TARGET_S and measured["qr_ok"],
        "results": measured,
    }


def summary(result: dict) -> str:
    r, cfg = result["results"], result["config"]
    return "\n".join(
        [
            f"badges: {cfg['badges']} {cfg['size']} badges in {r['print_badges']['seconds']:.2f} s "
            f"(CPU {r['print_badges']['cpu_seconds']:.2f} s, {r['pdf_processes']} processes), "
            f"{r['pages']} pages, {r['bytes'] // 1024} KiB, QR read back: {r['qr_ok']} (target {TARGET_S:.0f} s)",
            f"target met: {result['target_met']}; load average before/after: "
            f"{r['load_average_before']} / {r['load_average_after']}",
        ]
    )


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the layout processes)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _logo():
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images.models import Image

    picture = PILImage.new("RGB", (600, 200), (158, 27, 50))
    ImageDraw.Draw(picture).ellipse((20, 20, 180, 180), fill=(201, 162, 39))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = Image(title="基准标志", file=ImageFile(io.BytesIO(buffer.getvalue()), name="bench-logo.png"))
    image.save()
    return image


NAMES = [  # (family, given, romanised family, romanised given, language, country)
    ("Smith", "Anna", "", "", "en", "GB"),
    ("Петров", "Иван", "Petrov", "Ivan", "ru", "RU"),
    ("عبدالله", "محمد", "Abdullah", "Mohamed", "ar", "EG"),
    ("王", "小明", "Wang", "Xiaoming", "zh-hans", "CN"),
]


def child() -> dict:
    import django

    django.setup()
    from datetime import timedelta
    from io import BytesIO

    import pypdfium2
    import zxingcpp
    from django.core.management import call_command
    from django.utils import timezone, translation
    from pypdf import PdfReader

    from events.models import Brand, EventPage
    from events.setup import ensure_site_structure
    from registrations.checkin.domain.badges import print_badges
    from registrations.checkin.domain.passes import pass_code
    from registrations.domain.events import config_for
    from registrations.logistics.interfaces.pdf import processes
    from registrations.models import Category, Delegation, Person, Registration

    count, size = int(os.environ["BENCH_BADGES"]), os.environ["BENCH_BADGE_SIZE"]
    translation.activate("zh-hans")
    call_command("migrate", verbosity=0, interactive=False)
    homes = ensure_site_structure()
    brand = Brand.objects.create(locale=homes["zh-hans"].locale, slug="bench", name="基准论坛", short_name="基准",
                                 sender_name="组委会", sender_email="b@example.org", logo=_logo())  # fmt: skip
    index = homes["zh-hans"].get_children().first().specific
    start = timezone.now() + timedelta(days=60)
    page = EventPage(title="2027一带一路湘江论坛", slug="bench-2027", brand=brand, edition_year=start.year,
                     start=start, end=start + timedelta(days=2), summary="基准")  # fmt: skip
    index.add_child(instance=page)
    event = config_for(page)
    categories = list(Category.objects.filter(event=event))
    delegations = Delegation.objects.bulk_create(
        Delegation(event=event, name=f"Delegation {i:02d}", country=NAMES[i % 4][5]) for i in range(40)
    )
    people = Person.objects.bulk_create(
        Person(
            family_name=f"{family}{i}" if language != "zh-hans" else family,
            given_name=given,
            romanised_family_name=f"{romanised}{i}" if romanised else "",
            romanised_given_name=romanised_given,
            chinese_name="" if language == "zh-hans" else f"嘉宾{i}",
            language=language,
            country=country,
            email=f"g{i}@example.org",
            organisation="Ministry of Foreign Affairs" if i % 2 else "湖南省人民政府外事办公室",
        )
        for i in range(count)
        for family, given, romanised, romanised_given, language, country in [NAMES[i % 4]]
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            person=person,
            category=categories[i % len(categories)],
            delegation=delegations[i % 40] if i % 10 else None,
            status="confirmed",
        )
        for i, person in enumerate(people)
    )
    load_before = os.getloadavg()
    started, cpu = time.perf_counter(), _cpu()
    content, printed = print_badges(config=event, size=size, order="delegation")
    figures = {"seconds": round(time.perf_counter() - started, 3), "cpu_seconds": round(_cpu() - cpu, 3)}
    load_after = os.getloadavg()

    pages = len(PdfReader(BytesIO(content)).pages)
    document = pypdfium2.PdfDocument(content)

    def read(index):
        image = document[index].render(scale=4).to_pil()
        return [found.text for found in zxingcpp.read_barcodes(image)]

    from registrations.checkin.domain.badges import badge_registrations

    order = badge_registrations(config=event, order="delegation")
    qr_ok = read(0) == [pass_code(order[0])] and read(pages - 1) == [pass_code(order[-1])]
    return {
        "print_badges": {**figures, "badges": printed},
        "pages": pages,
        "bytes": len(content),
        "qr_ok": qr_ok,
        "pdf_processes": processes(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
    }


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(child()))
    else:
        from bench.__main__ import main

        sys.exit(main(["badges"]))
