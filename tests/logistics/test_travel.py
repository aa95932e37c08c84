"""Guests' arrivals and departures: what is saved, what is refused, and who may change them when."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events.models import EventPage
from registrations.domain.actions import answer_invitation, invite_guests
from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.travel import delete_hub, save_hub, save_travel, transfer_settings
from registrations.logistics.models import Hub, Journey
from tests.logistics.conftest import ARRIVAL, DEPARTURE, at, attending, journey
from tests.registrations.conftest import make_person

pytestmark = pytest.mark.django_db


def test_first_use_creates_changshas_airport_and_stations_once(event):
    transfer_settings(event)
    assert list(Hub.objects.filter(event=event).values_list("code", "name_en")) == [
        ("CSX", "Changsha Huanghua International Airport"),
        ("", "Changsha South Railway Station"),
        ("", "Changsha Railway Station"),
    ]


def test_a_guest_sends_arrival_and_departure(event, airport, station):
    guest = attending(event, 1)
    saved = save_travel(
        registration=guest,
        arrival=journey(at(event, -1, "14:05"), airport, terminal="T2", other_end="Frankfurt"),
        departure=journey(at(event, 2, "09:12"), station, number="G84", mode="train"),
    )
    arrival, departure = saved[ARRIVAL], saved[DEPARTURE]
    assert (arrival.number, arrival.place_name, arrival.other_end, arrival.updated_by) == (
        "CA1234",
        "长沙黄花国际机场 (CSX) T2",
        "Frankfurt",
        None,
    )
    assert (departure.mode, departure.number, departure.hub) == ("train", "G84", station)
    entry = ModelLogEntry.objects.filter(action="logistics.travel", object_id=str(guest.pk)).order_by("pk").first()
    assert entry.data == {"arrival": ["at", "hub", "mode", "number", "other_end", "terminal"]}


def test_saving_the_same_travel_again_changes_and_logs_nothing(event, airport):
    guest = attending(event, 1)
    details = journey(at(event, -1, "14:05"), airport)
    save_travel(registration=guest, arrival=details, departure=None)
    before = ModelLogEntry.objects.count()
    save_travel(registration=guest, arrival=details, departure=None)
    assert ModelLogEntry.objects.count() == before


def test_none_removes_a_journey(event, airport):
    guest = attending(event, 1)
    save_travel(registration=guest, arrival=journey(at(event, -1, "14:05"), airport), departure=None)
    save_travel(registration=guest, arrival=None, departure=None)
    assert not Journey.objects.filter(registration=guest).exists()


def test_a_departure_before_the_arrival_is_refused(event, airport):
    guest = attending(event, 1)
    with pytest.raises(RegistrationError) as error:
        save_travel(
            registration=guest,
            arrival=journey(at(event, 1, "14:05"), airport),
            departure=journey(at(event, 1, "10:00"), airport),
        )
    assert error.value.code == "departs_before_arriving"
    assert not Journey.objects.exists()


@pytest.mark.parametrize(
    ("direction", "day", "code"),
    [
        (ARRIVAL, -31, "implausible_arrival"),
        (ARRIVAL, 2, "implausible_arrival"),
        (DEPARTURE, -1, "implausible_departure"),
    ],
)
def test_journeys_far_from_the_event_are_refused(event, airport, direction, day, code):
    guest = attending(event, 1)
    details = {ARRIVAL: None, DEPARTURE: None, direction: journey(at(event, day, "10:00"), airport)}
    with pytest.raises(RegistrationError) as error:
        save_travel(registration=guest, arrival=details[ARRIVAL], departure=details[DEPARTURE])
    assert error.value.code == code
    assert not Journey.objects.exists()


def test_another_events_airport_or_both_a_hub_and_a_place_are_refused(event, airport, other_hub):
    guest = attending(event, 1)
    for details, code in (
        (journey(at(event, -1, "10:00"), other_hub), "wrong_hub"),
        (journey(at(event, -1, "10:00"), airport, place="Zhangjiajie"), "hub_and_place"),
    ):
        with pytest.raises(RegistrationError) as error:
            save_travel(registration=guest, arrival=details, departure=None)
        assert error.value.code == code
    assert not Journey.objects.exists()


@pytest.fixture
def other_hub(other_config):
    return Hub.objects.get(event=other_config, code="CSX")


def test_guests_who_declined_or_after_the_event_cannot_change_travel(event, airport):
    category = event.categories.get(code="guest")
    (declined,) = invite_guests(event=event, people=[make_person(1)], category=category)
    answer_invitation(registration=declined, accept=False)
    with pytest.raises(RegistrationError) as error:
        save_travel(registration=declined, arrival=journey(at(event, -1, "10:00"), airport), departure=None)
    assert error.value.code == "travel_closed"
    guest = attending(event, 2)
    EventPage.objects.filter(pk=event.event_id).update(end=timezone.now() - dt.timedelta(hours=1))
    event.event.refresh_from_db()
    with pytest.raises(RegistrationError) as error:
        save_travel(registration=guest, arrival=None, departure=None)
    assert error.value.code == "travel_closed"


def test_staff_may_change_travel_for_any_guest_and_are_named(event, airport, django_user_model):
    organizer = django_user_model.objects.create_user("organizer")
    category = event.categories.get(code="guest")
    (invited,) = invite_guests(event=event, people=[make_person(1)], category=category)
    saved = save_travel(
        registration=invited, arrival=journey(at(event, -1, "10:00"), airport), departure=None, by=organizer
    )
    assert saved[ARRIVAL].updated_by == organizer


def test_a_hub_with_journeys_cannot_be_removed_and_names_are_unique(event, airport):
    guest = attending(event, 1)
    save_travel(registration=guest, arrival=journey(at(event, -1, "10:00"), airport), departure=None)
    with pytest.raises(RegistrationError) as error:
        delete_hub(hub=airport)
    assert error.value.code == "hub_in_use"
    with pytest.raises(RegistrationError) as error:
        save_hub(event=event, kind="airport", name_zh="长沙黄花国际机场", name_en="CSX again")
    assert error.value.code == "duplicate"
    unused = save_hub(event=event, kind="station", name_zh="株洲西站", name_en="Zhuzhou West")
    delete_hub(hub=unused)
    assert not Hub.objects.filter(pk=unused.pk).exists()
