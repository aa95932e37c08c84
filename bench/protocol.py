"""The protocol desk: a seating plan of 400 guests at 40 tables, and 500 visa invitation letters.

- **seating**: `fill_plan` for 400 attending guests (ranked in 5 classes, with dates of
  taking office) at 40 round tables of 10, end to end (precedence, seats, interpreters
  behind principals), target <= 1 s; then the seat map's data (`seat_labels` for all 400).
- **letters**: `issue_letters` for 500 guests with passport data (reference numbers,
  one locked counter) and `letters_pdf` rendering all 500 bilingual letters as one PDF:
  chunks laid out by a pool of processes (one per CPU), joined with pypdf, target <= 60 s.

Runs in a child process on a fresh SQLite file (config.settings), like bench/imports.py,
so it never touches the caller's database. Wall-clock and CPU seconds (the layout
processes' included) are both recorded.
Knobs: BENCH_SEATING_GUESTS (400), BENCH_SEATING_TABLES (40), BENCH_LETTERS (500).
"""

import json
import os
import sys
import time

SEATING_TARGET_S = 1.0
LETTERS_TARGET_S = 60.0


def config() -> dict:
    return {
        "guests": int(os.environ.get("BENCH_SEATING_GUESTS", "400")),
        "tables": int(os.environ.get("BENCH_SEATING_TABLES", "40")),
        "letters": int(os.environ.get("BENCH_LETTERS", "500")),
        "database": "SQLite file (WAL), config.settings",
        "targets_s": {"seating": SEATING_TARGET_S, "letters": LETTERS_TARGET_S},
    }


def run() -> dict:
    from bench.common import machine_info, run_sqlite_child

    cfg = config()
    measured = run_sqlite_child(
        "protocol",
        timeout=3600,
        BENCH_SEATING_GUESTS=cfg["guests"],
        BENCH_SEATING_TABLES=cfg["tables"],
        BENCH_LETTERS=cfg["letters"],
    )
    machine = machine_info()
    machine.pop("wrk", None)
    return {
        "machine": machine,
        "config": cfg,
        "seating_seconds": measured["fill_plan"]["seconds"],
        "letters_seconds": measured["letters_total"]["seconds"],
        "target_met": measured["fill_plan"]["seconds"] <= SEATING_TARGET_S
        and measured["letters_total"]["seconds"] <= LETTERS_TARGET_S,
        "results": measured,
    }


def summary(result: dict) -> str:
    r, cfg = result["results"], result["config"]
    lines = [
        f"seating: {cfg['guests']} guests at {cfg['tables']} tables, fill_plan {r['fill_plan']['seconds']:.2f} s "
        f"(CPU {r['fill_plan']['cpu_seconds']:.2f} s; target {SEATING_TARGET_S:.0f} s), "
        f"seat_labels {r['seat_labels']['seconds']:.3f} s",
        f"letters: {cfg['letters']} issued in {r['issue_letters']['seconds']:.2f} s, rendered in "
        f"{r['letters_pdf']['seconds']:.2f} s (CPU {r['letters_pdf']['cpu_seconds']:.2f} s, "
        f"{r.get('pdf_processes', 1)} processes), "
        f"{r['pdf_pages']} pages, {r['pdf_bytes'] // 1024} KiB; total {r['letters_total']['seconds']:.2f} s "
        f"(target {LETTERS_TARGET_S:.0f} s)",
        f"target met: {result['target_met']}; load average before/after: "
        f"{r['load_average_before']} / {r['load_average_after']}",
    ]
    return "\n".join(lines)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the letters' layout processes)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timed(function):
    started, cpu = time.perf_counter(), _cpu()
    value = function()
    return value, {
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(_cpu() - cpu, 3),
    }


