"""The real task workers deliver the outbox to a real SMTP server.

Invitations are queued by `invite_guests` in a transaction that really commits; a worker
then runs the tasks and a local SMTP server (aiosmtpd) receives the mail:
- the database queue, run by django-tasks-db's `db_worker` command;
- RQ on the local Redis (database 15, flushed), run by an RQ worker with django-tasks-rq's
  job class; skipped when no Redis answers on 127.0.0.1:6379.
"""

import email
import email.policy
import os
import socket
import threading
from datetime import timedelta
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from registrations.domain.actions import invite_guests
from registrations.models import Message
from tests.registrations.conftest import make_person

SWEEP = "registrations.tasks.sweep_outbox"

# Real workers need committed data; serialized rollback gives later tests the migrated rows back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# One Redis database for each pytest-xdist worker (gw0 → 15, gw1 → 14...): each flushes its own.
# TEST_REDIS_DB moves the first one down, so that two checkouts on one machine can run the suite at once.
_FIRST_REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "15"))
REDIS_URL = (
    f"redis://127.0.0.1:6379/{_FIRST_REDIS_DB - int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0').removeprefix('gw'))}"
)


class Sink:
    """An SMTP server's mailbox: every message it accepted, parsed; recipients it defers (451)."""

    def __init__(self):
        self.received = []
        self.deferred = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.deferred:
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.received.append((envelope.rcpt_tos, parsed))
        return "250 Message accepted for delivery"

    def by_recipient(self):
        return {rcpt_tos[0]: message for rcpt_tos, message in self.received}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1, and the default mailer pointing at it."""
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        yield sink
    finally:
        controller.stop()


def guests(count):
    return [
        make_person(
            i,
            family_name="王" if i % 2 else "Smith",
            given_name="小明" if i % 2 else f"Anna{i}",
            language="zh-hans" if i % 2 else "en",
            email=f"guest{i}@example.org",
        )
        for i in range(count)
    ]


def assert_delivered(sink, count, forum_page):
    received = sink.by_recipient()
    assert sorted(received) == sorted(f"guest{i}@example.org" for i in range(count))
    for i in range(count):
        message = received[f"guest{i}@example.org"]
        if i % 2:
            assert "2027一带一路湘江论坛" in message["Subject"]
            assert str(message["From"]) == "湘江论坛组委会 <forum@example.org>"
        else:
            assert message["Subject"] == "Invitation: 2027 Xiangjiang Forum"
        [calendar_part] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
        [event] = Calendar.from_ical(calendar_part.get_content()).walk("VEVENT")
        assert str(event["UID"]).startswith(f"event-{forum_page.translation_key}@")
    statuses = set(Message.objects.values_list("status", "attempts"))
    assert statuses == {("sent", 1)}


# The database queue -----------------------------------------------------------------------


def run_db_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", "--no-reload", stdout=StringIO())


@pytest.mark.parametrize("connections", [1, 4])
def test_db_worker_delivers_invitations(connections, settings, smtp, config, guest_category, forum_page):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_CONNECTIONS = connections  # one after another, or four at once
    invite_guests(event=config, people=guests(5), category=guest_category)
    assert smtp.received == []  # nothing is sent by the request itself
    assert set(Message.objects.values_list("status", flat=True)) == {"queued"}
    assert DBTaskResult.objects.ready().exclude(task_path=SWEEP).count() == 1  # one batch

    run_db_worker()

    assert_delivered(smtp, 5, forum_page)
    assert set(DBTaskResult.objects.exclude(task_path=SWEEP).values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_db_worker_retries_a_deferred_message_later(settings, smtp, config, guest_category, forum_page):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    smtp.deferred = {"guest1@example.org"}
    invite_guests(event=config, people=guests(3), category=guest_category)
    run_db_worker()

    deferred = Message.objects.get(recipient="guest1@example.org")
    assert (deferred.status, deferred.attempts) == ("failed", 1)
    assert "451" in deferred.last_error
    assert sorted(smtp.by_recipient()) == ["guest0@example.org", "guest2@example.org"]
    [retry] = DBTaskResult.objects.filter(task_path="registrations.tasks.send_message")
    assert retry.status == "READY"
    assert retry.run_after > timezone.now()  # the worker left it for later

    smtp.deferred = set()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    run_db_worker()
    deferred.refresh_from_db()
    assert (deferred.status, deferred.attempts) == ("sent", 2)
    assert sorted(smtp.by_recipient()) == [f"guest{i}@example.org" for i in range(3)]


def test_db_worker_sends_nothing_twice(settings, smtp, config, guest_category, forum_page):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    invite_guests(event=config, people=guests(2), category=guest_category)
    [task] = DBTaskResult.objects.exclude(task_path=SWEEP)
    run_db_worker()
    # The same task again (a worker that died before recording its result, say).
    DBTaskResult.objects.create(
        args_kwargs=task.args_kwargs, task_path=task.task_path, queue_name=task.queue_name, backend_name="default"
    )
    call_command("send_pending_messages", "--older-than=0", stdout=StringIO())
    run_db_worker()
    assert len(smtp.received) == 2


# RQ on Redis --------------------------------------------------------------------------


@pytest.fixture
def redis_queue(settings):
    redis = pytest.importorskip("redis")
    pytest.importorskip("django_tasks_rq")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"no Redis on 127.0.0.1:6379 for the RQ worker test ({error})")
    connection.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    try:
        yield connection
    finally:
        connection.flushdb()
        connection.close()


def run_rq_worker(connection):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue = django_rq.get_queue("default", job_class=Job)
    # In this process (SimpleWorker does not fork), so it sees the test database.
    worker = SimpleWorker([queue], connection=connection, job_class=Job)
    worker.work(burst=True, logging_level="WARNING")
    return queue


def test_rq_worker_delivers_invitations(redis_queue, smtp, config, guest_category, forum_page):
    invite_guests(event=config, people=guests(5), category=guest_category)
    assert smtp.received == []
    queue = run_rq_worker(redis_queue)
    assert_delivered(smtp, 5, forum_page)
    assert queue.count == 0
    assert queue.failed_job_registry.count == 0


def test_rq_worker_schedules_a_retry(redis_queue, smtp, config, guest_category, forum_page):
    from rq.registry import ScheduledJobRegistry

    smtp.deferred = {"guest0@example.org"}
    invite_guests(event=config, people=guests(2), category=guest_category)
    queue = run_rq_worker(redis_queue)
    deferred = Message.objects.get(recipient="guest0@example.org")
    assert (deferred.status, deferred.attempts) == ("failed", 1)
    scheduled = ScheduledJobRegistry(queue=queue)
    jobs = {queue.fetch_job(job_id).func_name: queue.fetch_job(job_id) for job_id in scheduled.get_job_ids()}
    assert sorted(jobs) == ["registrations.tasks.send_message", SWEEP]
    job = jobs["registrations.tasks.send_message"]
    assert (list(job.args), job.kwargs) == ([deferred.pk], {"attempt": 2})
    assert scheduled.get_scheduled_time(job) > timezone.now()
