"""Emails to guests: rendered in the guest's language, kept in the outbox, sent after commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from events.localize import localized
from registrations.models import Message


def guest_language(person) -> str:
    return "zh-hans" if (person.language or "").lower().startswith("zh") else "en"


def queue_message(registration, kind: str) -> Message | None:
    """Write the message to the outbox now; the task queue sends it once the transaction commits."""
    person = registration.person
    if not person.email:
        return None
    language = guest_language(person)
    page = registration.event.event
    with translation.override(language):
        from wagtail.models import Locale

        locale = Locale.objects.filter(language_code=language).first()
        local_page = (page.get_translation_or_none(locale) if locale else None) or page
        brand = localized(page.brand, local_page.locale)
        context = {
            "registration": registration,
            "person": person,
            "event": local_page,
            "brand": brand,
            "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            "language": language,
        }
        subject = render_to_string(f"registrations/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"registrations/email/{kind}.txt", context)
    message = Message.objects.create(
        registration=registration,
        kind=kind,
        language=language,
        sender=f"{brand.sender_name} <{brand.sender_email}>",
        recipient=person.email,
        subject=" ".join(subject.split()),
        body=body,
    )
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    from registrations.tasks import send_message

    send_message.enqueue(message_id)
