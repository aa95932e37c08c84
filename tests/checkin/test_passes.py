"""The signed pass code: its format, its QR size, and what refuses it."""

import base64

import pytest
import qrcode

from registrations.checkin.domain.passes import (
    CODE_LENGTH,
    PassError,
    active_key,
    pass_code,
    read_code,
    reissue_pass,
    revoke_pass,
    rotate_key,
    verify,
    verifying_keys,
)
from registrations.models import Registration, Status
from tests.registrations.conftest import config, forum_page, guest_category, make_person  # noqa: F401


@pytest.fixture
def guest(config, guest_category):  # noqa: F811
    return Registration.objects.create(
        event=config, person=make_person(), category=guest_category, status=Status.CONFIRMED
    )


def test_a_code_is_124_alphanumeric_characters_and_fits_a_version_10_qr_at_level_m(guest):
    code = pass_code(guest)
    assert len(code) == CODE_LENGTH == 124
    assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(code)
    qr.make(fit=True)
    assert qr.version <= 7


def test_a_code_carries_the_event_the_registration_and_the_version_and_verifies(guest):
    payload, body, signature = read_code(pass_code(guest))
    key = active_key(config=guest.event)
    assert (payload.key_id, payload.event_id, payload.registration_id, payload.version) == (
        key.key_id,
        guest.event_id,
        guest.pk,
        1,
    )
    assert verify(body, signature, key.public_key)
    assert pass_code(guest) == pass_code(guest)  # deterministic: the emailed and printed pass are one


def test_one_changed_character_breaks_the_signature(guest):
    code = pass_code(guest)
    assert verify(*read_code(code)[1:], active_key(config=guest.event).public_key)
    tampered = bytearray(base64.b32decode(code + "===="))
    tampered[9] ^= 0x01  # another registration id
    tampered_code = base64.b32encode(bytes(tampered)).decode().rstrip("=")
    _, tampered_body, tampered_signature = read_code(tampered_code)
    assert not verify(tampered_body, tampered_signature, active_key(config=guest.event).public_key)


@pytest.mark.parametrize("text", ["", "hello", "A" * 124, "1" * 124, "ÄÖ" * 62])
def test_what_is_no_pass_is_malformed(text):
    with pytest.raises(PassError) as refused:
        read_code(text)
    assert refused.value.code == "malformed"


def test_rotating_keeps_old_passes_verifiable_until_the_key_is_retired(guest):
    from registrations.checkin.domain.passes import retire_key

    old_code = pass_code(guest)
    old = active_key(config=guest.event)
    new = rotate_key(config=guest.event)
    assert new.key_id == old.key_id + 1
    assert set(verifying_keys(guest.event_id)) == {old.key_id, new.key_id}
    assert pass_code(guest) != old_code
    old.refresh_from_db()
    retire_key(key=old)
    assert set(verifying_keys(guest.event_id)) == {new.key_id}


def test_reissuing_and_revoking_raise_the_version(guest):
    assert read_code(pass_code(guest))[0].version == 1
    revoked = revoke_pass(registration=guest, reason="lost")
    assert (revoked.version, revoked.revoked_reason) == (2, "lost")
    assert revoked.revoked_at is not None
    reissued = reissue_pass(registration=guest)
    assert (reissued.version, reissued.revoked_at) == (3, None)
    assert read_code(pass_code(guest))[0].version == 3
