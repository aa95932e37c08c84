"""Passport data encrypted at rest: model fields whose values the database only ever holds as Fernet tokens.

The key is PASSPORT_DATA_KEY (a setting, else the environment variable): one or more
Fernet keys separated by commas, the first encrypts, all decrypt, so a key is rotated by
putting the new one first. Without it, the key is derived from SECRET_KEY (the local demo
needs no set-up; a deployment sets DJANGO_SECRET_KEY anyway), and changing the secret key
then makes stored passport data unreadable: deployments set PASSPORT_DATA_KEY
(docs/deployment.md). A database dump or backup alone never shows passport data.

Encrypted columns are text and cannot be searched, sorted or compared in SQL: nothing
filters on them (the purge goes by the event's end, the screens by the guest).
"""

import base64
import functools
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@functools.cache
def _fernet(configured: str, secret: str) -> MultiFernet:
    if not configured:
        derived = hashlib.sha256(b"fao-events passport data\0" + secret.encode()).digest()
        return MultiFernet([Fernet(base64.urlsafe_b64encode(derived))])
    try:
        return MultiFernet([Fernet(key.strip()) for key in configured.split(",") if key.strip()])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "PASSPORT_DATA_KEY must be Fernet keys separated by commas; make one with: python -c "
            '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
        ) from None


def fernet() -> MultiFernet:
    configured = getattr(settings, "PASSPORT_DATA_KEY", None) or os.environ.get("PASSPORT_DATA_KEY", "")
    return _fernet(configured.strip(), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "Passport data cannot be decrypted with PASSPORT_DATA_KEY (or, where it is not set, a key derived "
            "from DJANGO_SECRET_KEY): it was encrypted with another key. Put that key back after the new one: "
            "PASSPORT_DATA_KEY=<new>,<old>."
        ) from None


class EncryptedMixin:
    """Stored as a Fernet token in a text column; read back as the field's own Python value."""

    def get_internal_type(self):
        return "TextField"

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        return None if value is None else encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        return None if value is None else self.to_python(decrypt(value))


class EncryptedCharField(EncryptedMixin, models.CharField):
    """Text of at most max_length characters (checked before encryption), stored encrypted."""


class EncryptedDateField(EncryptedMixin, models.DateField):
    """A date, stored encrypted as its ISO text."""
