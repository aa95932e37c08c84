"""Background work: sending the outbox.

`send_messages` delivers a batch of messages (what one transaction queued, BATCH_SIZE at a
time) and `send_message` a single one (one message queued on its own, or a retry). Both
go through the same steps for each message:

1. claim the attempt with a conditional UPDATE, so that of two runs of the same task (a
   worker that died after claiming, the same task enqueued twice, two workers) only one
   sends: a message that is sent, or that another run is sending, is skipped; the claim
   notes the time (`claimed_at`);
2. send it outside any transaction (a slow mail server never holds a database lock),
   with the event's .ics for invitations and confirmations; to an SMTP server as bytes
   written by registrations.interfaces.mime (a fraction of the CPU of Django's
   EmailMessage), to any other mailer as an EmailMessage;
3. record the outcome the moment the mail server answers: `sent` with the time, or
   `failed` with the error. A failure the mail server may get over is tried again later
   (RETRY_DELAYS, `retry_at`) up to MAX_ATTEMPTS attempts in all; then the message stays
   `failed` and organizers see an `Activity(kind="message_failed")` on the registration.

A worker killed mid-batch therefore leaves behind only messages that are claimed and not
recorded: those it never reached, and at most one per connection that the mail server had
accepted a moment before. `sweep_outbox` runs every OUTBOX_SWEEP_SECONDS while anything is
pending, armed by the messages' own enqueueing (no cron, no command): it hands on messages
whose task was lost, makes again the attempts that a dead worker left without an outcome
for OUTBOX_STUCK_SECONDS, and retries whose scheduled task was lost. A message sent twice
that way keeps its Message-ID, so mail programs show it once.

Each sending thread of a worker process keeps its connection to the mail server open
between messages; a batch keeps up to EMAIL_CONNECTIONS of them busy at once, so the
mail server's round trips overlap with the worker's own work.
"""

import atexit
import contextlib
import logging
import smtplib
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.handler import DEFAULT_MAILER_BACKEND
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail import hooks

from registrations.domain.messages import calendar_attachment
from registrations.interfaces import mime
from registrations.interfaces.mime import Attachment
from registrations.models import Activity, Message, OutboxSweep

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Wait before attempt 2, 3, 4, 5: a minute, five minutes, half an hour, two hours.
RETRY_DELAYS = (60, 300, 1800, 7200)


@dataclass(frozen=True)
class RawEmail:
    """A message as an SMTP server receives it: envelope and bytes (registrations.interfaces.mime)."""

    sender: str
    recipient: str
    data: bytes


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    return timedelta(seconds=RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1])


@task()
def send_message(message_id: int, attempt: int | None = None) -> str:
    """Deliver one message: 'sent', 'failed', 'retrying' or 'skipped'.

    `attempt` (1 for the first) makes the task stand for one attempt only: a retry
    enqueued twice, or a retry that a manual one overtook, is skipped.
    """
    return deliver(message_id, attempt=attempt)


@task()
def send_messages(message_ids: list[int]) -> dict:
    """Deliver a batch; counts of outcomes, as send_message names them.

    The database work stays in this thread: claim a small group of queued messages in one
    transaction, record each outcome as soon as the mail server has answered. Meanwhile up
    to EMAIL_CONNECTIONS messages are on their way to the mail server at once, each over a
    connection that its sending thread keeps open.
    """
    cache = {}
    outcomes = Counter()
    pool = _senders()
    # Claimed a few at a time, so that a dying worker leaves few claimed-and-unsent behind;
    # no more on their way at once than there are connections.
    pool_size = _pool["size"] if pool is not None else 1
    group = 2 * pool_size
    in_flight = {}
    sent = []

    def settle(futures):
        for future in futures:
            message, error = in_flight.pop(future), future.exception()
            if error is None:
                sent.append(message)
            else:
                outcomes[_failed(message, error)] += 1
        # At once: a worker killed now sends again only what is still on its way.
        outcomes["sent"] += _record_sent(sent)

    for start in range(0, len(message_ids), group):
        chunk = message_ids[start : start + group]
        claimed = _claim_queued(chunk)
        outcomes["skipped"] += len(chunk) - len(claimed)
        for message in claimed:
            try:
                email = prepare(message, cache=cache)
            except Exception as error:
                outcomes[_failed(message, error)] += 1
                continue
            if pool is None:
                outcomes[_record(message, _send(email))] += 1
                continue
            in_flight[pool.submit(_mailer.send, email)] = message
            if len(in_flight) >= pool_size:
                settle(wait(in_flight, return_when=FIRST_COMPLETED).done)
    settle(wait(in_flight).done if in_flight else ())
    return {outcome: count for outcome, count in outcomes.items() if count}


