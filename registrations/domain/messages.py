"""Emails to guests: rendered in the guest's language, kept in the outbox, sent after commit.

`queue_message` writes one row of the outbox (`Message`) with the subject and body already
rendered, in the guest's language and from the brand's sender identity. Nothing is sent
inside the transaction: the messages written in one transaction are handed to the task
queue together once it commits (`registrations.tasks`), and a rolled-back transaction
leaves neither a message nor a task behind.

Rendering is the hot path of `invite_guests` (ten thousand calls in one transaction), so
what is the same for every guest of one event in one language (the page's translation,
the brand, the venue, the organizers' templates) is looked up once per transaction.
"""

import string
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import formats, timezone, translation

from events.localize import localized
from registrations.interfaces.mime import Attachment
from registrations.models import Message, MessageTemplate

# The personal page each kind of message links to; every other kind links to the RSVP page.
LINK_VIEWS = {Message.Kind.CONFIRMATION: "registrations:pass"}
# Messages a guest may want in a calendar: they carry the event's .ics.
CALENDAR_KINDS = frozenset({Message.Kind.INVITATION, Message.Kind.CONFIRMATION})
# What organizers may write in their own templates (MessageTemplate).
PLACEHOLDERS = ("name", "event", "start", "venue", "link", "deadline", "sender")
# How many messages one sending task delivers over one mail-server connection.
BATCH_SIZE = 100


def guest_language(person) -> str:
    return "zh-hans" if (person.language or "").lower().startswith("zh") else "en"


# Safe formatting of organizers' templates ------------------------------------------------


class _Placeholder(str):
    """An unknown placeholder: it prints as it was written, format spec included."""

    def __format__(self, spec):
        return f"{self[:-1]}:{spec}}}" if spec else str(self)


class _Values(dict):
    def __missing__(self, key):
        return _Placeholder(f"{{{key}}}")


