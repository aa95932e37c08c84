"""Vehicles, trips, passengers, suggested trips; every transfer warning, when the data conflicts and not otherwise."""

import datetime as dt

import pytest
from django.utils.timezone import localtime
from wagtail.models import ModelLogEntry

from registrations.domain.actions import cancel
from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.hotels import assign_room, save_block, save_hotel
from registrations.logistics.domain.needs import save_needs
from registrations.logistics.domain.transfers import (
    add_passengers,
    delete_vehicle,
    plan_trip,
    remove_passenger,
    save_trip,
    save_vehicle,
    suggest_trips,
    transfer_warnings,
)
from registrations.logistics.domain.travel import Picture, save_travel
from registrations.logistics.models import Trip, TripPassenger, Vehicle
from tests.logistics.conftest import ARRIVAL, DEPARTURE, at, attending, first_day, journey

pytestmark = pytest.mark.django_db


@pytest.fixture
def van(event):
    return save_vehicle(
        event=event, name="VIP 1", kind=Vehicle.Kind.MPV, seats=3, plate="湘A·12345", driver_name="王师傅",
        driver_phone="138 0731 0001",
    )  # fmt: skip


@pytest.fixture
def coach(event):
    return save_vehicle(
        event=event, name="Coach 1", kind=Vehicle.Kind.COACH, seats=40, plate="湘A·88888", driver_name="李师傅",
        driver_phone="13807310002",
    )  # fmt: skip


def arriving(event, n, hub, hhmm, day=-1, **extra):
    guest = attending(event, n)
    save_travel(registration=guest, arrival=journey(at(event, day, hhmm), hub, **extra), departure=None)
    return guest


def pickup(event, hub, hhmm, *, passengers=(), vehicle=None, day=-1, hotel=None, **fields):
    fields.setdefault("place", "" if hotel else "湖南国际会展中心")
    return plan_trip(
        event=event,
        passengers=passengers,
        direction=Trip.Direction.ARRIVAL,
        pickup_at=at(event, day, hhmm),
        hub=hub,
        hotel=hotel,
        vehicle=vehicle,
        **fields,
    )


def codes(event):
    return sorted((w.code, w.registrations, w.trips) for w in transfer_warnings(Picture.load(event)))


# Trips and passengers ------------------------------------------------------------------------


def test_a_trip_with_its_passengers_is_planned_and_logged(event, airport, van, django_user_model):
    organizer = django_user_model.objects.create_user("organizer")
    guest = arriving(event, 1, airport, "14:00")
    trip = pickup(event, airport, "14:45", passengers=[guest], vehicle=van, by=organizer)
    assert list(trip.passengers.values_list("registration_id", "direction")) == [(guest.pk, ARRIVAL)]
    assert trip.duration == 60  # the event's usual trip
    assert trip.origin == "长沙黄花国际机场 (CSX)"
    assert trip.destination == "湖南国际会展中心"
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(trip.pk), user=organizer).exists()
    assert ModelLogEntry.objects.filter(action="logistics.transfer", object_id=str(guest.pk)).count() == 1


def test_a_guest_rides_one_arrival_pickup_only(event, airport, van, coach):
    guest = arriving(event, 1, airport, "14:00")
    pickup(event, airport, "14:45", passengers=[guest], vehicle=van)
    with pytest.raises(RegistrationError) as error:
        pickup(event, airport, "15:00", passengers=[guest], vehicle=coach)
    assert error.value.code == "already_on_trip"
    assert Trip.objects.count() == 1  # the second trip was not created either


def test_a_guest_may_ride_an_arrival_a_departure_and_other_trips(event, airport, van):
    guest = arriving(event, 1, airport, "14:00")
    pickup(event, airport, "14:45", passengers=[guest], vehicle=van)
    for _ in range(2):
        plan_trip(
            event=event, passengers=[guest], direction=Trip.Direction.OTHER, pickup_at=at(event, 0, "13:30"),
            meeting_point="会展中心北门", place="自贸区长沙片区", vehicle=van,
        )  # fmt: skip
    assert TripPassenger.objects.filter(registration=guest).count() == 3


