"""An event with attending guests, Changsha's airport and stations, and helpers to give them travel."""

import datetime as dt

import pytest

from events.models import EventPage
from registrations.domain.actions import answer_invitation, invite_guests
from registrations.domain.events import config_for
from registrations.logistics.domain.travel import transfer_settings
from registrations.logistics.models import Hub, Journey
from tests.conftest import SHANGHAI, days_from_now
from tests.factories import make_event
from tests.registrations.conftest import config, forum_page, guest_category, make_person  # noqa: F401

ARRIVAL, DEPARTURE = Journey.Direction.ARRIVAL, Journey.Direction.DEPARTURE


@pytest.fixture
def event(config):  # noqa: F811
    """The forum without a capacity limit, its transfer settings and hubs created."""
    EventPage.objects.filter(pk=config.event_id).update(capacity=None)
    config.event.refresh_from_db()
    transfer_settings(config)
    return config


@pytest.fixture
def airport(event):
    return Hub.objects.get(event=event, code="CSX")


@pytest.fixture
def station(event):
    return Hub.objects.get(event=event, name_zh="长沙南站")


def first_day(event) -> dt.date:
    """The event's first day in Beijing time."""
    return event.event.start.astimezone(SHANGHAI).date()


def at(event, day_offset: int, hhmm: str) -> dt.datetime:
    """A moment `day_offset` days from the event's first day, in Beijing time."""
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(first_day(event) + dt.timedelta(days=day_offset), dt.time(hour, minute), tzinfo=SHANGHAI)


def attending(event, n, **person):
    """A guest who accepted the invitation."""
    category = event.categories.get(code="guest")
    (registration,) = invite_guests(event=event, people=[make_person(n, **person)], category=category)
    return answer_invitation(registration=registration, accept=True)


def journey(when, hub, *, number="CA1234", mode=Journey.Mode.FLIGHT, **extra):
    return {"mode": mode, "number": number, "at": when, "hub": hub, **extra}


@pytest.fixture
def other_config(forum_page, index_pages):  # noqa: F811
    """Another event, whose staff and guests must never mix with the forum's."""
    page = make_event(index_pages["zh-hans"], brand=forum_page.brand, start=days_from_now(90), slug="other-2027")
    other = config_for(page)
    transfer_settings(other)
    return other


@pytest.fixture
def other_guest(other_config):
    category = other_config.categories.get(code="guest")
    (registration,) = invite_guests(event=other_config, people=[make_person(99)], category=category)
    return answer_invitation(registration=registration, accept=True)
