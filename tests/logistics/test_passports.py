"""Passport data: given on the RSVP page with its own consent, masked everywhere, every read logged, purged."""
# ruff: noqa: F405

import datetime as dt
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from events.models import EventPage
from registrations.domain.actions import invite_guests
from registrations.logistics.domain import passports, seating
from registrations.logistics.interfaces import protocol_exports
from registrations.logistics.models import PassportData
from tests.logistics.protocol_support import *  # noqa: F403
from tests.registrations.test_guest_pages import error_summary, rsvp_url, text

pytestmark = pytest.mark.django_db

FORM = {
    "action": "passport",
    "passport-surname": "Smith",
    "passport-given_names": "Anna",
    "passport-number": "k 1234567",
    "passport-nationality": "GB",
    "passport-sex": "F",
    "passport-date_of_birth": "1981-05-31",
    "passport-place_of_birth": "Leeds",
    "passport-date_of_issue": "2022-03-01",
    "passport-date_of_expiry": "2032-03-01",
    "passport-consent": "on",
}


@pytest.fixture
def guest(config, guest_category):
    return guests(config, guest_category, 1)[0]


def test_the_guest_gives_passport_data_with_consent_and_then_sees_it_masked(guest):
    client = Client()
    response = client.post(rsvp_url(guest), FORM, follow=True)
    assert "Thank you. Your passport data has been received for your visa invitation letter." in text(response)
    passport = PassportData.objects.get(registration=guest)
    assert (passport.number, passport.surname, passport.given_names) == ("K1234567", "SMITH", "ANNA")
    page = text(client.get(rsvp_url(guest)))
    assert "•••••567" in page
    assert "K1234567" not in page
    assert "1981-05-31" not in page
    assert "Leeds" not in page


def test_without_consent_nothing_is_saved_and_the_guest_is_told_why(guest):
    response = Client().post(rsvp_url(guest), {**FORM, "passport-consent": ""})
    assert "Please agree to the use of your passport data first." in error_summary(response)
    assert not PassportData.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "12", "A passport number has 5 to 20 letters and digits."),
        ("date_of_birth", "2999-01-01", "Enter the date of birth written in the passport."),
        ("date_of_issue", "2999-01-01", "The date of issue cannot be in the future."),
        ("date_of_expiry", "2021-01-01", "The passport expires after it was issued."),
        ("date_of_expiry", "31/12/2030", "Enter a valid date."),
        ("nationality", "XX", "Select a valid choice. XX is not one of the available choices."),
    ],
)
def test_bad_passport_data_is_refused_field_by_field(guest, field, value, message):
    response = Client().post(rsvp_url(guest), {**FORM, f"passport-{field}": value})
    assert response.status_code == 200
    assert message in error_summary(response)
    assert not PassportData.objects.exists()


def test_a_passport_expiring_before_the_visit_ends_is_refused(guest):
    day = timezone.localdate(guest.event.event.end).isoformat()
    response = Client().post(rsvp_url(guest), {**FORM, "passport-date_of_expiry": day})
    assert "This passport expires before the end of the visit: please renew it first." in error_summary(response)


def test_the_guest_deletes_their_passport_data(guest):
    give_passport(guest)
    response = Client().post(rsvp_url(guest), {"action": "passport", "passport-delete": "1"}, follow=True)
    assert "Your passport data has been deleted." in text(response)
    assert not PassportData.objects.exists()
    assert ModelLogEntry.objects.filter(action=passports.DELETED, object_id=str(guest.pk)).count() == 1


def test_the_section_is_gone_after_the_event(guest):
    EventPage.objects.filter(pk=guest.event.event_id).update(
        start=timezone.now() - timedelta(days=3), end=timezone.now() - timedelta(days=2)
    )
    guest.event.event.refresh_from_db()
    assert "Passport data for a visa invitation letter" not in text(Client().get(rsvp_url(guest)))


