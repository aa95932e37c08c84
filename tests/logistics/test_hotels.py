"""Hotels, room blocks and rooms; every hotel warning, when the data conflicts and not otherwise."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection
from wagtail.models import ModelLogEntry

from registrations.domain.actions import cancel
from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.hotels import (
    assign_room,
    block_nights,
    change_room,
    delete_block,
    delete_hotel,
    hotel_warnings,
    release_room,
    save_block,
    save_hotel,
    stay_nights,
)
from registrations.logistics.domain.needs import save_needs
from registrations.logistics.domain.travel import Picture, save_travel
from registrations.logistics.models import RoomAssignment, RoomGuest
from tests.logistics.conftest import at, attending, first_day, journey

pytestmark = pytest.mark.django_db


def night(event, offset):
    """The night of the day `offset` days from the event's first day."""
    return first_day(event) + dt.timedelta(days=offset)


@pytest.fixture
def hotel(event):
    return save_hotel(
        event=event, name_zh="长沙华天大酒店", name_en="Huatian Hotel Changsha", address_zh="长沙市芙蓉区解放东路300号",
        address_en="300 Jiefang East Road, Furong District, Changsha", phone="+86 731 8444 2888",
    )  # fmt: skip


@pytest.fixture
def twins(hotel, event):
    """Two twin rooms for the nights before, of and after the first day."""
    return save_block(
        hotel=hotel, room_type_zh="豪华双床房", room_type_en="Deluxe twin", occupancy=2,
        check_in=night(event, -1), check_out=night(event, 2), rooms=2,
    )  # fmt: skip


def staying(event, n, airport, arrive=(-1, "15:00"), leave=(2, "10:00")):
    guest = attending(event, n)
    save_travel(
        registration=guest,
        arrival=journey(at(event, *arrive), airport),
        departure=journey(at(event, *leave), airport),
    )
    return guest


def codes(event):
    return sorted((w.code, w.registrations, w.blocks) for w in hotel_warnings(Picture.load(event)))


def whole_stay(event):
    return {"check_in": night(event, -1), "check_out": night(event, 2)}


# Rooms ---------------------------------------------------------------------------------------


def test_a_shared_room_for_the_whole_stay_raises_no_warning(event, airport, twins, django_user_model):
    organizer = django_user_model.objects.create_user("organizer")
    a, b = staying(event, 1, airport), staying(event, 2, airport)
    room = assign_room(block=twins, registrations=[a, b], room_number="1203", by=organizer, **whole_stay(event))
    assert sorted(room.guests.values_list("registration_id", flat=True)) == [a.pk, b.pk]
    assert len(room.nights) == 3
    assert codes(event) == []
    assert ModelLogEntry.objects.filter(action="logistics.room", user=organizer).count() == 2


def test_a_room_takes_no_more_guests_than_its_beds(event, airport, twins):
    guests = [staying(event, i, airport) for i in range(3)]
    with pytest.raises(RegistrationError) as error:
        assign_room(block=twins, registrations=guests, **whole_stay(event))
    assert error.value.code == "room_too_small"
    assert error.value.message == "豪华双床房最多可住 2 人。"
    assert not RoomAssignment.objects.exists()


def test_a_room_outside_its_blocks_nights_is_refused(event, airport, twins):
    guest = staying(event, 1, airport)
    with pytest.raises(RegistrationError) as error:
        assign_room(block=twins, registrations=[guest], check_in=night(event, -2), check_out=night(event, 1))
    assert error.value.code == "outside_block"
    assert not RoomAssignment.objects.exists()


def test_one_guest_cannot_have_two_rooms_on_the_same_night(event, airport, twins, hotel):
    guest = staying(event, 1, airport)
    assign_room(block=twins, registrations=[guest], check_in=night(event, -1), check_out=night(event, 1))
    with pytest.raises(RegistrationError) as error:
        assign_room(block=twins, registrations=[guest], check_in=night(event, 0), check_out=night(event, 2))
    assert error.value.code == "already_has_room"
    # The next nights, in another room, are fine.
    assign_room(block=twins, registrations=[guest], check_in=night(event, 1), check_out=night(event, 2))
    assert codes(event) == []


def test_cancelled_guests_and_other_events_guests_get_no_room(event, airport, twins, other_guest):
    guest = staying(event, 1, airport)
    cancel(registration=guest)
    for who, code in ((guest, "not_attending"), (other_guest, "wrong_event")):
        with pytest.raises(RegistrationError) as error:
            assign_room(block=twins, registrations=[who], **whole_stay(event))
        assert error.value.code == code
    assert not RoomAssignment.objects.exists()


def test_changing_a_room_moves_its_guests_and_nights(event, airport, twins):
    a, b = staying(event, 1, airport), staying(event, 2, airport)
    room = assign_room(block=twins, registrations=[a], **whole_stay(event))
    change_room(
        assignment=room, registrations=[b], check_in=night(event, 0), check_out=night(event, 2), room_number="808"
    )
    room.refresh_from_db()
    assert list(RoomGuest.objects.filter(assignment=room).values_list("registration_id", flat=True)) == [b.pk]
    assert (room.check_in, room.room_number) == (night(event, 0), "808")


def test_releasing_a_room(event, airport, twins):
    guest = staying(event, 1, airport)
    room = assign_room(block=twins, registrations=[guest], **whole_stay(event))
    release_room(assignment=room)
    assert not RoomGuest.objects.exists()
    assert codes(event) == [("no_room", (guest.pk,), ())]


