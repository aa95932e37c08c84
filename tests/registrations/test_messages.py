"""Email to guests: the guest's language, the brand's sender, organizers' wording, sending after commit,
the outbox's delivery status, retries, and the event's calendar attached."""

import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from events.models import EventPage
from registrations.domain.actions import accept_offer, apply, cancel, decide, invite_guests
from registrations.domain.messages import _Outbox, fill, queue_message, queue_messages
from registrations.models import Activity, Message, MessageTemplate, Registration, Status
from registrations.tasks import MAX_ATTEMPTS, RETRY_DELAYS, send_message, send_messages
from tests.factories import translate
from tests.registrations.conftest import make_person

pytestmark = pytest.mark.django_db

BASE = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


class RejectingBackend(BaseEmailBackend):
    """A mail server that knows the mailbox does not exist."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"5.1.1 No such user")})


class BadAddressBackend(BaseEmailBackend):
    """What Django's SMTP mailer does with an address it cannot encode."""

    def send_messages(self, messages):
        raise ValueError(f"Invalid address {messages[0].to[0]!r}")


def mailer(backend):
    return {"default": {"BACKEND": f"{__name__}.{backend.__name__}"}}


@pytest.fixture
def invite(config, guest_category, django_capture_on_commit_callbacks):
    """Invite people and run what waits for the commit (the immediate task queue then sends)."""

    def invite(*people):
        with django_capture_on_commit_callbacks(execute=True):
            return invite_guests(event=config, people=people, category=guest_category)

    return invite


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a domain action as if its transaction committed (the test's own never does)."""

    def commit(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return commit


def english_guest(n=0, **fields):
    values = {"family_name": "Smith", "given_name": "Anna", "email": f"anna{n}@example.org", "language": "en"}
    return make_person(n, **(values | fields))


def chinese_guest(n=0, **fields):
    values = {"family_name": "王", "given_name": "小明", "email": f"wang{n}@example.cn", "language": "zh-hans"}
    return make_person(n, **(values | fields))


# Language, sender and wording --------------------------------------------------------------


def test_english_guest_gets_the_invitation_in_english(invite, mailoutbox, config):
    config.rsvp_deadline = timezone.now() + timedelta(days=10)
    config.save()
    [registration] = invite(english_guest())
    [email] = mailoutbox
    message = Message.objects.get(registration=registration)
    assert message.language == "en"
    assert email.subject == message.subject == "Invitation: 2027 Xiangjiang Forum"
    assert email.to == ["anna0@example.org"]
    assert email.body.startswith("Dear Anna Smith,\n\nWe have the honour to invite you to 2027 Xiangjiang Forum, ")
    assert f"{BASE}/en/rsvp/{registration.token}/\n" in email.body
    assert "We would be grateful for your answer by " in email.body
    assert email.body.rstrip().endswith("With best regards,\n湘江论坛组委会")
    assert email.extra_headers["Content-Language"] == "en"


def test_chinese_guest_gets_the_chinese_title_and_link(invite, mailoutbox, forum_page):
    [registration] = invite(chinese_guest())
    [email] = mailoutbox
    assert Message.objects.get(registration=registration).language == "zh-hans"
    assert forum_page.title == "2027一带一路湘江论坛"
    assert forum_page.title in email.subject
    assert "2027 Xiangjiang Forum" not in email.subject + email.body
    assert "王小明" in email.body
    assert f"{BASE}/zh-hans/rsvp/{registration.token}/" in email.body


def test_each_guest_in_their_own_language_in_one_invitation_run(invite, mailoutbox):
    invite(english_guest(1), chinese_guest(2), english_guest(3))
    by_recipient = {email.to[0]: email for email in mailoutbox}
    assert by_recipient["anna1@example.org"].subject == "Invitation: 2027 Xiangjiang Forum"
    assert by_recipient["anna3@example.org"].subject == "Invitation: 2027 Xiangjiang Forum"
    assert "2027一带一路湘江论坛" in by_recipient["wang2@example.cn"].subject


def test_sender_is_the_brand_in_the_guests_language(invite, mailoutbox, forum_page, locales):
    translate(
        forum_page.brand, locales["en"], sender_name="Xiangjiang Forum Secretariat", sender_email="forum-en@example.org"
    )
    invite(english_guest(1), chinese_guest(2))
    senders = {email.to[0]: email.from_email for email in mailoutbox}
    assert senders == {
        "anna1@example.org": "Xiangjiang Forum Secretariat <forum-en@example.org>",
        "wang2@example.cn": "湘江论坛组委会 <forum@example.org>",
    }
    english = next(email for email in mailoutbox if email.to == ["anna1@example.org"])
    assert english.body.rstrip().endswith("Xiangjiang Forum Secretariat")


def test_a_sender_name_with_special_characters_is_quoted(invite, mailoutbox, forum_page):
    forum_page.brand.sender_name = "Forum Office, Hunan"
    forum_page.brand.save()
    invite(english_guest())
    assert mailoutbox[0].from_email == '"Forum Office, Hunan" <forum@example.org>'


def test_organizers_template_fills_placeholders(invite, mailoutbox, forum_page, locales, config):
    config.rsvp_deadline = timezone.now() + timedelta(days=10)
    config.save()
    brand_en = translate(forum_page.brand, locales["en"], sender_name="Forum Secretariat")
    # Attached to the Chinese brand: it applies to the brand in every language.
    MessageTemplate.objects.create(
        brand=forum_page.brand,
        kind="invitation",
        language="en",
        subject="{event}: an invitation for {name}",
        body=(
            "Dear {name},\n{event} opens on {start} at {venue}.\nAnswer at {link} by {deadline}.\n{sender}\n"
            "Kept as written: {title} {0} {name.__class__} {name[0]} {name!z} {start:%Y}"
        ),
    )
    [registration] = invite(english_guest())
    [email] = mailoutbox
    assert brand_en.pk != forum_page.brand.pk
    assert email.subject == "2027 Xiangjiang Forum: an invitation for Anna Smith"
    lines = email.body.splitlines()
    assert lines[0] == "Dear Anna Smith,"
    assert lines[1].startswith("2027 Xiangjiang Forum opens on ")
    assert lines[1].endswith(" at .")  # the event has no venue
    assert lines[2].startswith(f"Answer at {BASE}/en/rsvp/{registration.token}/ by ")
    assert lines[2] != f"Answer at {BASE}/en/rsvp/{registration.token}/ by ."
    assert lines[3] == "Forum Secretariat"
    assert lines[4].startswith("Kept as written: {title} {0} {name.__class__} {name[0]} Anna Smith ")


def test_brand_template_wins_over_the_office_wide_one_which_wins_over_built_in(invite, mailoutbox, forum_page):
    MessageTemplate.objects.create(brand=None, kind="invitation", language="en", subject="Office: {event}", body="B")
    MessageTemplate.objects.create(brand=None, kind="reminder", language="en", subject="Office reminder", body="B")
    MessageTemplate.objects.create(
        brand=forum_page.brand, kind="invitation", language="en", subject="Forum: {event}", body="B"
    )
    MessageTemplate.objects.create(
        brand=forum_page.brand, kind="invitation", language="zh-hans", subject="论坛：{event}", body="B"
    )
    invite(english_guest(1), chinese_guest(2))
    subjects = {email.to[0]: email.subject for email in mailoutbox}
    assert subjects == {
        "anna1@example.org": "Forum: 2027 Xiangjiang Forum",
        "wang2@example.cn": "论坛：2027一带一路湘江论坛",
    }


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Hello {name}", "Hello Ann"),
        ("Hello {nobody}", "Hello {nobody}"),
        ("{0} {} {name.upper} {name[0]}", "{0} {} {name.upper} {name[0]}"),
        ("{name!r} {name!q}", "'Ann' Ann"),
        ("{name:>5}|{nobody:>5}|{name:%Y}", "  Ann|{nobody:>5}|Ann"),
        ("Unbalanced {name", "Unbalanced {name"),
        ("{name}} and {{name}}", "Ann} and {Ann}"),
        ("", ""),
    ],
)
def test_fill_never_raises(template, expected):
    assert fill(template, {"name": "Ann"}) == expected


