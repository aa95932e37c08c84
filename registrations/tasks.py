"""Background work: sending the outbox."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from registrations.models import Message

MAX_ATTEMPTS = 5


@task()
def send_message(message_id: int) -> str:
    """Deliver one queued message; failures are recorded and retried by the next run."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(pk=message_id, status__in=[Message.Status.QUEUED, Message.Status.FAILED])
            .first()
        )
        if message is None:
            return "skipped"
        message.attempts += 1
        try:
            EmailMessage(
                subject=message.subject, body=message.body, from_email=message.sender, to=[message.recipient]
            ).send()
        except Exception as error:  # the mail server's reasons are many; all are recorded
            message.status = Message.Status.FAILED
            message.last_error = f"{type(error).__name__}: {error}"
            message.save(update_fields=["attempts", "status", "last_error"])
            return "failed"
        message.status = Message.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return "sent"