def _claim_queued(message_ids) -> list[Message]:
    """Claim the first attempt of those of the messages nobody has tried yet, in one transaction."""
    with transaction.atomic():
        messages = list(
            _load(message_ids)
            .select_for_update(of=("self",))
            .filter(status=Message.Status.QUEUED, attempts=0)
            .order_by("pk")
        )
        now = timezone.now()
        Message.objects.filter(pk__in=[message.pk for message in messages]).update(attempts=1, claimed_at=now)
    for message in messages:
        message.attempts, message.claimed_at = 1, now
    return messages


def _record_sent(messages: list[Message]) -> int:
    """Record messages as sent with one UPDATE; empties the list and returns how many there were."""
    if not messages:
        return 0
    now = timezone.now()
    _update([message.pk for message in messages], status=Message.Status.SENT, sent_at=now, last_error="", retry_at=None)
    count = len(messages)
    messages.clear()
    return count


# The threads that talk to the mail server, kept by each worker process.
_pool = {"size": 0, "executor": None}
_pool_lock = threading.Lock()


def _senders() -> ThreadPoolExecutor | None:
    """A pool of EMAIL_CONNECTIONS sending threads for an SMTP mailer; None to send inline.

    Other mailers (the console, tests' memory) have no round trips to overlap.
    """
    size = max(1, int(getattr(settings, "EMAIL_CONNECTIONS", 1)))
    if size == 1 or not _smtp():
        return None
    with _pool_lock:
        if _pool["size"] != size:
            if _pool["executor"] is not None:
                _pool["executor"].shutdown(wait=True)
            _pool["executor"] = ThreadPoolExecutor(max_workers=size, thread_name_prefix="mail")
            _pool["size"] = size
        return _pool["executor"]


# One message ---------------------------------------------------------------------------


def _load(message_ids):
    """The messages, with their event's id (for the calendar), in one query."""
    return Message.objects.filter(pk__in=message_ids).annotate(event_id=F("registration__event_id"))


def deliver(message_id: int, *, attempt: int | None = None, cache: dict | None = None) -> str:
    message = _load([message_id]).first()
    if message is None:
        return "skipped"
    return _deliver(message, attempt=attempt, cache=cache)


def _claim(message: Message, attempt: int | None) -> bool:
    """Count one more attempt if this run may make it; False if the message is not ours to send.

    `message` holds the status and attempts as last read; the UPDATE only succeeds if they
    are still the same, so of two runs that read the same row only one goes on.
    """
    status, attempts = message.status, message.attempts
    if status == Message.Status.SENT:
        return False
    if attempt is None:
        # A queued message that has been attempted is being sent by someone else right now.
        if status == Message.Status.QUEUED and attempts > 0:
            return False
    elif attempts != attempt - 1:
        return False
    now = timezone.now()
    claimed = Message.objects.filter(pk=message.pk, status=status, attempts=attempts).update(
        attempts=attempts + 1, claimed_at=now, retry_at=None
    )
    if claimed:
        message.attempts, message.claimed_at, message.retry_at = attempts + 1, now, None
    return bool(claimed)


def _deliver(message: Message, *, attempt: int | None, cache: dict | None) -> str:
    if not _claim(message, attempt):
        return "skipped"
    try:
        email = prepare(message, cache=cache)
    except Exception as error:
        return _failed(message, error)
    return _record(message, _send(email))


def _send(email: RawEmail | EmailMessage) -> Exception | None:
    try:
        _mailer.send(email)
    except Exception as error:  # the mail server's reasons are many; every one is recorded
        return error
    return None


def _record(message: Message, error: Exception | None) -> str:
    if error is not None:
        return _failed(message, error)
    _save(message, status=Message.Status.SENT, sent_at=timezone.now(), last_error="", retry_at=None)
    return "sent"


def attachments(message: Message, *, cache: dict | None = None) -> list[Attachment]:
    """What the message carries: the event's .ics for invitations and confirmations, and what
    other apps add through the hook `registrations_message_attachments(message) -> list[Attachment]`
    (the QR pass, on a confirmation)."""
    found = []
    makers = [lambda message: [calendar_attachment(message, cache=cache)]]
    makers.extend(hooks.get_hooks("registrations_message_attachments"))
    for make in makers:
        try:
            found.extend(attachment for attachment in make(message) if attachment is not None)
        except Exception:  # a broken attachment must not hold the message back
            logger.exception("An attachment of message %s could not be made", message.pk)
    return found


