"""Passport data is encrypted at rest: the database holds Fernet tokens, the application reads plain values."""
# ruff: noqa: F405

import datetime as dt
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from events.models import EventPage
from registrations.logistics.domain import passports
from registrations.logistics.models import PassportData
from tests.logistics.protocol_support import *  # noqa: F403

pytestmark = pytest.mark.django_db
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
SECRET_COLUMNS = ("surname", "given_names", "number", "date_of_birth", "place_of_birth", "date_of_issue",
                  "date_of_expiry")  # fmt: skip


def stored(passport) -> dict:
    """The row as the database holds it, read past the model."""
    table = PassportData._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(SECRET_COLUMNS)}, nationality FROM {table} WHERE id = %s", [passport.pk])
        return dict(zip((*SECRET_COLUMNS, "nationality"), cursor.fetchone(), strict=True))


@pytest.fixture
def guest(config, guest_category):
    return guests(config, guest_category, 1)[0]


def test_the_database_never_holds_passport_data_in_clear(guest):
    passport = give_passport(guest)
    row = stored(passport)
    for column in SECRET_COLUMNS:
        assert row[column].startswith("gAAAAA"), column  # a Fernet token
    assert not any(clear in str(row) for clear in ("K1234567", "SMITH", "ANNA", "Leeds", "1981-05-31", "2032"))
    assert row["nationality"] == "GB"  # not identifying on its own, kept readable
    again = PassportData.objects.get(pk=passport.pk)
    assert (again.number, again.surname, again.place_of_birth) == ("K1234567", "SMITH", "Leeds")
    assert (again.date_of_birth, again.date_of_expiry) == (dt.date(1981, 5, 31), dt.date(2032, 3, 1))


def test_a_new_key_put_first_still_reads_data_encrypted_with_the_old_one(guest):
    with override_settings(PASSPORT_DATA_KEY=OLD):
        passport = give_passport(guest)
    with override_settings(PASSPORT_DATA_KEY=f"{NEW},{OLD}"):
        assert PassportData.objects.get(pk=passport.pk).number == "K1234567"
    with override_settings(PASSPORT_DATA_KEY=NEW), pytest.raises(ImproperlyConfigured) as refused:
        PassportData.objects.get(pk=passport.pk)
    assert "it was encrypted with another key" in str(refused.value)


def test_a_malformed_key_is_a_clear_configuration_error(guest):
    with override_settings(PASSPORT_DATA_KEY="not-a-key"), pytest.raises(ImproperlyConfigured) as refused:
        give_passport(guest)
    assert "PASSPORT_DATA_KEY must be Fernet keys" in str(refused.value)
    assert not PassportData.objects.exists()


def test_the_purge_deletes_data_even_when_its_key_is_lost(config, guest):
    with override_settings(PASSPORT_DATA_KEY=OLD):
        give_passport(guest)
    EventPage.objects.filter(pk=config.event_id).update(end=timezone.now() - timedelta(days=40))
    with override_settings(PASSPORT_DATA_KEY=NEW):
        assert passports.purge_passports(days=30) == {config.pk: 1}
    assert not PassportData.objects.exists()
