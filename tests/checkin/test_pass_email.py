"""The confirmation email carries the QR pass as pass.png (beside the event's .ics), and it
decodes to the registration's pass code; other messages and guests who no longer attend get none."""

import pytest
from django.core import mail

from registrations.checkin.attachments import pass_attachments
from registrations.checkin.domain.passes import pass_code, revoke_pass
from registrations.domain.actions import apply, cancel
from registrations.models import Message, Registration
from tests.checkin.badge_support import *  # noqa: F403
from tests.checkin.badge_support import make_person, qr_codes_in_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a domain action as if its transaction committed (the immediate task queue then sends)."""

    def commit(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return commit


def attachments_of(email) -> dict[str, tuple[str, bytes]]:
    """filename -> (content type, bytes), read back from the message as it goes out."""
    return {
        part.get_filename(): (part.get_content_type(), part.get_payload(decode=True))
        for part in email.message().iter_attachments()
    }


def test_the_confirmation_carries_the_pass_png_that_decodes_to_the_pass_code(config, guest_category, commit):
    registration = commit(apply, event=config, person=make_person(1), category=guest_category)  # open: confirmed
    [email] = mail.outbox
    assert email.subject == "Confirmed: 2027 Xiangjiang Forum"
    found = attachments_of(email)
    assert sorted(found) == [f"{config.event.slug}.ics", "pass.png"]
    kind, content = found["pass.png"]
    assert kind == "image/png"
    assert qr_codes_in_png(content) == [pass_code(registration)]


def test_a_chinese_guest_gets_the_same_pass(config, guest_category, commit):
    person = make_person(2, family_name="王", given_name="小明", language="zh-hans", country="CN")
    registration = commit(apply, event=config, person=person, category=guest_category)
    [email] = mail.outbox
    assert qr_codes_in_png(attachments_of(email)["pass.png"][1]) == [pass_code(registration)]


def test_other_messages_carry_no_pass(config, guest_category, commit):
    registration = commit(apply, event=config, person=make_person(3), category=guest_category)
    mail.outbox.clear()
    commit(cancel, registration=Registration.objects.get(pk=registration.pk))
    [email] = mail.outbox
    assert Message.objects.filter(registration=registration).latest("pk").kind == Message.Kind.CANCELLED
    assert "pass.png" not in attachments_of(email)


def confirmation_of(registration) -> Message:
    return Message.objects.get(registration=registration, kind=Message.Kind.CONFIRMATION)


def test_a_confirmation_sent_after_the_guest_cancelled_carries_no_pass(config, guest_category):
    registration = apply(event=config, person=make_person(4), category=guest_category)
    cancel(registration=Registration.objects.get(pk=registration.pk))
    assert pass_attachments(confirmation_of(registration)) == []


def test_a_confirmation_sent_after_the_pass_was_revoked_carries_no_pass(config, guest_category):
    registration = apply(event=config, person=make_person(5), category=guest_category)
    revoke_pass(registration=registration, reason="duplicate")
    assert pass_attachments(confirmation_of(registration)) == []
