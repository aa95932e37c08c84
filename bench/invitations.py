"""Inviting 10,000 guests: from `invite_guests` to the last email received by an SMTP server.

A fresh SQLite file is migrated and filled with one event (in Chinese and English, with
a venue and an agenda, so every invitation carries a real .ics) and 10,000 people, half
of them writing Chinese, half English. One `manage.py db_worker` is started and polls
the database queue, as in production; a local SMTP server (aiosmtpd, in this process)
receives the mail. Then one process calls `invite_guests` for all of them, in one
transaction, as the organizers' upload does. Measured:

- `invite_s`: the call itself (render 10,000 messages in the guests' languages, write
  registrations, history and outbox, hand the messages to the queue after the commit);
- `send_s`: from the commit to the last message received by the SMTP server;
- `total_s`: from the call to the last message received by the SMTP server (target ≤ 60 s);
- CPU seconds of the inviting process, the worker and this process (the SMTP server): on
  a shared machine the wall-clock figures mean little without them.

The worker is restarted whenever it exits, as systemd does (`worker_restarts`): on SQLite
it dies with "database is locked" while the inviting transaction holds the write lock
for longer than the database timeout.

Every message is checked: one per guest, each sent once, and the outbox says `sent`.

Knobs (environment variables), for experiments; the defaults are the reference run:
  BENCH_GUESTS             10000
  BENCH_EMAIL_CONNECTIONS  4     (EMAIL_CONNECTIONS of the worker: mail-server connections in use at once)
  BENCH_TIMEOUT            600   (seconds to wait for the last message)

Run alone: `python -m bench.invitations` (writes bench/results/invitations.json).
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import LOCALHOST, MANAGE, PY, clean_env, free_port, kill_group, machine_info, spawn
from bench.common import run as run_command

TARGET_TOTAL_S = 60.0
SESSIONS = 12


def _process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one running process (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Sink:
    """An SMTP server's mailbox that only counts: recipients, arrival times and a few samples."""

    def __init__(self, samples: int = 4):
        self.count = 0
        self.recipients = set()
        self.duplicates = 0
        self.first_at = None
        self.last_at = None
        self.samples = []
        self.max_samples = samples
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        with self.lock:
            self.count += 1
            for rcpt in envelope.rcpt_tos:
                if rcpt in self.recipients:
                    self.duplicates += 1
                self.recipients.add(rcpt)
            self.first_at = self.first_at or now
            self.last_at = now
            if len(self.samples) < self.max_samples:
                self.samples.append(envelope.original_content)
        return "250 Message accepted for delivery"


class Worker:
    """One `manage.py db_worker`, restarted whenever it exits, as systemd's Restart=always does.

    On SQLite the worker dies ("database is locked") when another transaction holds the
    write lock longer than the database timeout, as inviting 10,000 people in one
    transaction does; the restarts are counted. Its CPU time is sampled from /proc.
    """

    def __init__(self, env: dict, log_path: Path):
        self.env = env
        self.log_path = log_path
        self.cmd = [PY, MANAGE, "db_worker", "--no-startup-delay", "--interval", "0.1", "--no-reload", "-v", "0"]
        self.proc = None
        self.restarts = 0
        self.cpu_done = 0.0  # CPU seconds of workers that have exited
        self.cpu_current = 0.0
        self.cpu_mark = 0.0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _spawn(self):
        with open(self.log_path, "ab") as log:
            self.proc = spawn(self.cmd, env=self.env, stdout=log)
        self.cpu_current = 0.0

    def start(self):
        self._spawn()
        self.thread.start()

    def _watch(self):
        while not self.stopping.wait(0.1):
            if self.proc.poll() is None:
                self.cpu_current = _process_cpu_seconds(self.proc.pid) or self.cpu_current
                continue
            self.cpu_done += self.cpu_current
            self.restarts += 1
            self._spawn()

    def mark(self):
        self.cpu_mark = self.cpu()

    def cpu(self) -> float:
        return self.cpu_done + self.cpu_current

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=5)
        if self.proc is not None:
            kill_group(self.proc)


def _settings_env(db_path: Path, media: Path, smtp_port: int, **extra) -> dict:
    return clean_env(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{db_path}",
        TASKS_BACKEND="database",
        EMAIL_URL=f"smtp://{LOCALHOST}:{smtp_port}",
        MEDIA_ROOT=str(media),
        LOG_LEVEL="ERROR",
        **extra,
    )


# In the child processes ----------------------------------------------------------------


