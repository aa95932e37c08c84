"""The QR pass attached to a confirmation email (hook `registrations_message_attachments`)."""

from registrations.checkin.domain.badges import pass_state
from registrations.checkin.domain.passes import pass_code
from registrations.checkin.interfaces.qr import qr_png
from registrations.interfaces.mime import Attachment
from registrations.models import Message, Registration

FILENAME = "pass.png"


def pass_attachments(message: Message) -> list[Attachment]:
    """`pass.png` for the confirmation of a guest who still attends and whose pass is not revoked."""
    if message.kind != Message.Kind.CONFIRMATION or message.registration_id is None:
        return []
    registration = Registration.objects.filter(pk=message.registration_id).first()
    if registration is None or not pass_state(registration).shown:
        return []
    return [Attachment(FILENAME, qr_png(pass_code(registration)), "image/png")]
