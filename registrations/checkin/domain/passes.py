"""QR passes: signing keys, the signed code a pass carries, and re-issuing or revoking it.

The code format is the README's contract ("The pass"): base32 of a 13-byte payload and its
Ed25519 signature. Ed25519 signatures are deterministic, so a registration's code is the same
every time it is rendered, until its version or the event's active key changes.
"""

import base64
import binascii
import functools
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.checkin.models import Pass, SigningKey
from registrations.domain.errors import RegistrationError
from registrations.models import EventConfig, Registration

FORMAT = 0x01
PAYLOAD = struct.Struct(">BHIIH")  # format, key id, event id, registration id, version
SIGNATURE_SIZE = 64
CODE_LENGTH = 124  # base32 of 13 + 64 bytes, without padding
DOMAIN = b"fao-pass:"  # signatures cover DOMAIN + payload, so no other signed message can pass for a pass


@dataclass(frozen=True)
class PassPayload:
    key_id: int
    event_id: int
    registration_id: int
    version: int


class PassError(RegistrationError):
    """A code that is no pass: `malformed` (not a pass at all) or `forged` (the signature does not hold)."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@functools.lru_cache(maxsize=256)
def _private(private_key: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_unb64(private_key))


@functools.lru_cache(maxsize=256)
def public_key_object(public_key: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_unb64(public_key))


# --- keys -----------------------------------------------------------------------------


def _new_key(config: EventConfig, key_id: int) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    return SigningKey.objects.create(
        event=config,
        key_id=key_id,
        private_key=_b64(private.private_bytes_raw()),
        public_key=_b64(private.public_key().public_bytes_raw()),
        active=True,
    )


def active_key(*, config: EventConfig) -> SigningKey:
    """The key that signs the event's passes, made on first use."""
    key = SigningKey.objects.filter(event=config, active=True).first()
    if key:
        return key
    with transaction.atomic():
        EventConfig.objects.select_for_update().get(pk=config.pk)  # one first key, however many ask at once
        key = SigningKey.objects.filter(event=config, active=True).first()
        if key is None:
            number = (SigningKey.objects.filter(event=config).aggregate(n=Max("key_id"))["n"] or 0) + 1
            key = _new_key(config, number)
        return key


@transaction.atomic
def rotate_key(*, config: EventConfig, by=None) -> SigningKey:
    """A new key signs passes from now on. Passes signed by the old one stay valid until it is retired."""
    EventConfig.objects.select_for_update().get(pk=config.pk)
    number = (SigningKey.objects.filter(event=config).aggregate(n=Max("key_id"))["n"] or 0) + 1
    if number > 65535:
        raise RegistrationError("too_many_keys", _("This event has used all its key numbers."))
    SigningKey.objects.filter(event=config, active=True).update(active=False)
    key = _new_key(config, number)
    log(instance=key, action="checkin.key_rotated", user=by, data={"key_id": key.key_id})
    return key


@transaction.atomic
def retire_key(*, key: SigningKey, by=None) -> SigningKey:
    """Passes signed by a retired key are refused; the active key cannot be retired (rotate first)."""
    if key.active:
        raise RegistrationError("key_active", _("The key that signs new passes cannot be retired; rotate it first."))
    if key.retired_at is None:
        key.retired_at = timezone.now()
        key.save(update_fields=["retired_at"])
        log(instance=key, action="checkin.key_retired", user=by, data={"key_id": key.key_id})
    return key


def verifying_keys(config_id: int) -> dict[int, SigningKey]:
    """The keys that still verify the event's passes, by key number."""
    return {key.key_id: key for key in SigningKey.objects.filter(event_id=config_id, retired_at__isnull=True)}


# --- codes ----------------------------------------------------------------------------


def current_pass(registration: Registration) -> Pass:
    found = Pass.objects.filter(registration=registration).first()
    return found or Pass.objects.get_or_create(registration=registration)[0]


def sign(payload: PassPayload, key: SigningKey) -> str:
    body = PAYLOAD.pack(FORMAT, key.key_id, payload.event_id, payload.registration_id, payload.version)
    signature = _private(key.private_key).sign(DOMAIN + body)
    return base64.b32encode(body + signature).decode().rstrip("=")


def pass_code(registration: Registration) -> str:
    """The text of the registration's QR pass, signed with the event's active key."""
    key = active_key(config=registration.event)
    version = current_pass(registration).version
    return sign(PassPayload(key.key_id, registration.event_id, registration.pk, version), key)


def read_code(code: str) -> tuple[PassPayload, bytes, bytes]:
    """The payload, its bytes and the signature of a code, unverified. Raises PassError("malformed")."""
    text = (code or "").strip().upper()
    if len(text) != CODE_LENGTH:
        raise PassError("malformed", _("This is not a pass of this system."))
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise PassError("malformed", _("This is not a pass of this system.")) from None
    body, signature = raw[: PAYLOAD.size], raw[PAYLOAD.size :]
    fmt, key_id, event_id, registration_id, version = PAYLOAD.unpack(body)
    if fmt != FORMAT or len(signature) != SIGNATURE_SIZE:
        raise PassError("malformed", _("This is not a pass of this system."))
    return PassPayload(key_id, event_id, registration_id, version), body, signature


def verify(body: bytes, signature: bytes, public_key: str) -> bool:
    try:
        public_key_object(public_key).verify(signature, DOMAIN + body)
    except InvalidSignature:
        return False
    return True


# --- re-issuing and revoking ------------------------------------------------------------


@transaction.atomic
def reissue_pass(*, registration: Registration, by=None) -> Pass:
    """A new version: the old pass (a lost phone, a leaked screenshot) is refused from now on."""
    current = Pass.objects.select_for_update().filter(registration=registration).first() or current_pass(registration)
    if current.version >= 65535:
        raise RegistrationError("too_many_versions", _("This pass has been re-issued too often."))
    current.version += 1
    current.revoked_at, current.revoked_reason = None, ""
    current.save()
    log(instance=registration, action="checkin.pass_reissued", user=by, data={"version": current.version})
    return current


@transaction.atomic
def revoke_pass(*, registration: Registration, reason: str = "", by=None) -> Pass:
    """The pass is refused at every gate until it is re-issued. Its version goes up too, so an
    offline scanner with a fresh roster refuses the old code without asking the server."""
    current = Pass.objects.select_for_update().filter(registration=registration).first() or current_pass(registration)
    if current.revoked_at is None:
        if current.version >= 65535:
            raise RegistrationError("too_many_versions", _("This pass has been re-issued too often."))
        current.version += 1
        current.revoked_at, current.revoked_reason = timezone.now(), reason[:200]
        current.save()
        log(instance=registration, action="checkin.pass_revoked", user=by, data={"reason": reason[:200]})
    return current