def test_after_the_rsvp_deadline_only_guests_who_accepted_may_still_give_passport_data(config, guest, guest_category):
    (invited,) = invite_guests(event=config, people=[make_person(5)], category=guest_category)
    config.rsvp_deadline = timezone.now() - timedelta(hours=1)
    config.save()
    invited.refresh_from_db()
    guest.refresh_from_db()
    assert "<form" not in Client().get(rsvp_url(invited)).content.decode()
    response = Client().post(rsvp_url(invited), FORM, follow=True)
    assert "This is not available any more." in text(response)
    assert "Passport data for a visa invitation letter" in text(Client().get(rsvp_url(guest)))
    Client().post(rsvp_url(guest), FORM)
    assert list(PassportData.objects.values_list("registration_id", flat=True)) == [guest.pk]


def test_staff_without_the_logistics_role_never_see_the_number(client, config, guest, staff):
    give_passport(guest)
    plan = seating.create_plan(
        event=config, title="宴会", tables=[seating.TableSpec()], start=config.event.start, end=config.event.end
    )
    seating.fill_plan(plan=plan)
    for role in (Role.MANAGER, Role.REGISTRATION):
        client.force_login(staff(config, role, name=f"u-{role}"))
        pages = [
            reverse("registrations_admin:guests", args=[config.pk]),
            reverse("registrations_admin:guest", args=[config.pk, guest.pk]),
            reverse("registrations_admin:guests_export", args=[config.pk]) + "?format=csv",
            reverse("logistics_protocol:overview", args=[config.pk]),
            reverse("logistics_protocol:plan", args=[config.pk, plan.pk]),
            reverse("logistics_protocol:exports", args=[config.pk]),
        ]
        if role == Role.MANAGER:
            pages.append(reverse("logistics_protocol:passport_log", args=[config.pk]))
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            assert b"K1234567" not in response.content, page
    for content in (protocol_exports.seating_list(plan), protocol_exports.interpreter_schedule(config)):
        cells = [str(v) for row in load_workbook(io.BytesIO(content)).active.values for v in row]
        assert not any("K1234567" in cell for cell in cells)


def test_logistics_staff_see_the_data_and_each_read_is_logged_for_managers(client, config, guest, staff):
    give_passport(guest)
    clerk = staff(config, Role.LOGISTICS)
    client.force_login(clerk)
    response = client.get(reverse("logistics_protocol:letters", args=[config.pk]))
    assert "K1234567" in text(response)
    reads = ModelLogEntry.objects.filter(action=passports.READ, object_id=str(guest.pk))
    assert [(r.user_id, r.data) for r in reads] == [(clerk.pk, {"purpose": "view"})]
    client.force_login(staff(config, Role.MANAGER, name="boss"))
    log_page = text(client.get(reverse("logistics_protocol:passport_log", args=[config.pk])))
    assert "clerk" in log_page
    assert "Anna0 Smith" in log_page
    assert "K1234567" not in log_page


def test_purge_deletes_the_data_of_events_ended_long_enough_ago(config, other_config, guest, guest_category):
    give_passport(guest)
    theirs = guests(other_config, other_config.categories.get(code="guest"), 1, start=7)[0]
    give_passport(theirs)
    EventPage.objects.filter(pk=config.event_id).update(end=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    call_command("purge_passports", stdout=out)
    assert "Passport data of 1 guest(s) at 1 event(s) purged (older than 30 days)." in out.getvalue()
    assert list(PassportData.objects.values_list("registration_id", flat=True)) == [theirs.pk]
    assert ModelLogEntry.objects.filter(action=passports.PURGED, object_id=str(guest.pk)).count() == 1


def test_purge_keeps_data_within_the_retention_period_and_dry_run_deletes_nothing(config, guest):
    give_passport(guest)
    EventPage.objects.filter(pk=config.event_id).update(end=timezone.now() - timedelta(days=10))
    out = io.StringIO()
    call_command("purge_passports", "--days", "5", "--dry-run", stdout=out)
    assert "1 guest(s) at 1 event(s) would be purged (older than 5 days)" in out.getvalue()
    call_command("purge_passports", stdout=io.StringIO())
    assert PassportData.objects.count() == 1
    assert passports.purge_passports(days=5) == {config.pk: 1}
    assert not PassportData.objects.exists()


def test_a_soon_expiring_passport_is_flagged(guest):
    end = timezone.localdate(guest.event.event.end)
    assert passports.expires_soon(give_passport(guest, date_of_expiry=end + dt.timedelta(days=30)))
    assert not passports.expires_soon(give_passport(guest, date_of_expiry=end + dt.timedelta(days=400)))
