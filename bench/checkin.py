"""The gate under load: redeem over HTTP, one at a time and from 8 clients, and the offline roster.

A fresh PostgreSQL database (fao_bench_checkin on 127.0.0.1:5432) is migrated and filled by a
child process: one event with 5,000 confirmed registrations (signed pass codes made in bulk),
three check-in points and a device; a second event with 20,000 registrations for the roster.
Then `gunicorn config.wsgi` with `config.production` (2 workers, gthread × 4 threads, as the
pages benchmark) serves the API, and a Python client with keep-alive connections measures:

- **serial**: one client, REDEEMS redeems of distinct guests at one point (each one an `ok`);
- **concurrent**: 8 clients (threads) for DURATION seconds at another point, distinct guests
  while they last (then `already`, which does the same work: lock, read, insert);
- **roster** of the 20,000-guest event: gzip size, the first (cold) request that builds it, warm
  requests from the cache, and a conditional request answered 304.

Every request sends `X-Forwarded-Proto: https` as the TLS proxy does. Nothing touches
durability: PostgreSQL runs with its defaults (synchronous_commit on).

Knobs: BENCH_CHECKIN_GUESTS (5000), BENCH_CHECKIN_ROSTER (20000), BENCH_CHECKIN_REDEEMS (1500),
BENCH_CHECKIN_DURATION (15 s), BENCH_WORKERS (2), BENCH_THREADS (4).
Targets: serial p50 <= 5 ms and p99 <= 15 ms; 8 clients >= 400 redeems/s with p99 <= 60 ms;
roster <= 2 MB gzip and served in <= 1 s.
"""

import contextlib
import http.client
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

GUESTS = int(os.environ.get("BENCH_CHECKIN_GUESTS", "5000"))
ROSTER_GUESTS = int(os.environ.get("BENCH_CHECKIN_ROSTER", "20000"))
REDEEMS = int(os.environ.get("BENCH_CHECKIN_REDEEMS", "1500"))
DURATION = float(os.environ.get("BENCH_CHECKIN_DURATION", "15"))
CLIENTS = 8
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
PG_DATABASE = "fao_bench_checkin"
TARGETS = {
    "serial_p50_ms": 5.0,
    "serial_p99_ms": 15.0,
    "concurrent_rps": 400.0,
    "concurrent_p99_ms": 60.0,
    "roster_gzip_bytes": 2_000_000,
    "roster_cold_ms": 1000.0,
}


def _percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[index]


def _figures(latencies_ms: list[float]) -> dict:
    return {
        "requests": len(latencies_ms),
        "p50_ms": round(statistics.median(latencies_ms), 2),
        "p90_ms": round(_percentile(latencies_ms, 0.90), 2),
        "p99_ms": round(_percentile(latencies_ms, 0.99), 2),
        "max_ms": round(max(latencies_ms), 2),
        "mean_ms": round(statistics.fmean(latencies_ms), 2),
    }


# --- the parent: database, server, client ----------------------------------------------------------


