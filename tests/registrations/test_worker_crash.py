"""A worker killed with SIGKILL in the middle of a batch of invitations, against a real SMTP server.

The worker is a real process (`rqworker` with its scheduler, or `db_worker`) on the test
database, killed with its whole process group (the work-horse RQ forks included) when the
mail server has taken part of the batch. A second worker is then started, and nobody runs
anything else: the outbox sweep must see every message through by itself. Each guest gets
the invitation once, apart from at most one per connection that the server had accepted the
moment the worker died; such a second copy carries the first one's Message-ID.

PostgreSQL only: a second process cannot open the suite's in-memory SQLite database.
"""

import asyncio
import email
import email.policy
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from registrations.domain.actions import invite_guests
from registrations.models import Message
from tests.registrations.test_task_workers import REDIS_URL, free_port, guests

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker process needs a shared database"),
]

GUESTS = 40
CONNECTIONS = 4
ROOT = Path(__file__).resolve().parents[2]


class SlowSink:
    """An SMTP server that takes a tenth of a second per message, and keeps each one's Message-ID."""

    def __init__(self):
        self.received = []  # (recipient, Message-ID)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.1)
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.received.append((envelope.rcpt_tos[0], parsed["Message-ID"]))
        return "250 Message accepted for delivery"

    def snapshot(self):
        with self.lock:
            return list(self.received)


@pytest.fixture
def slow_smtp():
    sink = SlowSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def start_worker(backend: str, smtp_port: int) -> subprocess.Popen:
    settings_dict = connection.settings_dict
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
        ),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_CONNECTIONS": str(CONNECTIONS),
        "OUTBOX_SWEEP_SECONDS": "1",
        "OUTBOX_STUCK_SECONDS": "3",
        "TASKS_BACKEND": backend,
    }
    if backend == "rq":
        env["REDIS_URL"] = REDIS_URL
        command = ["rqworker", "default", "--job-class", "django_tasks_rq.Job", "--with-scheduler"]
    else:
        command = ["db_worker", "--interval=0.2", "--no-startup-delay", "--no-reload"]
    return subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the forked work-horse too
    )


def kill(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def wait_for(condition, timeout=90):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def queue(request, settings):
    backend = request.param
    settings.OUTBOX_SWEEP_SECONDS = 1
    if backend == "database":
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        yield backend
        return
    redis = pytest.importorskip("redis")
    pytest.importorskip("django_tasks_rq")
    redis_connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        redis_connection.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"no Redis on 127.0.0.1:6379 ({error})")
    redis_connection.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    try:
        yield backend
    finally:
        redis_connection.flushdb()
        redis_connection.close()


@pytest.mark.parametrize("queue", ["rq", "database"], indirect=True)
def test_a_killed_worker_sends_each_message_once_but_those_in_flight(queue, slow_smtp, config, guest_category):
    sink, port = slow_smtp
    invite_guests(event=config, people=guests(GUESTS), category=guest_category)
    worker = start_worker(queue, port)
    try:
        wait_for(lambda: len(sink.snapshot()) >= GUESTS // 3)
    finally:
        kill(worker)
    time.sleep(0.3)  # what the server was reading when the worker died is dropped, not counted
    before = sink.snapshot()
    marked = set(Message.objects.filter(status="sent").values_list("recipient", flat=True))
    delivered = {recipient for recipient, _ in before}
    assert GUESTS // 3 <= len(delivered) < GUESTS  # killed mid-batch
    # Marked the moment the server accepted it: only those on their way are unmarked.
    assert marked <= delivered
    assert len(delivered - marked) <= CONNECTIONS

    if queue == "rq":
        # The dead worker's scheduler lock would expire after a minute; the test does not wait.
        import redis

        redis.Redis.from_url(REDIS_URL).delete("rq:scheduler-lock:default")
    worker = start_worker(queue, port)
    try:
        wait_for(lambda: not Message.objects.exclude(status="sent").exists())
    finally:
        kill(worker)

    received = sink.snapshot()
    copies = Counter(recipient for recipient, _ in received)
    assert sorted(copies) == sorted(f"guest{i}@example.org" for i in range(GUESTS))
    twice = {recipient for recipient, count in copies.items() if count > 1}
    assert set(copies.values()) <= {1, 2}
    assert twice <= delivered - marked  # only those in flight when it died
    ids = {}
    for recipient, message_id in received:
        assert ids.setdefault(recipient, message_id) == message_id  # the second copy is the same message
    assert len(set(ids.values())) == GUESTS
