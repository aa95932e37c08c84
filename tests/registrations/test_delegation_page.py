"""Delegations on the personal page: the head or liaison corrects members' details; changes may need approval again."""

import html as html_lib
import re

import pytest
from django.test import Client

from registrations.domain.actions import decide, invite_guests
from registrations.domain.guests import update_details
from registrations.models import Activity, Delegation, Status
from tests.registrations.conftest import make_person

pytestmark = pytest.mark.django_db


def rsvp_url(registration, language="en"):
    return f"/{language}/rsvp/{registration.token}/"


def text(response):
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html_lib.unescape(body).split())


@pytest.fixture
def people(config, guest_category):
    persons = [
        make_person(1, family_name="Head", organisation="Ministry", position="Director"),
        make_person(2, family_name="Liaison", organisation="Embassy", position="Attaché"),
        make_person(3, family_name="Member", organisation="University of Leeds", position="Lecturer"),
        make_person(4, family_name="Stranger", organisation="Elsewhere Ltd", position="Clerk"),
    ]
    head, liaison, member, stranger = invite_guests(event=config, people=persons, category=guest_category)
    return {"head": head, "liaison": liaison, "member": member, "stranger": stranger}


@pytest.fixture
def delegation(config, people):
    delegation = Delegation.objects.create(
        event=config, name="Delegation of Leeds", head=people["head"], liaison=people["liaison"]
    )
    for key in ("head", "liaison", "member"):
        people[key].delegation = delegation
        people[key].save()
    return delegation


@pytest.fixture
def other_delegation(config, people):
    other = Delegation.objects.create(event=config, name="Delegation of York")
    people["stranger"].delegation = other
    people["stranger"].save()
    return other


def member_post(member, **fields):
    data = {
        "action": "member",
        "member": str(member.pk),
        f"member-{member.pk}-organisation": member.person.organisation,
        f"member-{member.pk}-position": member.person.position,
        f"member-{member.pk}-email": member.person.email,
        f"member-{member.pk}-phone": "",
    }
    data.update({f"member-{member.pk}-{name}": value for name, value in fields.items()})
    return data


@pytest.mark.parametrize("contact", ["head", "liaison"])
def test_head_and_liaison_see_the_members(people, delegation, contact):
    response = Client().get(rsvp_url(people[contact]))
    assert response.status_code == 200
    page = text(response)
    assert "Your delegation: Delegation of Leeds" in page
    assert "University of Leeds" in page
    assert "Lecturer" in page
    assert people["member"].person.display_name in page
    assert f'name="member" value="{people["member"].pk}"' in response.content.decode()
    assert "Elsewhere Ltd" not in page


def test_a_plain_member_sees_no_delegation(people, delegation):
    response = Client().get(rsvp_url(people["member"]))
    assert response.status_code == 200
    assert "Your delegation" not in text(response)
    assert 'name="action" value="member"' not in response.content.decode()


def test_head_updates_a_members_organisation(people, delegation):
    member = people["member"]
    response = Client().post(rsvp_url(people["head"]), member_post(member, organisation="University of York"))
    assert response.status_code == 302
    member.person.refresh_from_db()
    assert member.person.organisation == "University of York"
    activity = member.activities.filter(kind=Activity.Kind.DETAILS).get()
    assert activity.detail == {"fields": ["organisation"], "by_delegation_contact": people["head"].pk}
    member.refresh_from_db()
    assert member.status == Status.INVITED


def test_another_delegations_member_is_refused(people, delegation, other_delegation):
    stranger = people["stranger"]
    response = Client().post(rsvp_url(people["head"]), member_post(stranger, organisation="Hijacked"))
    assert response.status_code == 200
    assert "This person is not a member of your delegation." in text(response)
    stranger.person.refresh_from_db()
    assert stranger.person.organisation == "Elsewhere Ltd"
    assert not stranger.activities.filter(kind=Activity.Kind.DETAILS).exists()


@pytest.mark.parametrize("pk", ["999999", "abc", "", "²"])
def test_unknown_member_pk_is_refused(people, delegation, pk):
    data = member_post(people["member"], organisation="Hijacked")
    data["member"] = pk
    response = Client().post(rsvp_url(people["head"]), data)
    assert response.status_code == 200
    assert "This person is not a member of your delegation." in text(response)
    people["member"].person.refresh_from_db()
    assert people["member"].person.organisation == "University of Leeds"


def test_a_plain_member_cannot_post_for_others(people, delegation):
    response = Client().post(rsvp_url(people["member"]), member_post(people["head"], organisation="Hijacked"))
    assert response.status_code == 302
    people["head"].person.refresh_from_db()
    assert people["head"].person.organisation == "Ministry"


def test_invalid_email_is_an_error_and_nothing_changes(people, delegation):
    member = people["member"]
    response = Client().post(
        rsvp_url(people["liaison"]), member_post(member, organisation="University of York", email="not-an-email")
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in text(response)
    member.person.refresh_from_db()
    assert member.person.organisation == "University of Leeds"
    assert not member.activities.filter(kind=Activity.Kind.DETAILS).exists()


def test_invalid_phone_is_an_error(people, delegation):
    member = people["member"]
    response = Client().post(rsvp_url(people["head"]), member_post(member, phone="12"))
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    member.person.refresh_from_db()
    assert not member.person.phone


def details_post(registration, **fields):
    person = registration.person
    data = {
        "action": "details",
        "details-organisation": person.organisation,
        "details-position": person.position,
        "details-email": person.email,
        "details-phone": "",
        "details-language": person.language,
    }
    data.update({f"details-{name}": value for name, value in fields.items()})
    return data


def confirm(registration):
    registration.status = Status.CONFIRMED
    registration.save()


def test_changes_after_confirmation_need_approval_again(config, people):
    config.changes_need_approval = True
    config.save()
    guest = people["member"]
    confirm(guest)
    response = Client().post(rsvp_url(guest), details_post(guest, organisation="University of York"))
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.status == Status.PENDING
    status = guest.activities.filter(kind=Activity.Kind.STATUS).get()
    assert status.detail["reason"] == "changed_after_confirmation"
    assert "Awaiting the organizers' approval" in text(Client().get(rsvp_url(guest)))
    decide(registration=guest, approve=True)
    guest.refresh_from_db()
    assert guest.status == Status.CONFIRMED


def test_member_changes_by_the_head_need_approval_again(config, people, delegation):
    config.changes_need_approval = True
    config.save()
    member = people["member"]
    confirm(member)
    Client().post(rsvp_url(people["head"]), member_post(member, position="Professor"))
    member.refresh_from_db()
    assert member.status == Status.PENDING


def test_without_the_setting_a_confirmed_guest_stays_confirmed(config, people):
    guest = people["member"]
    confirm(guest)
    response = Client().post(rsvp_url(guest), details_post(guest, organisation="University of York"))
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.status == Status.CONFIRMED
    guest.person.refresh_from_db()
    assert guest.person.organisation == "University of York"


def test_unchanged_details_keep_the_status(config, people):
    config.changes_need_approval = True
    config.save()
    guest = people["member"]
    confirm(guest)
    person = guest.person
    update_details(registration=guest, organisation=person.organisation, position=person.position, email=person.email)
    guest.refresh_from_db()
    assert guest.status == Status.CONFIRMED
    assert not guest.activities.filter(kind__in=[Activity.Kind.STATUS, Activity.Kind.DETAILS]).exists()