def run() -> dict:
    from bench.common import PY, CpuWindow, clean_env, gunicorn, machine_info, postgres_database, postgres_version
    from bench.common import run as run_command

    result = {"machine": machine_info(), "config": {}, "timings_s": {}}
    result["machine"]["postgresql"] = postgres_version()
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fao-bench-checkin-")))
        url = stack.enter_context(postgres_database(PG_DATABASE))
        env = clean_env(
            DJANGO_SETTINGS_MODULE="config.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            EMAIL_URL="smtp://127.0.0.1:25",
            STATIC_ROOT=str(tmp / "static"),
            MEDIA_ROOT=str(tmp / "media"),
            TASKS_BACKEND="immediate",
            LOG_LEVEL="ERROR",
            DATABASE_URL=url,
        )
        (tmp / "static").mkdir()
        (tmp / "media").mkdir()
        data_path = tmp / "data.json"
        print(f"preparing: migrate, {GUESTS} + {ROSTER_GUESTS} registrations ...", flush=True)
        run_command([PY, "-m", "bench.checkin", "--prepare", str(data_path)], env=env, timeout=1200, label="prepare")
        data = json.loads(data_path.read_text())
        result["timings_s"]["prepare"] = round(time.monotonic() - started, 1)
        print(f"prepared in {result['timings_s']['prepare']} s", flush=True)
        result["config"] = {
            "server": "gunicorn config.wsgi",
            "settings": "config.production",
            "workers": WORKERS,
            "worker_class": "gthread",
            "threads": THREADS,
            "database": "postgresql (defaults: synchronous_commit on)",
            "cache": "local memory, per process",
            "guests": GUESTS,
            "roster_guests": ROSTER_GUESTS,
            "serial_redeems": REDEEMS,
            "concurrent_clients": CLIENTS,
            "concurrent_duration_s": DURATION,
            "client": "Python http.client, keep-alive, one connection per client thread",
        }
        with gunicorn(
            env=env,
            workers=WORKERS,
            worker_class="gthread",
            threads=THREADS,
            log_path=tmp / "gunicorn.log",
            ready_headers={"X-Forwarded-Proto": "https"},
        ) as server:
            client = Client(server.port, data["token"])
            warm = [
                client.redeem(code, data["points"]["hall"], f"warm-{i}") for i, code in enumerate(data["codes"][:60])
            ]
            assert all(r[1] == 200 for r in warm), warm[:3]

            serial_codes = data["codes"][:REDEEMS]
            latencies, results = [], {}
            with CpuWindow(server.pgid) as cpu:
                for i, code in enumerate(serial_codes):
                    ms, status, body = client.redeem(code, data["points"]["a"], f"serial-{i}")
                    latencies.append(ms)
                    key = body.get("result") if status == 200 else f"status {status}"
                    results[key] = results.get(key, 0) + 1
            result["serial"] = {**_figures(latencies), "results": results, "cpu": cpu.report(len(latencies))}
            print(f"serial: {result['serial']['p50_ms']} / {result['serial']['p99_ms']} ms", flush=True)

            result["concurrent"] = _concurrent(server, data, CpuWindow)
            print(f"concurrent: {result['concurrent']['rps']} /s, p99 {result['concurrent']['p99_ms']} ms", flush=True)

            result["roster"] = _roster(server.port, data["roster_token"])
            print(f"roster: {result['roster']['gzip_bytes']} bytes, cold {result['roster']['cold_ms']} ms", flush=True)
        result["gunicorn_errors"] = (tmp / "gunicorn.log").read_text(errors="replace")[-2000:]
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["targets"] = _evaluate(result)
    return result


class Client:
    """One keep-alive connection to the API."""

    def __init__(self, port: int, token: str):
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, body=None, headers=None):
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Authorization": f"Bearer {self.token}",
            "Accept-Language": "zh-hans",
            **(headers or {}),
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise
        ms = (time.perf_counter() - started) * 1000
        return ms, response.status, content, {k.lower(): v for k, v in response.getheaders()}

    def redeem(self, code, point, nonce):
        body = json.dumps({"code": code, "point": point, "nonce": nonce})
        ms, status, content, _headers = self.request("POST", "/api/checkin/redeem/", body)
        return ms, status, json.loads(content) if status in (200, 400) else {}