def test_cancelled_guests_and_other_events_guests_cannot_board(event, airport, van, other_guest):
    guest = arriving(event, 1, airport, "14:00")
    cancel(registration=guest)
    trip = pickup(event, airport, "14:45", vehicle=van)
    with pytest.raises(RegistrationError) as error:
        add_passengers(trip=trip, registrations=[guest])
    assert error.value.code == "not_attending"
    with pytest.raises(RegistrationError) as error:
        add_passengers(trip=trip, registrations=[other_guest])
    assert error.value.code == "wrong_event"
    assert not trip.passengers.exists()


def test_an_arrival_trip_needs_its_hub_and_a_destination(event, airport):
    base = {"event": event, "direction": Trip.Direction.ARRIVAL, "pickup_at": at(event, -1, "10:00")}
    with pytest.raises(RegistrationError) as error:
        save_trip(**base, place="酒店")
    assert error.value.code == "needs_hub"
    with pytest.raises(RegistrationError) as error:
        save_trip(**base, hub=airport)
    assert error.value.code == "needs_place"
    assert not Trip.objects.exists()


def test_another_events_vehicle_is_refused(event, airport, other_config):
    theirs = save_vehicle(event=other_config, name="Car 9", seats=4)
    with pytest.raises(RegistrationError) as error:
        pickup(event, airport, "10:00", vehicle=theirs)
    assert error.value.code == "wrong_event"


def test_a_vehicle_with_trips_cannot_be_deleted(event, airport, van):
    pickup(event, airport, "10:00", vehicle=van)
    with pytest.raises(RegistrationError) as error:
        delete_vehicle(vehicle=van)
    assert error.value.code == "vehicle_in_use"
    assert Vehicle.objects.filter(pk=van.pk).exists()


def test_vehicle_names_are_unique_per_event(event, van):
    with pytest.raises(RegistrationError) as error:
        save_vehicle(event=event, name="VIP 1", seats=7)
    assert error.value.code == "duplicate"


def test_removing_a_passenger(event, airport, van):
    guest = arriving(event, 1, airport, "14:00")
    trip = pickup(event, airport, "14:45", passengers=[guest], vehicle=van)
    remove_passenger(trip=trip, registration=guest)
    assert not trip.passengers.exists()
    with pytest.raises(RegistrationError) as error:
        remove_passenger(trip=trip, registration=guest)
    assert error.value.code == "not_on_trip"


# Warnings, both ways -------------------------------------------------------------------------


def test_no_warnings_when_every_arrival_has_a_fitting_trip(event, airport, van):
    guests = [arriving(event, i, airport, "14:00") for i in range(3)]
    pickup(event, airport, "14:45", passengers=guests, vehicle=van)
    assert codes(event) == []


def test_a_trip_over_capacity_is_flagged(event, airport, van):
    guests = [arriving(event, i, airport, "14:00") for i in range(4)]
    trip = pickup(event, airport, "14:45", passengers=guests, vehicle=van)
    assert codes(event) == [("over_capacity", (), (trip.pk,))]
    (warning,) = transfer_warnings(Picture.load(event))
    assert warning.message == f"车次 T{trip.pk} 有 4 名乘客，但VIP 1只有 3 个座位。"


def test_a_guest_arriving_with_no_transfer_is_flagged_until_they_have_one(event, airport, van):
    guest = arriving(event, 1, airport, "14:00")
    assert codes(event) == [("no_arrival_transfer", (guest.pk,), ())]
    pickup(event, airport, "14:45", passengers=[guest], vehicle=van)
    assert codes(event) == []


def test_guests_who_need_no_transfer_or_left_the_event_are_not_flagged(event, airport):
    own_car = attending(event, 1)
    save_travel(
        registration=own_car, arrival=journey(at(event, -1, "14:00"), airport, needs_transfer=False), departure=None
    )
    gone = arriving(event, 2, airport, "15:00")
    cancel(registration=gone)
    assert codes(event) == []


def test_a_departure_with_no_transfer_is_flagged(event, airport):
    guest = attending(event, 1)
    save_travel(registration=guest, arrival=None, departure=journey(at(event, 2, "10:00"), airport))
    assert codes(event) == [("no_departure_transfer", (guest.pk,), ())]