def _headers(message: Message) -> dict:
    domain = message.sender.rpartition("@")[2].strip(" >") or "localhost"
    return {
        # The same message, sent twice after a crash, carries the same id: mail programs show it once.
        "Message-ID": f"<outbox-{message.pk}.{message.created_at:%Y%m%d%H%M%S}@{domain}>",
        "Auto-Submitted": "auto-generated",
        "Content-Language": message.language,
    }


def build_email(message: Message, *, cache: dict | None = None) -> EmailMessage:
    """The message for a mailer that is not SMTP (the console, tests' memory)."""
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=message.sender,
        to=[message.recipient],
        headers=_headers(message),
    )
    for attachment in attachments(message, cache=cache):
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    return email


def raw_email(message: Message, *, cache: dict | None = None) -> RawEmail:
    parts = cache.setdefault("mime_parts", {}) if cache is not None else None
    data = mime.render(
        sender=message.sender,
        recipient=message.recipient,
        subject=message.subject,
        body=message.body,
        headers=_headers(message),
        date=timezone.now(),
        attachments=attachments(message, cache=cache),
        parts=parts,
    )
    return RawEmail(mime.address(message.sender), mime.address(message.recipient), data)


def _smtp() -> bool:
    backend = getattr(settings, "MAILERS", {}).get("default", {}).get("BACKEND", DEFAULT_MAILER_BACKEND)
    return issubclass(import_string(backend), SMTPBackend)


def prepare(message: Message, *, cache: dict | None = None) -> RawEmail | EmailMessage:
    """What the default mailer sends: bytes for SMTP, an EmailMessage for the others."""
    return raw_email(message, cache=cache) if _smtp() else build_email(message, cache=cache)


def _permanent(error: Exception) -> bool:
    """Trying again would not help: the mail server refused for good (5xx), or the address is invalid."""
    if isinstance(error, ValueError):  # Django refuses an address it cannot encode
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500 and not isinstance(error, smtplib.SMTPAuthenticationError)
    return False


