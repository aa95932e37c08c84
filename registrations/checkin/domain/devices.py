"""Gate devices: a bearer token per phone, made in the back office, scoped to an event or one point."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.checkin.models import CheckinPoint, Device
from registrations.domain.errors import RegistrationError
from registrations.models import EventConfig

TOKEN_BYTES = 32  # 256 bits, base64url: 43 characters


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_device(
    *, config: EventConfig, name: str, point: CheckinPoint | None = None, expires_at=None, by=None
) -> tuple[Device, str]:
    """A new device and its token. The token is shown once (as text and as a set-up QR); only its hash is kept."""
    if point is not None and point.event_id != config.pk:
        raise RegistrationError("wrong_point", _("This check-in point belongs to another event."))
    if expires_at is not None and expires_at <= timezone.now():
        raise RegistrationError("expired", _("The expiry must be in the future."))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    device = Device.objects.create(
        event=config,
        point=point,
        name=name.strip()[:100],
        token_hash=token_hash(token),
        expires_at=expires_at,
        created_by=by,
    )
    log(
        instance=device,
        action="checkin.device_created",
        user=by,
        data={"name": device.name, "point": point and point.pk},
    )
    return device, token


@transaction.atomic
def revoke_device(*, device: Device, by=None) -> Device:
    """The token stops working at once; the device's scans stay on record."""
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at"])
        log(instance=device, action="checkin.device_revoked", user=by, data={"name": device.name})
    return device


def device_for_token(token: str) -> Device | None:
    """The device a token belongs to, if it may still be used."""
    if not token or len(token) > 100:
        return None
    device = Device.objects.select_related("event", "point").filter(token_hash=token_hash(token)).first()
    if device is None or device.revoked_at is not None:
        return None
    if device.expires_at is not None and device.expires_at <= timezone.now():
        return None
    return device


def setup_url(site_url: str, token: str) -> str:
    """The link that sets a phone up: the scanner page reads `#device=`, keeps the token and clears the address.

    The token travels in the fragment, so it never reaches a server's or a proxy's log.
    """
    return f"{site_url.rstrip('/')}/checkin/#device={token}"