def child() -> dict:
    import django

    django.setup()
    import datetime as dt
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone, translation

    from events.models import Brand, EventPage
    from events.setup import ensure_site_structure
    from registrations.domain.events import config_for
    from registrations.logistics.domain import letters, seating
    from registrations.logistics.interfaces.pdf import processes
    from registrations.logistics.models import PassportData, ProtocolDetails
    from registrations.models import Category, Person, Registration

    guests, tables, letter_count = (
        int(os.environ[k]) for k in ("BENCH_SEATING_GUESTS", "BENCH_SEATING_TABLES", "BENCH_LETTERS")
    )
    translation.activate("zh-hans")
    call_command("migrate", verbosity=0, interactive=False)
    homes = ensure_site_structure()
    locale = homes["zh-hans"].locale
    brand = Brand.objects.create(
        locale=locale,
        slug="bench",
        name="基准论坛",
        short_name="基准",
        sender_name="组委会",
        sender_email="b@example.org",
    )
    index = homes["zh-hans"].get_children().first().specific
    start = timezone.now() + timedelta(days=60)
    page = EventPage(title="2027基准论坛", slug="bench-2027", brand=brand, edition_year=start.year, start=start,
                     end=start + timedelta(days=2), summary="基准")  # fmt: skip
    index.add_child(instance=page)
    config = config_for(page)
    category = Category.objects.filter(event=config).first()
    count = max(guests, letter_count)
    countries = ["GB", "KR", "JP", "RU", "FR", "DE", "KE", "BR", "EG", "VN"]
    people = Person.objects.bulk_create(
        Person(
            family_name=f"Family{i}",
            given_name=f"Given{i}",
            chinese_name=f"嘉宾{i}",
            country=countries[i % 10],
            email=f"g{i}@example.org",
            organisation="Ministry of Foreign Affairs",
            position="Director",
        )
        for i in range(count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            event=config,
            person=p,
            category=category,
            status="confirmed",
            protocol_class=1 + i % 5,
            protocol_order=(i * 7) % 50 or None,
        )
        for i, p in enumerate(people)
    )
    ProtocolDetails.objects.bulk_create(
        ProtocolDetails(registration=r, took_office_on=dt.date(2015 + i % 10, 1 + i % 12, 1))
        for i, r in enumerate(registrations)
    )
    PassportData.objects.bulk_create(
        PassportData(
            registration=r,
            surname=f"FAMILY{i}",
            given_names=f"GIVEN{i}",
            number=f"P{i:08d}",
            nationality=countries[i % 10],
            sex="F" if i % 2 else "M",
            date_of_birth=dt.date(1970, 1, 1),
            place_of_birth="Capital",
            date_of_issue=dt.date(2020, 1, 1),
            date_of_expiry=dt.date(2032, 1, 1),
            consent_at=timezone.now(),
        )
        for i, r in enumerate(registrations[:letter_count])
    )
    if guests < count:
        Registration.objects.filter(pk__in=[r.pk for r in registrations[guests:]]).update(status="declined")
    load_before = os.getloadavg()
    plan = seating.create_plan(event=config, title="欢迎宴会", tables=[seating.TableSpec() for _ in range(tables)],
                               start=start, end=start + timedelta(hours=2), is_main=True)  # fmt: skip
    filled, fill_figures = _timed(lambda: seating.fill_plan(plan=plan))
    assert filled.seated == min(guests, tables * 10), filled.seated
    _labels, label_figures = _timed(lambda: seating.seat_labels(config, [r.pk for r in registrations[:guests]]))
    Registration.objects.filter(pk__in=[r.pk for r in registrations[guests:]]).update(status="confirmed")
    chosen = list(
        Registration.objects.filter(pk__in=[r.pk for r in registrations[:letter_count]]).select_related("person")
    )
    (issued, _refused), issue_figures = _timed(lambda: letters.issue_letters(event=config, registrations=chosen))
    content, pdf_figures = _timed(lambda: letters.letters_pdf(event=config, letters=issued, by=None))
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(content)).pages)
    return {
        "fill_plan": {**fill_figures, "seated": filled.seated},
        "seat_labels": label_figures,
        "issue_letters": {**issue_figures, "letters": len(issued)},
        "letters_pdf": pdf_figures,
        "letters_total": {
            "seconds": round(issue_figures["seconds"] + pdf_figures["seconds"], 3),
            "cpu_seconds": round(issue_figures["cpu_seconds"] + pdf_figures["cpu_seconds"], 3),
        },
        "pdf_pages": pages,
        "pdf_processes": processes(),
        "pdf_bytes": len(content),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(child()))
    else:
        from bench.__main__ import main

        sys.exit(main(["protocol"]))