def test_a_vehicle_in_two_places_at_once_is_flagged(event, airport, station, van):
    first = pickup(event, airport, "14:00", vehicle=van, duration=60)
    second = pickup(event, station, "14:30", vehicle=van, duration=30)
    assert codes(event) == [("vehicle_double_booked", (), (first.pk, second.pk))]


def test_a_vehicle_back_in_time_for_its_next_trip_is_not_flagged(event, airport, station, van):
    pickup(event, airport, "14:00", vehicle=van, duration=60)
    pickup(event, station, "15:00", vehicle=van, duration=30)
    assert codes(event) == []


def test_a_driver_in_two_vehicles_at_once_is_flagged(event, airport, station, van, coach):
    first = pickup(event, airport, "14:00", vehicle=van)
    # The coach's trip is driven by the van's driver, written another way.
    second = pickup(event, station, "14:30", vehicle=coach, driver_name="王师傅", driver_phone="+86 13807310001")
    assert codes(event) == [("driver_double_booked", (), (first.pk, second.pk))]


def test_two_drivers_at_the_same_time_are_not_flagged(event, airport, station, van, coach):
    pickup(event, airport, "14:00", vehicle=van)
    pickup(event, station, "14:30", vehicle=coach)
    assert codes(event) == []


def test_a_pickup_before_the_flight_lands_is_flagged(event, airport, van):
    guest = arriving(event, 1, airport, "14:00")
    trip = pickup(event, airport, "13:50", passengers=[guest], vehicle=van)
    assert codes(event) == [("pickup_before_arrival", (guest.pk,), (trip.pk,))]
    save_trip(event=event, trip=trip, pickup_at=at(event, -1, "14:00"))
    assert codes(event) == []


def test_a_later_flight_after_the_trip_was_planned_is_flagged_twice(event, airport, van):
    guest = arriving(event, 1, airport, "14:00")
    trip = pickup(event, airport, "14:45", passengers=[guest], vehicle=van)
    save_travel(registration=guest, arrival=journey(at(event, -1, "16:00"), airport), departure=None)
    assert codes(event) == [
        ("pickup_before_arrival", (guest.pk,), (trip.pk,)),
        ("travel_changed", (guest.pk,), (trip.pk,)),
    ]


def test_a_passenger_at_another_airport_than_the_trip_is_flagged(event, airport, station, van):
    guest = arriving(event, 1, station, "14:00", number="G502", mode="train")
    trip = pickup(event, airport, "14:45", passengers=[guest], vehicle=van)
    assert codes(event) == [("wrong_hub", (guest.pk,), (trip.pk,))]


def test_a_drop_off_too_late_for_the_flight_is_flagged(event, airport, van):
    guest = attending(event, 1)
    save_travel(registration=guest, arrival=None, departure=journey(at(event, 2, "12:00"), airport))
    trip = plan_trip(
        event=event, passengers=[guest], direction=Trip.Direction.DEPARTURE, pickup_at=at(event, 2, "09:30"),
        duration=45, hub=airport, place="华天大酒店", vehicle=van,
    )  # fmt: skip
    # Reaches the airport at 10:15, 105 minutes before the flight: the event wants 120.
    assert codes(event) == [("late_for_departure", (guest.pk,), (trip.pk,))]
    save_trip(event=event, trip=trip, pickup_at=at(event, 2, "09:15"))
    assert codes(event) == []


def test_a_trip_with_passengers_and_no_vehicle_is_flagged(event, airport):
    guest = arriving(event, 1, airport, "14:00")
    trip = pickup(event, airport, "14:45", passengers=[guest])
    assert codes(event) == [("no_vehicle", (), (trip.pk,))]


def test_a_cancelled_guest_still_on_a_trip_is_flagged(event, airport, van):
    guest = arriving(event, 1, airport, "14:00")
    trip = pickup(event, airport, "14:45", passengers=[guest], vehicle=van)
    cancel(registration=guest)
    assert codes(event) == [("not_attending_on_trip", (guest.pk,), (trip.pk,))]