def test_a_block_or_hotel_with_rooms_given_cannot_be_removed_or_shrunk(event, airport, twins, hotel):
    guest = staying(event, 1, airport)
    assign_room(block=twins, registrations=[guest], **whole_stay(event))
    with pytest.raises(RegistrationError) as error:
        delete_block(block=twins)
    assert error.value.code == "block_in_use"
    with pytest.raises(RegistrationError) as error:
        delete_hotel(hotel=hotel)
    assert error.value.code == "hotel_in_use"
    fields = {"room_type_zh": "豪华双床房", "room_type_en": "Deluxe twin", "rooms": 2, "occupancy": 2}
    with pytest.raises(RegistrationError) as error:
        save_block(hotel=hotel, block=twins, check_in=night(event, 0), check_out=night(event, 2), **fields)
    assert error.value.code == "rooms_outside_block"
    twins.refresh_from_db()
    assert twins.check_in == night(event, -1)


def test_hotel_names_are_unique_per_event(event, hotel):
    with pytest.raises(RegistrationError) as error:
        save_hotel(event=event, name_zh="长沙华天大酒店", name_en="Another")
    assert error.value.code == "duplicate"


# Warnings, both ways -------------------------------------------------------------------------


def test_a_block_over_assigned_on_one_night_is_flagged(event, airport, twins):
    guests = [staying(event, i, airport) for i in range(3)]
    for guest in guests[:2]:
        assign_room(block=twins, registrations=[guest], **whole_stay(event))
    # A third room, for the middle night only: two rooms are held.
    assign_room(block=twins, registrations=[guests[2]], check_in=night(event, 0), check_out=night(event, 1))
    picture = Picture.load(event)
    assert block_nights(picture, twins) == [(night(event, -1), 2), (night(event, 0), 3), (night(event, 1), 2)]
    assert [(w.code, w.blocks) for w in hotel_warnings(picture) if w.code == "block_over_assigned"] == [
        ("block_over_assigned", (twins.pk,))
    ]
    (warning,) = [w for w in hotel_warnings(picture) if w.code == "block_over_assigned"]
    assert f"{night(event, 0):%m-%d}" in warning.message
    assert f"{night(event, 1):%m-%d}" not in warning.message


def test_a_full_block_is_not_flagged(event, airport, twins):
    for i in range(2):
        assign_room(block=twins, registrations=[staying(event, i, airport)], **whole_stay(event))
    assert codes(event) == []


def test_nights_that_do_not_cover_the_stay_are_flagged(event, airport, twins):
    guest = staying(event, 1, airport)
    assign_room(block=twins, registrations=[guest], check_in=night(event, 0), check_out=night(event, 2))
    assert codes(event) == [("stay_not_covered", (guest.pk,), (twins.pk,))]
    (warning,) = hotel_warnings(Picture.load(event))
    stay, missing = f"{night(event, -1):%m-%d}–{night(event, 1):%m-%d}", f"{night(event, -1):%m-%d}"
    assert warning.message == f"Anna1 Smith在长期间为 {stay}，但 {missing} 当晚尚无房间。"


def test_an_early_morning_arrival_needs_the_night_before(event, airport, twins):
    guest = staying(event, 1, airport, arrive=(0, "02:30"))
    assert stay_nights(
        Picture.load(event).journey(guest.pk, "arrival"), Picture.load(event).journey(guest.pk, "departure")
    ) == [night(event, -1), night(event, 0), night(event, 1)]
    assign_room(block=twins, registrations=[guest], check_in=night(event, 0), check_out=night(event, 2))
    assert codes(event) == [("stay_not_covered", (guest.pk,), (twins.pk,))]


def test_a_guest_who_needs_a_room_and_has_none_is_flagged(event, airport):
    guest = staying(event, 1, airport)
    assert codes(event) == [("no_room", (guest.pk,), ())]


def test_guests_who_need_no_room_are_not_flagged(event, airport):
    local = staying(event, 1, airport)
    save_needs(registration=local, needs_room=False)
    attending(event, 2)  # no travel, nothing said: a local guest
    assert codes(event) == []


def test_a_guest_who_says_they_need_a_room_is_flagged_without_travel(event):
    guest = attending(event, 1)
    save_needs(registration=guest, needs_room=True)
    assert codes(event) == [("no_room", (guest.pk,), ())]


def test_a_cancelled_guest_keeping_a_room_is_flagged(event, airport, twins):
    guest = staying(event, 1, airport)
    assign_room(block=twins, registrations=[guest], **whole_stay(event))
    cancel(registration=guest)
    assert codes(event) == [("not_attending_in_room", (guest.pk,), (twins.pk,))]


# Two organizers at once ----------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="the in-memory SQLite test database cannot take concurrent connections"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_organizers_giving_one_guest_rooms_at_once_give_one(event, airport, twins, hotel):
    """Real threads, real connections: the guest's row lock makes the second see the first's room."""
    guest = staying(event, 1, airport)
    other = save_block(
        hotel=hotel, room_type_zh="行政大床房", room_type_en="Executive king", occupancy=1,
        check_in=night(event, -1), check_out=night(event, 2), rooms=5,
    )  # fmt: skip
    barrier = threading.Barrier(2)
    outcomes = []

    def organizer(block):
        try:
            barrier.wait(timeout=10)
            assign_room(block=block, registrations=[guest], **whole_stay(event))
            outcomes.append("ok")
        except RegistrationError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=organizer, args=(block,)) for block in (twins, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["already_has_room", "ok"]
    assert RoomGuest.objects.filter(registration=guest).count() == 1