def _child_setup(guests: int) -> dict:
    """One event in both languages with venue and agenda; `guests` people; returns ids."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale

    from events.models import Brand, EventIndexPage, EventPage, EventSession, Room, Venue
    from events.setup import ensure_site_structure
    from registrations.domain.events import config_for
    from registrations.models import Person

    homes = ensure_site_structure()
    zh, en = Locale.objects.get(language_code="zh-hans"), Locale.objects.get(language_code="en")
    brand = Brand.objects.create(
        locale=zh,
        slug="xiangjiang-forum",
        name="一带一路湘江论坛",
        short_name="湘江论坛",
        sender_name="湘江论坛组委会",
        sender_email="forum@example.org",
    )
    brand_en = brand.copy_for_translation(en)
    brand_en.name, brand_en.short_name, brand_en.sender_name = (
        "Belt and Road Xiangjiang Forum",
        "Xiangjiang Forum",
        "Xiangjiang Forum Secretariat",
    )
    brand_en.save()
    venue = Venue(locale=zh, name="湖南国际会展中心", address="长沙市开福区湘江北路1177号", city="长沙")
    venue.rooms = [Room(locale=zh, name=name, sort_order=i) for i, name in enumerate(["主会场", "第一分会场"])]
    venue.save()
    start = (timezone.localtime() + timedelta(days=60)).replace(hour=9, minute=0, second=0, microsecond=0)
    index = EventIndexPage.objects.child_of(homes["zh-hans"]).get()
    rooms = list(venue.rooms.all())
    page = EventPage(
        title="2027一带一路湘江论坛",
        slug="xiangjiang-forum-2027",
        brand=brand,
        edition_year=start.year,
        start=start,
        end=start + timedelta(days=1, hours=8),
        venue=venue,
        summary="论坛聚焦共建一带一路高质量发展。",
        capacity=None,
    )
    page.sessions = [
        EventSession(
            locale=zh,
            title=f"议程{i + 1}",
            start=start + timedelta(hours=i),
            end=start + timedelta(hours=i, minutes=50),
            room=rooms[i % len(rooms)],
            sort_order=i,
        )
        for i in range(SESSIONS)
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    translated = page.copy_for_translation(en).specific
    translated.title = "2027 Belt and Road Xiangjiang Forum"
    translated.save_revision().publish()

    config = config_for(page)
    config.rsvp_deadline = start - timedelta(days=20)
    config.save()
    with transaction.atomic():
        Person.objects.bulk_create(
            (
                Person(family_name="王", given_name=f"小明{i}", language="zh-hans", country="CN", email=email)
                if i % 2
                else Person(family_name="Smith", given_name=f"Anna{i}", language="en", country="GB", email=email)
            )
            for i, email in ((i, f"guest{i}@bench.example.org") for i in range(guests))
        )
    return {"config": config.pk, "category": config.categories.get(code="guest").pk}


def _child_invite(config_id: int, category_id: int) -> dict:
    from registrations.domain.actions import invite_guests
    from registrations.models import Category, EventConfig, Person

    config = EventConfig.objects.get(pk=config_id)
    category = Category.objects.get(pk=category_id)
    people = list(Person.objects.order_by("pk"))
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    started = time.time()
    invited = invite_guests(event=config, people=people, category=category)
    finished = time.time()
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime)
    return {"started": started, "finished": finished, "invited": len(invited), "cpu_s": round(cpu, 2)}


def _child_check() -> dict:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from registrations.models import Message

    return {
        "messages": dict(Message.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")),
        "attempts": dict(Message.objects.values_list("attempts").annotate(n=Count("pk")).values_list("attempts", "n")),
        "languages": dict(Message.objects.values_list("language").annotate(n=Count("pk")).values_list("language", "n")),
        "tasks": dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")),
        "email_tasks": DBTaskResult.objects.filter(task_path__startswith="registrations.tasks.").count(),
    }


def child(argv) -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["setup", "invite", "check"])
    parser.add_argument("--guests", type=int, default=0)
    parser.add_argument("--config", type=int, default=0)
    parser.add_argument("--category", type=int, default=0)
    args = parser.parse_args(argv)
    if args.step == "setup":
        result = _child_setup(args.guests)
    elif args.step == "invite":
        result = _child_invite(args.config, args.category)
    else:
        result = _child_check()
    print("RESULT " + json.dumps(result), flush=True)


def _result_of(output: str) -> dict:
    for line in reversed(output.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"no result in:\n{output[-3000:]}")


# The benchmark -----------------------------------------------------------------------------


def _check_samples(samples) -> dict:
    import email
    import email.policy

    from icalendar import Calendar

    checked = []
    for raw in samples:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        calendars = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
        events = Calendar.from_ical(calendars[0].get_content()).walk("VEVENT") if calendars else []
        checked.append(
            {
                "to": str(message["To"]),
                "from": str(message["From"]),
                "subject": str(message["Subject"]),
                "language": str(message["Content-Language"]),
                "ics_events": len(events),
            }
        )
    return {"samples": checked}


def run() -> dict:
    from aiosmtpd.controller import Controller

    guests = int(os.environ.get("BENCH_GUESTS", "10000"))
    timeout = float(os.environ.get("BENCH_TIMEOUT", "600"))
    connections = int(os.environ.get("BENCH_EMAIL_CONNECTIONS", "4"))
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname=LOCALHOST, port=smtp_port)
    controller.start()
    worker = None
    try:
        with tempfile.TemporaryDirectory(prefix="bench-invitations-") as tmp:
            tmp = Path(tmp)
            db_path = tmp / "db.sqlite3"
            env = _settings_env(db_path, tmp / "media", smtp_port, EMAIL_CONNECTIONS=connections)
            phase = time.monotonic()
            run_command([PY, MANAGE, "migrate", "--no-input", "-v", "0"], env=env, timeout=600, label="migrate")
            migrate_s = time.monotonic() - phase
            phase = time.monotonic()
            setup_env = {**env, "TASKS_BACKEND": "immediate"}
            ids = _result_of(
                run_command(
                    [PY, "-m", "bench.invitations", "--child", "setup", "--guests", str(guests)],
                    env=setup_env,
                    timeout=600,
                    label="setup",
                )
            )
            setup_s = time.monotonic() - phase

            worker = Worker(env, tmp / "worker.log")
            worker.start()
            time.sleep(3)  # the worker is up and polling, as in production
            if worker.restarts:
                raise RuntimeError(f"db_worker does not start: {worker.log_path.read_text()[-3000:]}")
            worker.mark()
            self0 = resource.getrusage(resource.RUSAGE_SELF)

            invite = _result_of(
                run_command(
                    [
                        PY,
                        "-m",
                        "bench.invitations",
                        "--child",
                        "invite",
                        "--config",
                        str(ids["config"]),
                        "--category",
                        str(ids["category"]),
                    ],
                    env=env,
                    timeout=timeout,
                    label="invite",
                )
            )
            deadline = time.time() + timeout
            while sink.count < invite["invited"] and time.time() < deadline:
                time.sleep(0.1)
            time.sleep(1)  # anything sent twice would arrive now
            worker_cpu = worker.cpu() - worker.cpu_mark
            self1 = resource.getrusage(resource.RUSAGE_SELF)
            worker.stop()
            restarts = worker.restarts
            worker_log_tail = worker.log_path.read_text("utf-8", "replace")[-1500:] if restarts else ""
            worker = None
            check = _result_of(
                run_command([PY, "-m", "bench.invitations", "--child", "check"], env=env, timeout=120, label="check")
            )
    finally:
        if worker is not None:
            worker.stop()
        controller.stop()

    received = sink.count
    total_s = (sink.last_at - invite["started"]) if sink.last_at else None
    complete = received == invite["invited"] == guests and sink.duplicates == 0
    return {
        "benchmark": "invitations",
        "machine": machine_info(),
        "config": {
            "guests": guests,
            "database": "sqlite (file, WAL)",
            "task_backend": "django_tasks_db.DatabaseBackend, one `manage.py db_worker --interval 0.1`",
            "mail": "Django SMTP mailer → aiosmtpd on 127.0.0.1 (in the benchmark process)",
            "email_connections": connections,
            "event": f"zh-hans + en pages, venue, {SESSIONS} sessions (.ics attached to every invitation)",
        },
        "prepare": {"migrate_s": round(migrate_s, 1), "setup_s": round(setup_s, 1)},
        "invite_s": round(invite["finished"] - invite["started"], 2),
        "first_received_s": round(sink.first_at - invite["started"], 2) if sink.first_at else None,
        "send_s": round(sink.last_at - invite["finished"], 2) if sink.last_at else None,
        "total_s": round(total_s, 2) if total_s is not None else None,
        "messages_per_s": round(received / total_s, 1) if total_s else None,
        "received": received,
        "duplicates": sink.duplicates,
        "worker_restarts": restarts,
        "worker_log_tail": worker_log_tail,
        "distinct_recipients": len(sink.recipients),
        "cpu_s": {
            "inviting_process": invite["cpu_s"],
            "worker": round(worker_cpu, 2),
            "smtp_server": round((self1.ru_utime + self1.ru_stime) - (self0.ru_utime + self0.ru_stime), 2),
        },
        "outbox": check,
        **_check_samples(sink.samples),
        "target": {"total_s": f"<= {TARGET_TOTAL_S}"},
        "ok": bool(complete and total_s is not None and total_s <= TARGET_TOTAL_S),
    }


def summary(result: dict) -> str:
    return (
        f"{result['received']} of {result['config']['guests']} invitations received, "
        f"{result['duplicates']} twice; invite_guests {result['invite_s']} s, "
        f"last message after {result['total_s']} s (target ≤ {TARGET_TOTAL_S:.0f} s), "
        f"{result['messages_per_s']} messages/s; outbox {result['outbox']['messages']}; "
        f"{'OK' if result['ok'] else 'NOT OK'}"
    )


def main() -> int:
    from bench.__main__ import write_result

    started = time.monotonic()
    result = run()
    result.setdefault("elapsed_s", round(time.monotonic() - started, 1))
    path = write_result("invitations", result)
    print(summary(result))
    print(f"results in {path}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
    else:
        sys.exit(main())