def _failed(message: Message, error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"[:2000]
    logger.warning("Message %s to %s failed (attempt %s): %s", message.pk, message.recipient, message.attempts, text)
    retry = not _permanent(error) and message.attempts < MAX_ATTEMPTS and send_message.get_backend().supports_defer
    retry_at = timezone.now() + retry_delay(message.attempts) if retry else None
    with transaction.atomic():
        _save(message, status=Message.Status.FAILED, last_error=text, retry_at=retry_at)
        if retry:
            # In the same transaction as the failure on the database queue; on another queue
            # a retry lost with it is made by the outbox sweep after `retry_at`.
            send_message.using(run_after=retry_at).enqueue(message.pk, attempt=message.attempts + 1)
        elif (message.attempts >= MAX_ATTEMPTS or _permanent(error)) and message.registration_id:
            # Given up: organizers see it in the registration's history.
            Activity.objects.create(
                registration_id=message.registration_id,
                kind=Activity.Kind.MESSAGE_FAILED,
                detail={
                    "message": message.pk,
                    "kind": message.kind,
                    "recipient": message.recipient,
                    "attempts": message.attempts,
                    "error": text[:500],
                },
            )
    return "retrying" if retry else "failed"


def _save(message: Message, **fields) -> None:
    for name, value in fields.items():
        setattr(message, name, value)
    _update([message.pk], **fields)


def _update(message_ids: list[int], **fields) -> None:
    """Record an outcome, waiting out a database busy with someone else's long transaction."""
    for pause in (0.5, 2, 5, None):
        try:
            Message.objects.filter(pk__in=message_ids).update(**fields)
            return
        except OperationalError:
            if pause is None or transaction.get_connection().in_atomic_block:
                raise
            time.sleep(pause)


# The outbox sweep ------------------------------------------------------------------------


def _seconds(name: str, default: int) -> timedelta:
    return timedelta(seconds=int(getattr(settings, name, default)))


def pending_messages():
    """Messages the outbox still owes: queued, or failed with a retry to come."""
    return Message.objects.filter(
        Q(status=Message.Status.QUEUED) | Q(status=Message.Status.FAILED, retry_at__isnull=False)
    )


def arm_sweep() -> bool:
    """Have a sweep of the outbox waiting, OUTBOX_SWEEP_SECONDS from now, unless one already is.

    The conditional UPDATE on the single OutboxSweep row lets one caller of many enqueue it.
    Queues that cannot wait (the immediate backend of tests) get no sweep.
    """
    if not sweep_outbox.get_backend().supports_defer:
        return False
    now = timezone.now()
    due = now + _seconds("OUTBOX_SWEEP_SECONDS", 60)
    armed = OutboxSweep.objects.filter(Q(due_at__isnull=True) | Q(due_at__lt=now), pk=1).update(due_at=due)
    if not armed:
        if OutboxSweep.objects.filter(pk=1).exists():
            return False
        try:
            with transaction.atomic():
                OutboxSweep.objects.create(pk=1, due_at=due)
        except IntegrityError:  # another process made the row, and armed the sweep, just now
            return False
    sweep_outbox.using(run_after=due).enqueue()
    return True


def sweep(*, lost_after: timedelta, stuck_after: timedelta, inline: bool = False) -> int:
    """Hand on what the outbox still owes and nobody is doing; returns how many messages.

    - queued and never attempted for `lost_after`: their task was lost (a queue that lost its
      data, a job dropped); another task for the same message would skip it, so none is doubled;
    - attempted with no outcome for `stuck_after`: the worker died between claim and record;
    - failed with a retry due for `stuck_after`: the retry's scheduled task was lost.
    """
    from registrations.domain.messages import enqueue_messages

    now = timezone.now()
    queued = Message.objects.filter(status=Message.Status.QUEUED).order_by("pk")
    lost = list(queued.filter(attempts=0, created_at__lte=now - lost_after).values_list("pk", flat=True))
    stuck = list(queued.filter(attempts__gt=0, claimed_at__lte=now - stuck_after).values_list("pk", "attempts")) + list(
        Message.objects.filter(status=Message.Status.FAILED, retry_at__lte=now - stuck_after)
        .order_by("pk")
        .values_list("pk", "attempts")
    )
    if stuck:
        logger.warning("Outbox sweep: %s message(s) left without an outcome, trying again", len(stuck))
    if inline:
        for pk in lost:
            deliver(pk)
        for pk, attempts in stuck:
            deliver(pk, attempt=attempts + 1)
    else:
        enqueue_messages(lost)
        for pk, attempts in stuck:
            send_message.enqueue(pk, attempt=attempts + 1)
    return len(lost) + len(stuck)


@task()
def sweep_outbox() -> int:
    """The periodic sweep: armed while the outbox owes anything, so a lost or stuck message
    is sent within OUTBOX_SWEEP_SECONDS + OUTBOX_STUCK_SECONDS without anyone doing anything."""
    OutboxSweep.objects.filter(pk=1).update(due_at=None)
    stuck_after = _seconds("OUTBOX_STUCK_SECONDS", 180)
    handed_on = sweep(lost_after=stuck_after, stuck_after=stuck_after)
    if pending_messages().exists():
        arm_sweep()
    return handed_on


# The connection to the mail server -------------------------------------------------------


class _Mailer:
    """The default mailer of MAILERS, kept open between messages by one worker thread.

    It is opened again when the MAILERS setting changes, after IDLE_SECONDS without a
    message (mail servers drop idle clients), and once when a kept connection turns out
    to have been dropped.
    """

    IDLE_SECONDS = 30

    def __init__(self):
        self._local = threading.local()
        atexit.register(self.close)

    def _config(self):
        return repr(getattr(settings, "MAILERS", {}).get("default"))

    def close(self):
        backend = getattr(self._local, "backend", None)
        self._local.backend = None
        if backend is not None:
            with contextlib.suppress(Exception):  # closing a dead connection
                backend.close()

    def _open(self):
        backend = mail.mailers.default
        backend.open()
        self._local.backend = backend
        self._local.config = self._config()
        return backend

    @staticmethod
    def _deliver(backend, email: RawEmail | EmailMessage) -> None:
        if isinstance(email, RawEmail):
            backend.connection.sendmail(email.sender, [email.recipient], email.data)
        else:
            backend.send_messages([email])

    def send(self, email: RawEmail | EmailMessage) -> None:
        local = self._local
        backend = getattr(local, "backend", None)
        if backend is not None and (
            local.config != self._config() or time.monotonic() - local.used > self.IDLE_SECONDS
        ):
            self.close()
            backend = None
        reused = backend is not None
        if backend is None:
            backend = self._open()
        try:
            self._deliver(backend, email)
        except (smtplib.SMTPServerDisconnected, ConnectionResetError, BrokenPipeError):
            self.close()
            if not reused:
                raise
            self._deliver(self._open(), email)
        except Exception:
            self.close()  # the connection may be in any state now
            raise
        finally:
            local.used = time.monotonic()


_mailer = _Mailer()
