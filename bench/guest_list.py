"""The back office's guest list with 20,000 registrations: time a page and count its queries.

A temporary SQLite database is migrated and filled with bulk_create (20,000 people, each
registered for one event, in every status, eight categories, 40 delegations, 30 countries,
with answers). Then Django's test Client, logged in as a superuser, asks for a few pages
of the guest list, 20 times each after a warm-up: the first page (sorted by name), a
filtered page (status, category and country), a search in Chinese, and the last page.
Each figure is the whole request through Django's stack in one process (no HTTP server).

The work runs in a child process (`python -m bench.guest_list --child DIR`) so that its
Django settings and database never touch the caller's.

Knobs: BENCH_GUEST_ROWS (20000), BENCH_GUEST_REQUESTS (20).
Target: p99 <= 300 ms a page, and a number of queries that does not grow with the rows
(the first and the last page run the same queries; every request of a page the same number).
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_GUEST_ROWS", "20000"))
REQUESTS = int(os.environ.get("BENCH_GUEST_REQUESTS", "20"))
TARGET_MS = 300.0
PAGE_LABELS = {
    "first": "first page, by name",
    "filtered": "status + category + country",
    "search": "search 王 (Chinese)",
    "last": "last page",
}


def run() -> dict:
    from bench.common import PY, clean_env, machine_info
    from bench.common import run as run_command

    with tempfile.TemporaryDirectory(prefix="bench-guest-list-") as tmp:
        env = clean_env(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=f"sqlite:///{Path(tmp) / 'db.sqlite3'}",
            TASKS_BACKEND="immediate",
            MEDIA_ROOT=str(Path(tmp) / "media"),
            BENCH_GUEST_ROWS=str(ROWS),
            BENCH_GUEST_REQUESTS=str(REQUESTS),
        )
        out = run_command([PY, "-m", "bench.guest_list", "--child", tmp], env=env, timeout=1800, label="guest list")
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            result = json.loads(line)
            break
    else:
        raise RuntimeError(f"the child printed no result:\n{out[-3000:]}")
    result["machine"] = machine_info()
    return result


def summary(result: dict) -> str:
    rows = [
        f"guest list: {result['rows']} registrations, SQLite, Django test Client, "
        f"{result['requests']} requests a page, target {result['target_ms']:.0f} ms",
        "",
        f"{'page':<32}{'p50 ms':>9}{'p99 ms':>9}{'CPU p50':>9}{'CPU p99':>9}{'queries':>9}{'rows':>6}",
    ]
    for key, page in result["pages"].items():
        rows.append(
            f"{PAGE_LABELS.get(key, key):<32}{page['p50_ms']:>9.1f}{page['p99_ms']:>9.1f}"
            f"{page['cpu_p50_ms']:>9.1f}{page['cpu_p99_ms']:>9.1f}{page['queries']:>9}{page['rows_shown']:>6}"
        )
    rows.append("")
    rows.append(f"queries independent of the rows: {'yes' if result['constant_queries'] else 'NO'}")
    rows.append(f"target met (wall-clock p99): {'yes' if result['target_met'] else 'NO'}")
    load = result.get("load_average", {})
    rows.append(f"load average before/after: {load.get('before')} / {load.get('after')} on {os.cpu_count()} CPUs")
    return "\n".join(rows)


# The child: a fresh database, filled and measured ------------------------------------------------


def _percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[index]


def _fill(rows: int):
    import datetime as dt
    import random

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from events.models import Brand, EventPage
    from events.setup import ensure_site_structure
    from registrations.domain.events import config_for
    from registrations.models import Delegation, Person, Question, Registration, Status

    rng = random.Random(20270601)
    homes = ensure_site_structure()
    home = homes["zh-hans"]
    index = home.get_children().first().specific
    brand = Brand.objects.create(
        locale=home.locale,
        slug="xiangjiang-forum",
        name="一带一路湘江论坛",
        short_name="湘江论坛",
        sender_name="湘江论坛组委会",
        sender_email="forum@example.org",
    )
    start = timezone.now() + dt.timedelta(days=60)
    page = EventPage(
        title="2027一带一路湘江论坛",
        slug="forum-2027",
        brand=brand,
        edition_year=start.year,
        start=start,
        end=start + dt.timedelta(days=2),
        summary="论坛聚焦共建一带一路高质量发展。",
    )
    index.add_child(instance=page)
    config = config_for(page)
    categories = list(config.categories.all())
    Question.objects.create(
        event=config,
        code="diet",
        label_zh="饮食要求",
        label_en="Dietary needs",
        kind=Question.Kind.CHOICE,
        choices=[{"value": v, "zh": v, "en": v} for v in ("none", "halal", "vegetarian")],
    )
    countries = ["CN", "JP", "KR", "DE", "FR", "GB", "US", "RU", "BR", "IN", "ZA", "EG", "NG", "KE", "AE"]
    countries += ["SG", "MY", "TH", "VN", "ID", "PH", "AU", "NZ", "CA", "MX", "AR", "IT", "ES", "PL", "HU"]
    delegations = Delegation.objects.bulk_create(
        Delegation(event=config, name=f"代表团 {i:02} Delegation", country=countries[i % len(countries)])
        for i in range(40)
    )
    families = ["王", "李", "张", "刘", "陈", "Smith", "Müller", "Dubois", "Yamada", "Kim", "Ivanova", "García"]
    givens = ["伟", "芳", "建国", "Anna", "Stefan", "Claire", "Taro", "Minjun", "Lucía", "Pedro"]
    people = Person.objects.bulk_create(
        (
            Person(
                family_name=rng.choice(families),
                given_name=rng.choice(givens) + str(i % 97),
                romanised_family_name="" if i % 3 else f"Roman{i % 500}",
                organisation=f"Organisation {i % 700}",
                country=rng.choice(countries),
                language=rng.choice(["zh-hans", "en", "ja", "de"]),
                email=f"guest{i}@example.org",
            )
            for i in range(rows)
        ),
        batch_size=2000,
    )
    statuses = [s for s in Status.values if s != Status.REPLACED]
    now = timezone.now()
    Registration.objects.bulk_create(
        (
            Registration(
                event=config,
                person=person,
                category=rng.choice(categories),
                delegation=rng.choice(delegations) if i % 4 == 0 else None,
                status=rng.choice(statuses),
                responded_at=now - dt.timedelta(hours=rng.randint(0, 24 * 60)) if i % 2 else None,
                answers={"diet": rng.choice(["none", "halal", "vegetarian"])},
            )
            for i, person in enumerate(people)
        ),
        batch_size=2000,
    )
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-password")
    return config, user, categories


def _measure(client, url, params, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm-up: templates, caches
    client.get(url, params)
    times, cpu_times, queries, shown = [], [], set(), None
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url, params)
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu_started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params}: status {response.status_code}")
        times.append(elapsed)
        cpu_times.append(cpu)
        queries.add(len(captured.captured_queries))
        shown = response.content.count(b'data-reg-select="registration"')
    return {
        "params": params,
        "p50_ms": round(statistics.median(times), 1),
        "p99_ms": round(_percentile(times, 0.99), 1),
        "max_ms": round(max(times), 1),
        "mean_ms": round(statistics.fmean(times), 1),
        # CPU time of this process (Django and SQLite both run in it): what the page costs
        # without the wait for a CPU on a busy machine.
        "cpu_p50_ms": round(statistics.median(cpu_times), 1),
        "cpu_p99_ms": round(_percentile(cpu_times, 0.99), 1),
        "queries": max(queries),
        "queries_vary": len(queries) > 1,
        "rows_shown": shown,
        "bytes": len(response.content),
    }


def child(tmp: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    load_before = [round(x, 2) for x in os.getloadavg()]
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    config, user, categories = _fill(ROWS)
    fill_s = time.perf_counter() - started

    client = Client()
    client.force_login(user)
    url = reverse("registrations_admin:guests", args=[config.pk])
    vip = next(c for c in categories if c.code == "guest")
    last_page = (ROWS + 49) // 50
    pages = {
        "first": {},
        "filtered": {"status": ["accepted", "confirmed"], "category": vip.pk, "country": "JP"},
        "search": {"q": "王"},
        "last": {"p": last_page},
    }
    results = {key: _measure(client, url, params, REQUESTS) for key, params in pages.items()}
    # Filters add a query or two (checking a chosen category); the row count adds none.
    constant = results["first"]["queries"] == results["last"]["queries"] and not any(
        page["queries_vary"] for page in results.values()
    )
    worst = max(page["p99_ms"] for page in results.values())
    return {
        "rows": ROWS,
        "requests": REQUESTS,
        "database": "sqlite",
        "client": "django.test.Client (in process)",
        "fill_s": round(fill_s, 1),
        "load_average": {"before": load_before, "after": [round(x, 2) for x in os.getloadavg()]},
        "target_ms": TARGET_MS,
        "pages": results,
        "constant_queries": constant,
        "target_met": worst <= TARGET_MS and constant,
    }


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        print(json.dumps(child(argv[1]), ensure_ascii=False), flush=True)
        return 0
    from bench.__main__ import write_result

    started = time.monotonic()
    result = run()
    result.setdefault("benchmark", "guest_list")
    result.setdefault("elapsed_s", round(time.monotonic() - started, 1))
    path = write_result("guest_list", result)
    print(summary(result))
    print(f"results in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