def test_a_passenger_with_no_flight_is_flagged(event, airport, van):
    guest = attending(event, 1)
    trip = pickup(event, airport, "14:45", passengers=[guest], vehicle=van)
    assert codes(event) == [("trip_without_journey", (guest.pk,), (trip.pk,))]


# Suggestions ---------------------------------------------------------------------------------


def test_arrivals_within_the_window_at_one_airport_are_suggested_as_one_trip(event, airport, station, van, coach):
    early = arriving(event, 1, airport, "14:00")
    soon = arriving(event, 2, airport, "14:50")
    late = arriving(event, 3, airport, "15:10")  # 70 minutes after the first: the window is 60
    by_train = arriving(event, 4, station, "14:20", number="G502", mode="train")
    suggestions = suggest_trips(Picture.load(event))
    assert [(s.hub.code, [p.pk for p in s.passengers], f"{localtime(s.pickup_at):%H:%M}") for s in suggestions] == [
        ("", [by_train.pk], "14:35"),  # 15 minutes after a train
        ("CSX", [early.pk, soon.pk], "15:30"),  # 40 minutes after the last landing
        ("CSX", [late.pk], "15:50"),
    ]
    assert [s.vehicle for s in suggestions] == [van, coach, van]  # the smallest free vehicle that fits


def test_guests_for_different_hotels_are_suggested_apart(event, airport):
    hotels = [save_hotel(event=event, name_zh=f"酒店{i}", name_en=f"Hotel {i}") for i in range(2)]
    night = first_day(event) - dt.timedelta(days=1)
    nights = {"check_in": night, "check_out": night + dt.timedelta(days=3)}
    blocks = [save_block(hotel=h, room_type_zh="大床房", room_type_en="King", rooms=5, **nights) for h in hotels]
    guests = [arriving(event, i, airport, "14:00") for i in range(3)]
    for guest, block in zip(guests, [blocks[0], blocks[1], blocks[0]], strict=True):
        assign_room(block=block, registrations=[guest], **nights)
    suggestions = suggest_trips(Picture.load(event))
    assert sorted(([p.pk for p in s.passengers], s.hotel.name_en) for s in suggestions) == [
        ([guests[0].pk, guests[2].pk], "Hotel 0"),
        ([guests[1].pk], "Hotel 1"),
    ]


def test_a_group_never_outgrows_the_largest_vehicle(event, airport, van):
    guests = [arriving(event, i, airport, "14:00") for i in range(4)]
    suggestions = suggest_trips(Picture.load(event))
    assert [[p.pk for p in s.passengers] for s in suggestions] == [[g.pk for g in guests[:3]], [guests[3].pk]]
    assert [s.vehicle for s in suggestions] == [van, None]  # the van is busy with the first


def test_a_wheelchair_user_is_suggested_the_accessible_van(event, airport, coach):
    accessible = save_vehicle(event=event, name="Access 1", kind=Vehicle.Kind.ACCESSIBLE, seats=6)
    save_vehicle(event=event, name="Car 1", seats=4)
    guest = arriving(event, 1, airport, "14:00")
    save_needs(registration=guest, access=["wheelchair"])
    (suggestion,) = suggest_trips(Picture.load(event))
    assert (suggestion.vehicle, suggestion.needs_accessible) == (accessible, True)


def test_departures_are_suggested_to_reach_the_airport_in_time(event, airport, van):
    guest = attending(event, 1)
    save_travel(registration=guest, arrival=None, departure=journey(at(event, 2, "12:07"), airport))
    (suggestion,) = suggest_trips(Picture.load(event))
    # 12:07 less 120 minutes at the airport less a 60-minute trip, down to five minutes.
    assert (suggestion.direction, f"{localtime(suggestion.pickup_at):%H:%M}") == (DEPARTURE, "09:05")


def test_guests_with_a_trip_or_who_need_none_are_not_suggested(event, airport, van):
    riding = arriving(event, 1, airport, "14:00")
    pickup(event, airport, "14:45", passengers=[riding], vehicle=van)
    own_car = attending(event, 2)
    save_travel(
        registration=own_car, arrival=journey(at(event, -1, "14:10"), airport, needs_transfer=False), departure=None
    )
    assert suggest_trips(Picture.load(event)) == []
