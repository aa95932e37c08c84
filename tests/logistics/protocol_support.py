"""Helpers for the protocol desk's tests: guests who attend, staff of each role, passports.

Test modules take its fixtures with `from tests.logistics.protocol_support import *`.
"""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from registrations.domain.actions import answer_invitation, invite_guests
from registrations.logistics.domain import passports
from registrations.models import Delegation, EventRole
from tests.registrations.conftest import config, forum_page, guest_category, make_person
from tests.registrations.test_backoffice import make_staff, other_config, superuser

Role = EventRole.Role
AS_SCRIPT = {"x-requested-with": "XMLHttpRequest"}


def attending(event, category, people):
    """Invite these people and have each accept."""
    registrations = invite_guests(event=event, people=people, category=category)
    return [answer_invitation(registration=r, accept=True) for r in registrations]


def guests(event, category, count, start=0, **fields):
    return attending(event, category, [make_person(start + i, **fields) for i in range(count)])


def rank(registration, protocol_class=None, protocol_order=None):
    registration.protocol_class, registration.protocol_order = protocol_class, protocol_order
    registration.save(update_fields=["protocol_class", "protocol_order"])
    return registration


def delegation(event, name, country, members=()):
    d = Delegation.objects.create(event=event, name=name, country=country)
    for member in members:
        member.delegation = d
        member.save(update_fields=["delegation"])
    return d


PASSPORT = {
    "surname": "Smith",
    "given_names": "Anna",
    "number": "K1234567",
    "nationality": "GB",
    "sex": "F",
    "date_of_birth": dt.date(1981, 5, 31),
    "place_of_birth": "Leeds",
    "date_of_issue": dt.date(2022, 3, 1),
    "date_of_expiry": dt.date(2032, 3, 1),
}


def give_passport(registration, **changes):
    return passports.submit_passport(registration=registration, consent=True, **{**PASSPORT, **changes})


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def sessions(config):
    """Two sessions on the event's agenda, an hour each, one after the other."""
    from datetime import timedelta

    from events.models import EventSession

    page = config.event
    made = [
        EventSession.objects.create(
            page=page,
            locale=page.locale,
            title=title,
            start=page.start + timedelta(hours=i),
            end=page.start + timedelta(hours=i, minutes=55),
            sort_order=i,
        )
        for i, title in enumerate(("开幕式", "主旨演讲"))
    ]
    return made


@pytest.fixture
def staff():
    def make(event, role, name="clerk", language=None):
        user = make_staff(name, event, role)
        if language:  # the Wagtail admin speaks the user's preferred language (else Chinese, the default)
            from wagtail.users.models import UserProfile

            profile = UserProfile.get_for_user(user)
            profile.preferred_language = language
            profile.save()
        return user

    return make


__all__ = [
    "AS_SCRIPT",
    "PASSPORT",
    "Role",
    "attending",
    "config",
    "delegation",
    "forum_page",
    "give_passport",
    "guest_category",
    "guests",
    "make_person",
    "make_staff",
    "other_config",
    "pdf_pages",
    "pdf_text",
    "rank",
    "sessions",
    "staff",
    "superuser",
]