def _concurrent(server, data, CpuWindow) -> dict:
    codes = iter(data["codes"])
    lock = threading.Lock()
    latencies, results, errors = [], {}, []
    deadline = [0.0]
    barrier = threading.Barrier(CLIENTS + 1)

    def client_thread(n):
        client = Client(server.port, data["token"])
        barrier.wait()
        i = 0
        while time.monotonic() < deadline[0]:
            with lock:
                code = next(codes, None)
            if code is None:
                code = data["codes"][i % len(data["codes"])]
            i += 1
            try:
                ms, status, body = client.redeem(code, data["points"]["b"], f"c{n}-{i}")
            except Exception as exc:  # counted, never hidden
                errors.append(repr(exc))
                continue
            key = body.get("result") if status == 200 else f"status {status}"
            with lock:
                latencies.append(ms)
                results[key] = results.get(key, 0) + 1

    threads = [threading.Thread(target=client_thread, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    with CpuWindow(server.pgid) as cpu:
        deadline[0] = time.monotonic() + DURATION
        started = time.monotonic()
        barrier.wait()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    return {
        **_figures(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "elapsed_s": round(elapsed, 2),
        "results": results,
        "errors": errors[:10],
        "error_count": len(errors),
        "cpu": cpu.report(len(latencies)),
    }


def _roster(port: int, token: str) -> dict:
    client = Client(port, token)
    gz = {"Accept-Encoding": "gzip"}
    cold_ms, status, content, headers = client.request("GET", "/api/checkin/roster/", headers=gz)
    if status != 200 or headers.get("content-encoding") != "gzip":
        raise RuntimeError(f"roster: status {status}, {headers}")
    import gzip

    guests = len(json.loads(gzip.decompress(content))["guests"])
    # Each gunicorn worker builds its own copy once (local-memory cache): ask often enough to warm both.
    warm = [client.request("GET", "/api/checkin/roster/", headers=gz)[0] for _ in range(10)]
    etag = headers["etag"]
    not_modified = [
        client.request("GET", "/api/checkin/roster/", headers={**gz, "If-None-Match": etag}) for _ in range(5)
    ]
    return {
        "guests": guests,
        "gzip_bytes": len(content),
        "json_bytes": len(gzip.decompress(content)),
        "cold_ms": round(cold_ms, 1),
        "warm_p50_ms": round(statistics.median(warm), 1),
        "warm_max_ms": round(max(warm), 1),
        "not_modified_status": sorted({r[1] for r in not_modified}),
        "not_modified_p50_ms": round(statistics.median(r[0] for r in not_modified), 1),
    }


def _evaluate(result) -> dict:
    figures = {
        "serial_p50_ms": result["serial"]["p50_ms"],
        "serial_p99_ms": result["serial"]["p99_ms"],
        "concurrent_rps": result["concurrent"]["rps"],
        "concurrent_p99_ms": result["concurrent"]["p99_ms"],
        "roster_gzip_bytes": result["roster"]["gzip_bytes"],
        "roster_cold_ms": result["roster"]["cold_ms"],
    }
    met = {
        key: (value >= TARGETS[key]) if key == "concurrent_rps" else (value <= TARGETS[key])
        for key, value in figures.items()
    }
    return {"targets": TARGETS, "figures": figures, "met": met, "all_met": all(met.values())}


def summary(result: dict) -> str:
    s, c, r = result["serial"], result["concurrent"], result["roster"]
    met = result["targets"]["met"]

    def mark(key):
        return "ok" if met[key] else "MISSED"

    return "\n".join(
        [
            f"check-in API, gunicorn {result['config']['workers']}×{result['config']['threads']} gthread, "
            f"config.production, PostgreSQL, {result['config']['guests']} guests",
            f"serial redeem:   p50 {s['p50_ms']} ms ({mark('serial_p50_ms')}), p99 {s['p99_ms']} ms "
            f"({mark('serial_p99_ms')}), {s['requests']} requests, {s['results']}",
            f"8 clients:       {c['rps']} redeems/s ({mark('concurrent_rps')}), p50 {c['p50_ms']} ms, "
            f"p99 {c['p99_ms']} ms ({mark('concurrent_p99_ms')}), {c['results']}, errors {c['error_count']}",
            f"roster {r['guests']} guests: {r['gzip_bytes']} bytes gzip ({mark('roster_gzip_bytes')}), "
            f"cold {r['cold_ms']} ms ({mark('roster_cold_ms')}), warm {r['warm_p50_ms']} ms, 304 in "
            f"{r['not_modified_p50_ms']} ms",
            f"load average at start / end: {result['machine']['load_average_at_start']} / "
            f"{result['machine']['load_average_at_end']} on {result['machine']['nproc']} CPUs",
        ]
    )


# --- the child: migrate and fill ---------------------------------------------------------------------


def _event(index, brand, slug, title, days):
    import datetime as dt

    from django.utils import timezone

    from events.models import EventPage
    from registrations.domain.events import config_for

    start = timezone.now() + dt.timedelta(days=days)
    page = EventPage(
        title=title,
        slug=slug,
        brand=brand,
        edition_year=start.year,
        start=start - dt.timedelta(days=days),  # under way: the gates are open
        end=start + dt.timedelta(days=2),
        summary="论坛聚焦共建一带一路高质量发展。",
    )
    index.add_child(instance=page)
    return config_for(page)


def _guests(config, count: int, seed: int) -> list[int]:
    import random

    from registrations.checkin.models import Pass
    from registrations.models import Delegation, Person, Registration, Status

    rng = random.Random(seed)
    categories = list(config.categories.all())
    delegations = Delegation.objects.bulk_create(
        Delegation(event=config, name=f"代表团 {i:02} Delegation") for i in range(40)
    )
    families = ["王", "李", "张", "刘", "陈", "Smith", "Müller", "Dubois", "Yamada", "Kim", "Иванова", "García"]
    givens = ["伟", "芳", "建国", "Anna", "Stefan", "Claire", "Taro", "Minjun", "Lucía", "Пётр"]
    people = Person.objects.bulk_create(
        (
            Person(
                family_name=rng.choice(families),
                given_name=rng.choice(givens) + str(i % 97),
                chinese_name="" if i % 3 else "王小明",
                organisation=f"Organisation {i % 700}",
                country=rng.choice(["CN", "DE", "FR", "JP", "RU", "US", "GB", "KE"]),
                language=rng.choice(["zh-hans", "en", "ja", "de"]),
                email=f"guest{seed}-{i}@example.org",
            )
            for i in range(count)
        ),
        batch_size=2000,
    )
    registrations = Registration.objects.bulk_create(
        (
            Registration(
                event=config,
                person=person,
                category=rng.choice(categories),
                delegation=rng.choice(delegations) if i % 4 == 0 else None,
                status=Status.CONFIRMED,
            )
            for i, person in enumerate(people)
        ),
        batch_size=2000,
    )
    Pass.objects.bulk_create((Pass(registration=r) for r in registrations), batch_size=2000)
    return [r.pk for r in registrations]


def prepare(path: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from events.models import Brand
    from events.setup import ensure_site_structure
    from registrations.checkin.domain import passes
    from registrations.checkin.domain.devices import create_device
    from registrations.checkin.models import CheckinPoint

    home = ensure_site_structure()["zh-hans"]
    index = home.get_children().first().specific
    brand = Brand.objects.create(
        locale=home.locale,
        slug="xiangjiang-forum",
        name="一带一路湘江论坛",
        short_name="湘江论坛",
        sender_name="湘江论坛组委会",
        sender_email="forum@example.org",
    )
    forum = _event(index, brand, "forum-2027", "2027一带一路湘江论坛", 1)
    ids = _guests(forum, GUESTS, 1)
    key = passes.active_key(config=forum)
    codes = [passes.sign(passes.PassPayload(key.key_id, forum.pk, pk, 1), key) for pk in ids]
    points = {
        "a": CheckinPoint.objects.create(event=forum, name_zh="北门", name_en="North gate"),
        "b": CheckinPoint.objects.create(event=forum, name_zh="南门", name_en="South gate"),
        "hall": CheckinPoint.objects.create(event=forum, name_zh="主会场", name_en="Main hall", multiple_entry=True),
    }
    _device, token = create_device(config=forum, name="Bench phone")
    week = _event(index, brand, "sister-cities-2027", "2027国际友城活动周", 1)
    _guests(week, ROSTER_GUESTS, 2)
    _roster_device, roster_token = create_device(config=week, name="Bench roster phone")
    Path(path).write_text(
        json.dumps(
            {
                "codes": codes,
                "points": {name: p.pk for name, p in points.items()},
                "token": token,
                "roster_token": roster_token,
            }
        )
    )


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--prepare"]:
        prepare(argv[1])
        return 0
    from bench.__main__ import write_result

    result = run()
    result["benchmark"] = "checkin"
    print(summary(result))
    write_result("checkin", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