class _SafeFormatter(string.Formatter):
    """str.format for text written by organizers: never raises, never reaches into objects.

    Unknown or positional placeholders ({0}, {title}), attribute and index access
    ({name.__class__}, {name[0]}) and bad conversions or format specs are left as written.
    """

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            return _Placeholder(f"{{{field_name}}}"), field_name
        return kwargs[field_name], field_name

    def convert_field(self, value, conversion):
        try:
            return super().convert_field(value, conversion)
        except ValueError:
            return value

    def format_field(self, value, format_spec):
        try:
            return format(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


_formatter = _SafeFormatter()


def fill(template: str, values: dict) -> str:
    """Put `values` into `template`'s {placeholders}; unknown ones and stray braces stay as written."""
    try:
        return _formatter.vformat(template, (), _Values(values))
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        # Unbalanced braces ("{name", "}") make the whole string unparseable: replace
        # the placeholders that are well formed and leave the rest alone.
        result = template
        for key, value in values.items():
            result = result.replace(f"{{{key}}}", str(value))
        return result


# What is the same for every guest of one event in one language ---------------------------


def _address(name: str, email: str) -> str:
    """ "Name <address>", quoted when the name has characters with a meaning in addresses."""
    name = " ".join((name or "").split())
    if not email:
        return settings.DEFAULT_FROM_EMAIL
    if not name:
        return email
    if any(char in name for char in '()<>@,;:\\".[]'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{email}>"


def _event_page(config, language: str):
    """The event page in `language` if it is published in it, else the page registrations hang on."""
    from events.models import EventPage

    source = config.event
    if source.locale.language_code == language:
        return source
    page = (
        EventPage.objects.live()
        .filter(translation_key=source.translation_key, locale__language_code=language)
        .select_related("locale", "venue")
        .first()
    )
    return page or source


@dataclass
class EventMail:
    """One event as its guests of one language see it in their email."""

    language: str
    page: object  # the event page in that language (or the source page when not translated)
    brand: object
    venue: object
    sender: str
    sender_name: str
    start: str
    rsvp_deadline: str
    templates: dict = field(default_factory=dict)  # kind -> MessageTemplate

    @classmethod
    def load(cls, config, language: str) -> "EventMail":
        from wagtail.models import Locale

        page = _event_page(config, language)
        locale = Locale.objects.filter(language_code=language).first()
        locale = locale or page.locale
        brand = localized(config.event.brand, locale)
        venue = localized(page.venue, locale) if page.venue_id else None
        with translation.override(language):
            start = formats.date_format(timezone.localtime(page.start), "DATETIME_FORMAT")
            deadline = (
                formats.date_format(timezone.localtime(config.rsvp_deadline), "DATETIME_FORMAT")
                if config.rsvp_deadline
                else ""
            )
        return cls(
            language=language,
            page=page,
            brand=brand,
            venue=venue,
            sender=_address(brand.sender_name, brand.sender_email),
            sender_name=brand.sender_name,
            start=start,
            rsvp_deadline=deadline,
            templates=_templates(brand, language),
        )


def _templates(brand, language: str) -> dict:
    """The organizers' own wording by kind: the brand's (in any of its translations), else the office-wide one.

    Among a brand's translations, the template attached to the brand in the guest's own
    language wins.
    """
    from django.db.models import Q

    candidates = MessageTemplate.objects.filter(
        Q(brand__translation_key=brand.translation_key) | Q(brand__isnull=True), language=language
    ).select_related("brand")

    def rank(template):
        if template.brand_id is None:
            return 2
        return 0 if template.brand.locale_id == brand.locale_id else 1

    chosen = {}
    for template in sorted(candidates, key=lambda t: (rank(t), t.pk)):
        chosen.setdefault(template.kind, template)
    return chosen


# The outbox of the current transaction -------------------------------------------------


class _Outbox:
    """Messages written in one transaction; they go to the task queue together once it commits.

    It also holds the lookups shared by the transaction's messages (`EventMail` per event
    and language), so they live exactly as long as the transaction.
    """

    def __init__(self, using: str):
        self.using = using
        self.message_ids: list[int] = []
        self.cache: dict = {}
        self.index = -1  # where this outbox sits in the connection's list of on-commit callbacks
        self.done = False

    def __call__(self):
        self.done = True
        enqueue_messages(self.message_ids, using=self.using)


_local = threading.local()


def _current_outbox(using: str = DEFAULT_DB_ALIAS) -> _Outbox | None:
    """The outbox of the transaction in progress, registered for its commit; None in autocommit.

    Django keeps the transaction's on-commit callbacks in `connection.run_on_commit` (the
    list its own test tools read) and drops them on rollback, so the outbox is still
    pending exactly when it is still at its place in that list. Checking that place costs
    nothing, however many callbacks the transaction registers.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return None
    outbox = getattr(_local, "outbox", None)
    callbacks = connection.run_on_commit
    if (
        outbox is None
        or outbox.done
        or outbox.using != using
        or outbox.index >= len(callbacks)
        or callbacks[outbox.index][1] is not outbox
    ):
        outbox = _Outbox(using)
        # robust: a task queue that is down must not turn a committed action into an error;
        # the messages stay queued, and the next outbox sweep (or `send_pending_messages`) sends them.
        transaction.on_commit(outbox, using=using, robust=True)
        outbox.index = len(connection.run_on_commit) - 1
        _local.outbox = outbox
    return outbox


def enqueue_messages(message_ids, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Hand queued messages to the task queue, up to BATCH_SIZE per task; returns the number of tasks."""
    from registrations.tasks import arm_sweep, send_message, send_messages

    ids = list(message_ids)
    if not ids:
        return 0
    # Messages rolled back with a savepoint, or already sent, need no task.
    ids = [
        pk
        for start in range(0, len(ids), 500)
        for pk in Message.objects.using(using)
        .filter(pk__in=ids[start : start + 500], status=Message.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    ]
    chunks = [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]
    # One transaction for all the tasks (the database queue writes one row for each).
    with transaction.atomic(using=using):
        for chunk in chunks:
            if len(chunk) == 1:
                send_message.enqueue(chunk[0])
            else:
                send_messages.enqueue(chunk)
        # Whatever becomes of these tasks, the outbox sweep sees the messages through.
        arm_sweep()
    return len(chunks)


# Rendering -------------------------------------------------------------------------------


def _event_mail(registration, language: str, cache: dict | None) -> EventMail:
    key = (registration.event_id, language)
    if cache is None:
        return EventMail.load(registration.event, language)
    mail = cache.get(key)
    if mail is None:
        mail = cache[key] = EventMail.load(registration.event, language)
    return mail


def placeholder_values(registration, kind: str, mail: EventMail) -> dict:
    """The values organizers' templates (and the built-in ones) may use, in the guest's language."""
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        LINK_VIEWS.get(kind, "registrations:rsvp"), args=[registration.token]
    )
    if kind == Message.Kind.OFFER and registration.offer_expires_at:
        deadline = formats.date_format(timezone.localtime(registration.offer_expires_at), "DATETIME_FORMAT")
    else:
        deadline = mail.rsvp_deadline
    return {
        "name": registration.person.display_name,
        "event": mail.page.title,
        "start": mail.start,
        "venue": str(mail.venue) if mail.venue else "",
        "link": link,
        "deadline": deadline,
        "sender": mail.sender_name,
    }


def render_message(registration, kind: str, *, language: str | None = None, cache: dict | None = None):
    """(language, sender, subject, body) of one message to the registration's guest."""
    person = registration.person
    language = language or guest_language(person)
    mail = _event_mail(registration, language, cache)
    with translation.override(language):
        values = placeholder_values(registration, kind, mail)
        own = mail.templates.get(kind)
        if own is not None:
            subject, body = fill(own.subject, values), fill(own.body, values)
        else:
            context = {**values, "registration": registration, "person": person, "page": mail.page}
            subject = get_template(f"registrations/email/{kind}_subject.txt").render(context)
            body = get_template(f"registrations/email/{kind}.txt").render(context)
    subject = " ".join(subject.split())[: Message._meta.get_field("subject").max_length]
    return language, mail.sender, subject, body.strip() + "\n"


def _build(registration, kind: str, cache: dict | None) -> Message | None:
    person = registration.person
    if not person.email:
        return None
    language, sender, subject, body = render_message(registration, kind, cache=cache)
    return Message(
        registration=registration,
        kind=kind,
        language=language,
        sender=sender,
        recipient=person.email,
        subject=subject,
        body=body,
    )


def _queued(messages: list[Message], outbox: _Outbox | None) -> None:
    if outbox is None:  # autocommit: the rows are already committed
        enqueue_messages([message.pk for message in messages])
    else:
        outbox.message_ids.extend(message.pk for message in messages)


def queue_message(registration, kind: str, *, cache: dict | None = None) -> Message | None:
    """Write the message to the outbox now; the task queue sends it once the transaction commits.

    None if the guest has no email address. `cache` (any dict) shares lookups between calls
    outside a transaction; inside one, the transaction's own cache is used.
    """
    outbox = _current_outbox()
    if cache is None and outbox is not None:
        cache = outbox.cache
    message = _build(registration, kind, cache)
    if message is None:
        return None
    message.save(force_insert=True)
    _queued([message], outbox)
    return message


def queue_messages(registrations, kind: str) -> list[Message]:
    """`queue_message` for many registrations, written with one INSERT per 500 messages.

    For mass mailings (inviting thousands in one transaction): the same messages, a
    fraction of the queries. Guests without an email address are left out.
    """
    outbox = _current_outbox()
    cache = outbox.cache if outbox is not None else {}
    messages = [m for m in (_build(registration, kind, cache) for registration in registrations) if m is not None]
    messages = Message.objects.bulk_create(messages, batch_size=500)
    _queued(messages, outbox)
    return messages


# The .ics parts this process made lately: (event, language) -> (page version, made at, part).
_calendars: dict = {}
CALENDAR_SECONDS = 300  # a changed venue (a snippet, not the page) shows within this time


def calendar_attachment(message, *, cache: dict | None = None) -> Attachment | None:
    """The event's .ics as an attachment, for the kinds of message that carry one; else None.

    Built by `events.calendars.event_response`, the code that serves the public calendar
    files, so the UIDs are the same and a calendar app merges the two. It needs no request:
    Wagtail makes the page's full URL from its Site. `message.event_id` may be annotated on
    the message to spare a query.

    Making the file takes a good part of a second, so a worker keeps it while the page is
    not published again, up to CALENDAR_SECONDS; `cache` (any dict) keeps it, unchecked,
    for the messages of one sending batch.
    """
    if message.kind not in CALENDAR_KINDS or message.registration_id is None:
        return None
    from events.calendars import event_response
    from registrations.models import EventConfig

    event_id = getattr(message, "event_id", None) or message.registration.event_id
    key = (event_id, message.language)
    if cache is not None and ("ics", key) in cache:
        return cache["ics", key]
    config = EventConfig.objects.select_related("event__locale").get(pk=event_id)
    page = _event_page(config, message.language)
    version = (page.pk, page.last_published_at, page.latest_revision_created_at)
    now = time.monotonic()
    known = _calendars.get(key)
    if known is not None and known[0] == version and now - known[1] < CALENDAR_SECONDS:
        attachment = known[2]
    else:
        attachment = Attachment(f"{page.slug}.ics", event_response(None, page).content, "text/calendar")
        if len(_calendars) > 100:
            _calendars.clear()
        _calendars[key] = (version, now, attachment)
    if cache is not None:
        cache["ics", key] = attachment
    return attachment