# After the commit, through the queue --------------------------------------------------------


def test_nothing_is_queued_or_sent_when_the_transaction_rolls_back(
    config, guest_category, mailoutbox, django_capture_on_commit_callbacks
):
    def invite_then_fail(person):
        with transaction.atomic():
            invite_guests(event=config, people=[person], category=guest_category)
            assert Message.objects.count() == 1
            raise RuntimeError("the organizer's import failed half-way")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        invite_then_fail(english_guest(1))
    assert not [c for c in callbacks if isinstance(c, _Outbox)]
    assert Message.objects.count() == 0
    assert mailoutbox == []
    # The next transaction gets an outbox of its own.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invite_guests(event=config, people=[english_guest(2)], category=guest_category)
    assert len([c for c in callbacks if isinstance(c, _Outbox)]) == 1
    assert [email.to for email in mailoutbox] == [["anna2@example.org"]]


def test_nothing_is_sent_before_the_commit(config, guest_category, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite_guests(event=config, people=[english_guest(1), english_guest(2)], category=guest_category)
    assert mailoutbox == []
    assert set(Message.objects.values_list("status", flat=True)) == {"queued"}
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 2


def test_a_savepoint_rolled_back_takes_its_messages_along(
    config, guest_category, mailoutbox, django_capture_on_commit_callbacks
):
    def invite_then_fail(person):
        with transaction.atomic():
            invite_guests(event=config, people=[person], category=guest_category)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        invite_guests(event=config, people=[english_guest(1)], category=guest_category)
        with pytest.raises(RuntimeError):
            invite_then_fail(english_guest(2))
        invite_guests(event=config, people=[english_guest(3)], category=guest_category)
    assert sorted(email.to[0] for email in mailoutbox) == ["anna1@example.org", "anna3@example.org"]


def test_one_transaction_hands_its_messages_to_the_queue_in_batches(
    config, guest_category, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = DATABASE_QUEUE
    people = [english_guest(i) for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        invite_guests(event=config, people=people, category=guest_category)
    [task, sweep] = DBTaskResult.objects.order_by("enqueued_at")
    assert task.task_path == "registrations.tasks.send_messages"
    assert task.args_kwargs["args"] == [sorted(Message.objects.values_list("pk", flat=True))]
    # And the outbox sweep, a minute later, sees them through whatever becomes of that task.
    assert sweep.task_path == "registrations.tasks.sweep_outbox"
    assert timedelta(seconds=55) < sweep.run_after - timezone.now() <= timedelta(seconds=60)


def test_queue_message_on_its_own(config, guest_category, mailoutbox, commit):
    registration = Registration.objects.create(
        event=config, person=english_guest(), category=guest_category, status=Status.INVITED
    )
    message = commit(queue_message, registration=registration, kind="reminder")
    message.refresh_from_db()
    assert message.status == "sent"
    assert mailoutbox[0].subject == "Reminder: your invitation to 2027 Xiangjiang Forum"


def test_queue_messages_writes_many_at_once(config, guest_category, mailoutbox, commit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = [english_guest(1), chinese_guest(2), english_guest(3, email="")]
    registrations = [
        Registration.objects.create(event=config, person=person, category=guest_category, status=Status.INVITED)
        for person in people
    ]
    with CaptureQueriesContext(connection) as queries:
        messages = commit(queue_messages, registrations=registrations, kind="reminder")
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "registrations_message"')]
    assert len(inserts) == 1
    assert [m.language for m in messages] == ["en", "zh-hans"]
    assert sorted(email.to[0] for email in mailoutbox) == ["anna1@example.org", "wang2@example.cn"]
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}


def test_a_guest_without_email_gets_no_message(invite, mailoutbox):
    invite(english_guest(email=""))
    assert Message.objects.count() == 0


# Delivery status, retries, idempotency --------------------------------------------------


def test_outbox_records_the_delivery(invite, mailoutbox):
    before = timezone.now()
    [registration] = invite(english_guest())
    message = Message.objects.get(registration=registration)
    assert (message.status, message.attempts, message.last_error) == ("sent", 1, "")
    assert before <= message.sent_at <= timezone.now()


def test_a_message_is_never_sent_twice(invite, mailoutbox):
    [registration] = invite(english_guest())
    message = Message.objects.get(registration=registration)
    assert send_message.call(message.pk) == "skipped"
    assert send_message.call(message.pk, attempt=1) == "skipped"
    assert len(mailoutbox) == 1
    assert Message.objects.get(pk=message.pk).attempts == 1


def test_an_attempt_in_progress_is_not_taken_over(
    config, guest_category, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        [registration] = invite_guests(event=config, people=[english_guest()], category=guest_category)
    message = Message.objects.get(registration=registration)
    Message.objects.filter(pk=message.pk).update(attempts=1)  # another worker claimed it and is sending
    assert send_message.call(message.pk) == "skipped"
    assert mailoutbox == []


def test_a_batch_sends_only_what_nobody_else_has(
    config, guest_category, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        invite_guests(event=config, people=[english_guest(i) for i in range(4)], category=guest_category)
    first, second, third, fourth = Message.objects.order_by("pk")
    Message.objects.filter(pk=first.pk).update(status="sent", attempts=1)  # sent already
    Message.objects.filter(pk=second.pk).update(attempts=1)  # another worker is sending it
    fourth.delete()  # gone with its registration
    ids = [first.pk, second.pk, third.pk, fourth.pk]
    assert send_messages.call(ids) == {"sent": 1, "skipped": 3}
    assert [email.to for email in mailoutbox] == [["anna2@example.org"]]
    assert send_messages.call(ids) == {"skipped": 4}


def test_a_failure_is_recorded_and_retried_later_then_organizers_are_told(
    config, guest_category, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    settings.MAILERS = mailer(RefusingBackend)
    with django_capture_on_commit_callbacks(execute=True):
        [registration] = invite_guests(event=config, people=[english_guest()], category=guest_category)
    message = Message.objects.get(registration=registration)
    DBTaskResult.objects.all().delete()  # the first task: the worker runs it below

    before = timezone.now()
    assert send_message.call(message.pk) == "retrying"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.last_error.startswith("ConnectionRefusedError")
    [retry] = DBTaskResult.objects.all()
    assert retry.task_path == "registrations.tasks.send_message"
    assert retry.args_kwargs == {"args": [message.pk], "kwargs": {"attempt": 2}}
    assert before + timedelta(seconds=RETRY_DELAYS[0]) <= retry.run_after <= timezone.now() + timedelta(minutes=1)
    assert not DBTaskResult.objects.ready().exists()  # it waits
    assert not Activity.objects.filter(kind="message_failed").exists()

    for attempt in range(2, MAX_ATTEMPTS):
        assert send_message.call(message.pk, attempt=attempt) == "retrying"
    assert send_message.call(message.pk, attempt=3) == "skipped"  # a stale retry
    DBTaskResult.objects.all().delete()
    assert send_message.call(message.pk, attempt=MAX_ATTEMPTS) == "failed"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", MAX_ATTEMPTS)
    assert not DBTaskResult.objects.exists()  # no more retries
    [activity] = Activity.objects.filter(registration=registration, kind="message_failed")
    assert activity.detail["message"] == message.pk
    assert activity.detail["recipient"] == "anna0@example.org"
    assert activity.detail["error"].startswith("ConnectionRefusedError")


@pytest.mark.parametrize(
    ("backend", "error"), [(RejectingBackend, "5.1.1 No such user"), (BadAddressBackend, "Invalid")]
)
def test_a_mailbox_that_cannot_exist_is_not_tried_again(
    backend, error, config, guest_category, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    settings.MAILERS = mailer(backend)
    with django_capture_on_commit_callbacks(execute=True):
        [registration] = invite_guests(event=config, people=[english_guest()], category=guest_category)
    message = Message.objects.get(registration=registration)
    DBTaskResult.objects.all().delete()
    assert send_message.call(message.pk) == "failed"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)
    assert error in message.last_error
    assert not DBTaskResult.objects.exists()  # no retry
    assert Activity.objects.filter(registration=registration, kind="message_failed").count() == 1


def test_retry_failed_messages_sends_them_once_the_server_is_back(
    config, guest_category, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MAILERS = mailer(RefusingBackend)
    with django_capture_on_commit_callbacks(execute=True):
        invite_guests(event=config, people=[english_guest(1), english_guest(2)], category=guest_category)
    assert set(Message.objects.values_list("status", "attempts")) == {("failed", 1)}
    Message.objects.filter(recipient="anna2@example.org").update(attempts=MAX_ATTEMPTS)  # gave up
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    call_command("retry_failed_messages", stdout=StringIO())
    assert dict(Message.objects.values_list("recipient", "status")) == {
        "anna1@example.org": "sent",
        "anna2@example.org": "failed",
    }
    call_command("retry_failed_messages", "--all", "--inline", stdout=StringIO())
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    assert len(mailoutbox) == 2


def test_send_pending_messages_picks_up_messages_whose_task_was_lost(
    config, guest_category, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the queue was down
        invite_guests(event=config, people=[english_guest(1), english_guest(2)], category=guest_category)
    call_command("send_pending_messages", stdout=StringIO())
    assert mailoutbox == []  # not yet: their task may still be waiting in the queue
    Message.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    call_command("send_pending_messages", stdout=StringIO())
    assert sorted(email.to[0] for email in mailoutbox) == ["anna1@example.org", "anna2@example.org"]
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}


# The calendar attached ---------------------------------------------------------------------


def ics_of(email):
    """The calendar attached to an email, read back from the message as it goes out."""
    [part] = [part for part in email.message().iter_attachments() if part.get_content_type() == "text/calendar"]
    assert part.get_filename().endswith(".ics")
    return Calendar.from_ical(part.get_content())


def test_invitation_carries_the_events_calendar_in_the_guests_language(invite, mailoutbox, forum_page):
    invite(english_guest(1), chinese_guest(2))
    by_recipient = {email.to[0]: ics_of(email) for email in mailoutbox}
    uid = f"event-{forum_page.translation_key}@{settings.ICAL_UID_DOMAIN}"
    for calendar in by_recipient.values():
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == uid
        assert event.decoded("DTSTART") == forum_page.start
    assert str(by_recipient["anna1@example.org"].walk("VEVENT")[0]["SUMMARY"]) == "2027 Xiangjiang Forum"
    assert str(by_recipient["wang2@example.cn"].walk("VEVENT")[0]["SUMMARY"]) == "2027一带一路湘江论坛"
    message = mailoutbox[0].message()
    assert any(part.get_content_type() == "text/calendar" for part in message.walk())


def test_confirmation_carries_the_calendar_and_the_pass_link(config, guest_category, mailoutbox, forum_page, commit):
    registration = commit(apply, event=config, person=english_guest(), category=guest_category)  # open: confirmed
    [email] = mailoutbox
    assert email.subject == "Confirmed: 2027 Xiangjiang Forum"
    assert f"{BASE}/en/pass/{registration.token}/" in email.body
    [event] = ics_of(email).walk("VEVENT")
    assert str(event["UID"]) == f"event-{forum_page.translation_key}@{settings.ICAL_UID_DOMAIN}"


def test_other_messages_have_no_attachment(config, guest_category, mailoutbox, forum_page, commit):
    EventPage.objects.filter(pk=forum_page.pk).update(registration_mode=EventPage.RegistrationMode.APPROVAL)
    registration = commit(apply, event=config, person=english_guest(), category=guest_category)
    commit(decide, registration=registration, approve=False)
    assert [email.subject for email in mailoutbox] == [
        "We have received your registration for 2027 Xiangjiang Forum",
        "Your registration for 2027 Xiangjiang Forum",
    ]
    assert all(email.attachments == [] for email in mailoutbox)


def test_an_offer_names_its_own_deadline(config, guest_category, mailoutbox, commit):
    EventPage.objects.filter(pk=config.event_id).update(capacity=1)
    config.event.refresh_from_db()
    holder = commit(apply, event=config, person=english_guest(1), category=guest_category)
    waiting = commit(apply, event=config, person=english_guest(2), category=guest_category)
    commit(cancel, registration=holder)
    offer = mailoutbox[-1]
    assert offer.subject == "A place is free for you: 2027 Xiangjiang Forum"
    assert offer.to == ["anna2@example.org"]
    assert "Please accept it by " in offer.body
    commit(accept_offer, registration=Registration.objects.get(pk=waiting.pk))
    assert mailoutbox[-1].subject == "Confirmed: 2027 Xiangjiang Forum"


def test_expire_offers_command(config, guest_category):
    EventPage.objects.filter(pk=config.event_id).update(capacity=1)
    config.event.refresh_from_db()
    holder = apply(event=config, person=english_guest(1), category=guest_category)
    waiting = apply(event=config, person=english_guest(2), category=guest_category)
    cancel(registration=holder)
    Registration.objects.filter(pk=waiting.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    call_command("expire_offers", stdout=StringIO())
    assert Registration.objects.get(pk=waiting.pk).status == Status.CANCELLED


def test_other_apps_attach_files_through_a_hook(config, guest_category, mailoutbox, commit):
    from wagtail import hooks

    from registrations.interfaces.mime import Attachment

    def pass_for(message):
        if message.kind != "confirmation":
            return []
        return [Attachment(f"pass-{message.registration_id}.png", b"\x89PNG...", "image/png")]

    def broken(message):
        raise RuntimeError("no pass today")

    with (
        hooks.register_temporarily("registrations_message_attachments", pass_for),
        hooks.register_temporarily("registrations_message_attachments", broken),
    ):
        registration = commit(apply, event=config, person=english_guest(), category=guest_category)
    [email] = mailoutbox
    # The calendar first, then each hook's in the order they were registered (the check-in app's pass.png).
    assert [(name, mimetype) for name, _content, mimetype in email.attachments] == [
        (f"{config.event.slug}.ics", "text/calendar"),
        ("pass.png", "image/png"),
        (f"pass-{registration.pk}.png", "image/png"),
    ]
    assert email.attachments[2][1] == b"\x89PNG..."
