"""The guest's travel and needs on their personal page: saved when right, explained when wrong, closed when over."""

import pytest
from django.test import Client

from registrations.domain.actions import answer_invitation, invite_guests
from registrations.logistics.models import GuestNeeds, Journey
from tests.logistics.conftest import at, attending
from tests.registrations.conftest import make_person
from tests.registrations.test_guest_pages import error_summary, rsvp_url, text

pytestmark = pytest.mark.django_db


def travel_data(event, airport, **changes):
    data = {
        "action": "travel",
        "travel-arrival_mode": "flight",
        "travel-arrival_number": "ca 1347",
        "travel-arrival_date": f"{at(event, -1, '00:00'):%Y-%m-%d}",
        "travel-arrival_time": "14:05",
        "travel-arrival_hub": str(airport.pk),
        "travel-arrival_terminal": "t2",
        "travel-arrival_other_end": "Beijing",
        "travel-arrival_transfer": "on",
        "travel-departure_mode": "flight",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_travel_and_needs_sections_are_on_an_attending_guests_page(event):
    guest = attending(event, 1)
    page = text(Client().get(rsvp_url(guest)))
    assert "Your travel" in page
    assert "Meals, access and accommodation" in page
    assert "Changsha Huanghua International Airport (CSX)" in page


def test_a_guest_sends_their_arrival(event, airport):
    guest = attending(event, 1)
    response = Client().post(rsvp_url(guest), travel_data(event, airport), follow=True)
    assert "Thank you: your travel details are saved." in text(response)
    journey = Journey.objects.get(registration=guest)
    assert (journey.direction, journey.number, journey.terminal, journey.at) == (
        "arrival",
        "CA1347",
        "T2",
        at(event, -1, "14:05"),
    )
    assert journey.needs_transfer is True
    assert not Journey.objects.filter(registration=guest, direction="departure").exists()


def test_missing_parts_of_a_journey_are_explained_and_nothing_is_written(event, airport):
    guest = attending(event, 1)
    response = Client().post(
        rsvp_url(guest), travel_data(event, airport, **{"travel-arrival_time": "", "travel-arrival_number": ""})
    )
    summary = error_summary(response)
    assert "Please give the time." in summary
    assert "Please give the flight or train number." in summary
    assert not Journey.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("travel-arrival_date", "31/02/2027"),
        ("travel-arrival_time", "25:99"),
        ("travel-arrival_hub", "99999"),
        ("travel-arrival_mode", "rocket"),
        ("travel-arrival_number", "X" * 21),
    ],
)
def test_garbage_in_any_travel_field_is_refused_without_a_500(event, airport, field, value):
    guest = attending(event, 1)
    response = Client().post(rsvp_url(guest), travel_data(event, airport, **{field: value}))
    assert response.status_code == 200
    assert error_summary(response)
    assert not Journey.objects.exists()


def test_a_departure_before_the_arrival_is_explained(event, airport):
    guest = attending(event, 1)
    day = f"{at(event, 0, '00:00'):%Y-%m-%d}"
    data = travel_data(
        event, airport,
        **{"travel-arrival_date": day, "travel-departure_number": "CA1348", "travel-departure_date": day,
           "travel-departure_time": "09:00", "travel-departure_hub": str(airport.pk)},
    )  # fmt: skip
    response = Client().post(rsvp_url(guest), data)
    assert "The departure must be after the arrival." in error_summary(response)
    assert not Journey.objects.exists()


def test_emptying_the_form_removes_the_journey(event, airport):
    guest = attending(event, 1)
    client = Client()
    client.post(rsvp_url(guest), travel_data(event, airport))
    empty = dict.fromkeys(travel_data(event, airport), "") | {"action": "travel", "travel-arrival_mode": "flight"}
    client.post(rsvp_url(guest), empty)
    assert not Journey.objects.exists()


def test_a_journey_to_another_place_by_car_needs_no_number(event, airport):
    guest = attending(event, 1)
    data = travel_data(
        event, airport,
        **{"travel-arrival_mode": "road", "travel-arrival_number": "", "travel-arrival_hub": "other",
           "travel-arrival_place": "Zhuzhou", "travel-arrival_transfer": None},
    )  # fmt: skip
    Client().post(rsvp_url(guest), data)
    journey = Journey.objects.get(registration=guest)
    assert (journey.mode, journey.hub, journey.place, journey.needs_transfer) == ("road", None, "Zhuzhou", False)


def test_the_form_shows_what_was_sent(event, airport):
    guest = attending(event, 1)
    client = Client()
    client.post(rsvp_url(guest), travel_data(event, airport))
    html = client.get(rsvp_url(guest)).content.decode()
    assert 'value="CA1347"' in html
    assert 'value="14:05"' in html
    assert f'<option value="{airport.pk}" selected>' in html


def test_a_guest_sends_their_needs(event):
    guest = attending(event, 1)
    data = {
        "action": "needs",
        "needs-diet": ["halal", "not_spicy"],
        "needs-has_allergies": "on",
        "needs-allergies": "peanuts",
        "needs-access": ["wheelchair"],
        "needs-needs_room": "yes",
    }
    response = Client().post(rsvp_url(guest), data, follow=True)
    assert "Thank you: your needs are noted." in text(response)
    needs = GuestNeeds.objects.get(registration=guest)
    assert (needs.diet, needs.allergies, needs.access, needs.needs_room) == (
        ["halal", "not_spicy"],
        "peanuts",
        ["wheelchair"],
        True,
    )


def test_an_allergy_without_saying_which_is_explained(event):
    guest = attending(event, 1)
    response = Client().post(rsvp_url(guest), {"action": "needs", "needs-has_allergies": "on", "needs-diet": ["paleo"]})
    summary = error_summary(response)
    assert "Please say which allergies." in summary
    assert "Select a valid choice. paleo is not one of the available choices." in summary
    assert not GuestNeeds.objects.exists()


def test_a_guest_who_declined_sees_neither_section_and_cannot_post_them(event, airport):
    (guest,) = invite_guests(event=event, people=[make_person(1)], category=event.categories.get(code="guest"))
    answer_invitation(registration=guest, accept=False)
    client = Client()
    page = text(client.get(rsvp_url(guest)))
    assert "Your travel" not in page
    response = client.post(rsvp_url(guest), travel_data(event, airport))
    assert "This is not available any more." in error_summary(response)
    assert not Journey.objects.exists()


def test_the_sections_speak_chinese_on_the_chinese_page(event):
    guest = attending(event, 1)
    page = text(Client().get(rsvp_url(guest, "zh-hans")))
    assert "您的行程" in page
    assert "长沙黄花国际机场 (CSX)" in page
