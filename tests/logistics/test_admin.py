"""The logistics back office at work: the board, suggestions taken up, trips, vehicles, hotels, rooms, meals.

Lists many guests long: their query counts do not grow with the number of guests.
"""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.hotels import assign_room, save_block, save_hotel
from registrations.logistics.domain.needs import save_needs
from registrations.logistics.domain.transfers import plan_trip, save_vehicle
from registrations.logistics.domain.travel import save_travel
from registrations.logistics.models import Hotel, Meal, RoomAssignment, RoomBlock, Trip, TripPassenger, Vehicle
from tests.logistics.conftest import at, attending, first_day, journey
from tests.registrations.test_backoffice import make_staff, texts

pytestmark = pytest.mark.django_db


def url(name, config, *args):
    return reverse(f"logistics_admin:{name}", args=[config.pk, *args])


@pytest.fixture
def organizer(client, event):
    client.force_login(make_staff("organizer", event, "logistics"))
    return client


def arriving(event, n, hub, hhmm, day=-1, **extra):
    guest = attending(event, n)
    save_travel(registration=guest, arrival=journey(at(event, day, hhmm), hub, **extra), departure=None)
    return guest


def in_english(client, path, data=None):
    return client.get(path, data or {}, HTTP_ACCEPT_LANGUAGE="en")


# The board ---------------------------------------------------------------------------------------


def test_the_board_lists_a_days_arrivals_per_hub_in_time_order_with_transfer_and_hotel(
    organizer, event, airport, station
):
    late = arriving(event, 1, airport, "16:00")
    early = arriving(event, 2, airport, "09:30", number="CZ3387", terminal="T2")
    by_train = arriving(event, 3, station, "11:00", number="G83", mode="train")
    arriving(event, 4, airport, "10:00", day=0)  # another day
    van = save_vehicle(event=event, name="VIP 1", seats=3, plate="湘A·H9001")
    hotel = save_hotel(event=event, name_zh="华天", name_en="Huatian")
    night = first_day(event) - dt.timedelta(days=1)
    nights = {"check_in": night, "check_out": night + dt.timedelta(days=3)}
    block = save_block(hotel=hotel, room_type_zh="大床房", room_type_en="King", rooms=5, **nights)
    assign_room(block=block, registrations=[early], **nights)
    plan_trip(
        event=event,
        passengers=[early],
        direction="arrival",
        pickup_at=at(event, -1, "10:15"),
        hub=airport,
        hotel=hotel,
        vehicle=van,
    )
    day = first_day(event) - dt.timedelta(days=1)
    response = in_english(organizer, url("board", event), {"day": day.isoformat()})
    places = response.context["places"]
    assert [(p.hub.code, [r.guest.pk for r in p.arrivals]) for p in places] == [
        ("CSX", [early.pk, late.pk]),
        ("", [by_train.pk]),
    ]
    first = places[0].arrivals[0]
    assert (first.trip.reference, first.hotel, first.warnings) == (f"T{Trip.objects.get().pk}", hotel, [])
    assert [w.code for w in places[0].arrivals[1].warnings] == ["no_arrival_transfer", "no_room"]
    html = response.content.decode()
    assert "CZ3387" in html
    assert "VIP 1 · 湘A·H9001" in html


def test_the_board_opens_on_the_first_travel_day_and_says_when_nobody_travels(organizer, event, airport):
    guest = arriving(event, 1, airport, "16:00")
    response = organizer.get(url("board", event))
    assert response.context["day"] == first_day(event) - dt.timedelta(days=1)
    quiet = organizer.get(url("board", event), {"day": first_day(event).isoformat()})
    assert quiet.context["places"] == []
    garbage = organizer.get(url("board", event), {"day": "yesterday"})
    assert garbage.status_code == 200
    assert garbage.context["places"][0].arrivals[0].guest == guest


def crowd(event, airport, hotel_block, start, count):
    """`count` more guests landing a minute apart, each with a room, and trips of four."""
    guests = []
    for i in range(start, start + count):
        guest = arriving(event, i, airport, f"{10 + (i % 8):02d}:{i % 60:02d}")
        save_needs(registration=guest, diet=["halal"] if i % 3 else [], allergies="花生" if i % 5 == 0 else "")
        assign_room(
            block=hotel_block, registrations=[guest], check_in=hotel_block.check_in, check_out=hotel_block.check_out
        )
        guests.append(guest)
    van = save_vehicle(event=event, name=f"Van {start}", seats=4)
    for i in range(0, len(guests), 4):
        plan_trip(
            event=event, passengers=guests[i : i + 4], direction="arrival", pickup_at=at(event, -1, "19:00"),
            hub=airport, hotel=hotel_block.hotel, vehicle=van,
        )  # fmt: skip
    return guests


def queries(client, path, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, data or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("board", lambda e: {"day": (first_day(e) - dt.timedelta(days=1)).isoformat()}),
        ("warnings", lambda e: {}),
        ("travel", lambda e: {}),
        ("transfers", lambda e: {"day": (first_day(e) - dt.timedelta(days=1)).isoformat()}),
        ("hotels", lambda e: {}),
        ("needs", lambda e: {}),
        ("vehicles", lambda e: {}),
        ("export_pickups", lambda e: {}),
        ("export_rooming", lambda e: {}),
        ("export_kitchen", lambda e: {}),
    ],
)
def test_lists_do_not_grow_in_queries_with_the_guests(organizer, event, airport, name, params):
    hotel = save_hotel(event=event, name_zh="华天", name_en="Huatian")
    night = first_day(event) - dt.timedelta(days=1)
    block = save_block(
        hotel=hotel,
        room_type_zh="大床房",
        room_type_en="King",
        check_in=night,
        check_out=night + dt.timedelta(days=3),
        rooms=200,
    )
    crowd(event, airport, block, 0, 4)
    few = queries(organizer, url(name, event), params(event))
    crowd(event, airport, block, 100, 24)
    assert queries(organizer, url(name, event), params(event)) == few


# Suggestions and trips ---------------------------------------------------------------------------


def suggestion_data(organizer, event):
    response = organizer.get(url("transfers", event))
    (suggestion,) = response.context["suggestions"]
    local = timezone.localtime(suggestion.pickup_at)
    return {
        "direction": suggestion.direction,
        "hub": suggestion.hub.pk,
        "pickup_at": f"{local:%Y-%m-%dT%H:%M}",
        "vehicle": suggestion.vehicle.pk if suggestion.vehicle else "",
        "place": "湖南国际会展中心",
        "passenger": [r.pk for r in suggestion.passengers],
    }


def test_one_click_turns_a_suggestion_into_a_trip_and_a_second_click_changes_nothing(organizer, event, airport):
    guests = [arriving(event, i, airport, f"14:{i:02d}") for i in range(3)]
    van = save_vehicle(event=event, name="VIP 1", seats=4)
    data = suggestion_data(organizer, event)
    response = organizer.post(url("plan_trip", event), data)
    trip = Trip.objects.get()
    assert texts(response) == [f"车次 {trip.reference} 已安排，共 3 名乘客。"]
    assert (trip.vehicle, trip.place, f"{timezone.localtime(trip.pickup_at):%H:%M}") == (
        van,
        "湖南国际会展中心",
        "14:45",
    )
    assert sorted(trip.passengers.values_list("registration_id", flat=True)) == [g.pk for g in guests]
    again = organizer.post(url("plan_trip", event), data)
    assert Trip.objects.count() == 1
    assert [m.level_tag for m in again.wsgi_request._messages][-1] == "error"
    assert organizer.get(url("transfers", event)).context["suggestions"] == []


def test_a_stale_or_garbled_suggestion_is_refused_with_a_message(organizer, event, airport):
    arriving(event, 1, airport, "14:00")
    for data in ({}, {"direction": "sideways", "hub": "x", "pickup_at": "soon", "passenger": ["a"]}):
        response = organizer.post(url("plan_trip", event), data, follow=True)
        shown = [str(m).strip() for m in response.context["messages"]]
        assert shown == ["该建议已失效，请重新查看车次。"]
    assert not Trip.objects.exists()


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="the in-memory SQLite test database cannot take concurrent connections"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_organizers_taking_up_the_same_suggestion_at_once_make_one_trip(event, airport):
    """Real threads, real connections: the database's constraint lets one trip have the guests."""
    guests = [arriving(event, i, airport, f"14:{i:02d}") for i in range(3)]
    barrier = threading.Barrier(2)
    outcomes = []

    def organizer():
        try:
            barrier.wait(timeout=10)
            plan_trip(
                event=event, passengers=guests, direction="arrival", pickup_at=at(event, -1, "14:45"), hub=airport,
                place="会展中心",
            )  # fmt: skip
            outcomes.append("ok")
        except RegistrationError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=organizer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["already_on_trip", "ok"]
    assert Trip.objects.count() == 1
    assert TripPassenger.objects.count() == 3


def test_a_new_trip_from_the_form_and_its_passengers(organizer, event, airport):
    guests = [arriving(event, i, airport, f"14:{i:02d}") for i in range(2)]
    van = save_vehicle(event=event, name="VIP 1", seats=4)
    day = first_day(event) - dt.timedelta(days=1)
    response = organizer.post(
        url("trip_add", event),
        {"direction": "arrival", "pickup_at": f"{day:%Y-%m-%d} 14:40", "duration": 50, "hub": airport.pk,
         "place": "会展中心", "vehicle": van.pk},
    )  # fmt: skip
    trip = Trip.objects.get()
    assert response["Location"] == url("trip", event, trip.pk)
    page = organizer.get(url("trip", event, trip.pk))
    assert [row["guest"].pk for row in page.context["candidates"]] == [guests[1].pk, guests[0].pk]  # nearest first
    organizer.post(url("trip_passengers", event, trip.pk), {"passenger": [g.pk for g in guests]})
    assert trip.passengers.count() == 2
    organizer.post(url("trip_passengers", event, trip.pk), {"remove": guests[0].pk})
    assert list(trip.passengers.values_list("registration_id", flat=True)) == [guests[1].pk]


def test_an_invalid_trip_form_says_why_and_writes_nothing(organizer, event, airport):
    response = organizer.post(url("trip_add", event), {"direction": "arrival", "pickup_at": "", "duration": 0})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"pickup_at", "duration"}
    refused = organizer.post(
        url("trip_add", event), {"direction": "arrival", "pickup_at": "2030-01-01 10:00", "duration": 30, "place": "x"}
    )
    assert refused.context["form"].non_field_errors() == ["接送机（站）车次须指定机场或车站。"]
    assert not Trip.objects.exists()


# Vehicles, hotels, rooms, meals ------------------------------------------------------------------


def test_vehicles_are_added_and_a_duplicate_name_is_explained(organizer, event):
    data = {"name": "VIP 1", "kind": "car", "seats": 3, "plate": "湘A·H9001", "driver_name": "刘建华"}
    organizer.post(url("vehicle_add", event), data)
    again = organizer.post(url("vehicle_add", event), data)
    assert again.status_code == 200
    assert len(again.context["form"].non_field_errors()) == 1
    assert Vehicle.objects.count() == 1


def test_a_vehicle_in_use_is_not_deleted(organizer, event, airport):
    van = save_vehicle(event=event, name="VIP 1", seats=3)
    plan_trip(
        event=event,
        passengers=[],
        direction="arrival",
        pickup_at=at(event, -1, "10:00"),
        hub=airport,
        place="x",
        vehicle=van,
    )
    response = organizer.post(url("vehicle_delete", event, van.pk))
    assert len(texts(response)) == 1
    assert Vehicle.objects.filter(pk=van.pk).exists()


def test_a_hotel_a_block_and_a_shared_room(organizer, event, airport):
    a, b = arriving(event, 1, airport, "10:00"), arriving(event, 2, airport, "10:30")
    organizer.post(url("hotel_add", event), {"name_zh": "华天", "name_en": "Huatian", "sort_order": 0})
    hotel = Hotel.objects.get()
    night = first_day(event) - dt.timedelta(days=1)
    organizer.post(
        url("block_add", event, hotel.pk),
        {"room_type_zh": "双床房", "room_type_en": "Twin", "occupancy": 2, "check_in": night.isoformat(),
         "check_out": (night + dt.timedelta(days=3)).isoformat(), "rooms": 5},
    )  # fmt: skip
    block = RoomBlock.objects.get()
    prefilled = organizer.get(url("room_add", event), {"guest": a.pk, "block": block.pk})
    assert prefilled.context["form"].initial["guest_0"] == a.pk
    response = organizer.post(
        url("room_add", event),
        {"block": block.pk, "check_in": night.isoformat(), "check_out": (night + dt.timedelta(days=3)).isoformat(),
         "guest_0": a.pk, "guest_1": b.pk, "room_number": "808"},
    )  # fmt: skip
    assert response["Location"] == url("hotel", event, hotel.pk)
    room = RoomAssignment.objects.get()
    assert sorted(room.guests.values_list("registration_id", flat=True)) == [a.pk, b.pk]
    page = organizer.get(url("hotel", event, hotel.pk))
    assert [n["given"] for n in page.context["blocks"][0]["nights"]] == [1, 1, 1]


def test_a_room_for_too_many_or_twice_the_same_guest_is_explained(organizer, event, airport):
    guests = [arriving(event, i, airport, "10:00") for i in range(3)]
    hotel = save_hotel(event=event, name_zh="华天", name_en="Huatian")
    night = first_day(event) - dt.timedelta(days=1)
    block = save_block(
        hotel=hotel,
        room_type_zh="大床房",
        room_type_en="King",
        occupancy=1,
        check_in=night,
        check_out=night + dt.timedelta(days=2),
        rooms=5,
    )
    base = {"block": block.pk, "check_in": night.isoformat(), "check_out": (night + dt.timedelta(days=2)).isoformat()}
    twice = organizer.post(url("room_add", event), {**base, "guest_0": guests[0].pk, "guest_1": guests[0].pk})
    crowded = organizer.post(url("room_add", event), {**base, "guest_0": guests[0].pk, "guest_1": guests[1].pk})
    garbage = organizer.post(url("room_add", event), {**base, "check_in": "someday", "guest_0": "x"})
    for response in (twice, crowded, garbage):
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not RoomAssignment.objects.exists()


def test_meals_are_marked_from_the_needs_screen(organizer, event, forum_page):
    from events.models import EventSession

    session = EventSession.objects.create(
        page=forum_page,
        locale=forum_page.locale,
        title="欢迎宴会",
        start=at(event, 0, "18:30"),
        end=at(event, 0, "20:30"),
    )
    organizer.post(url("meals", event), {f"meal_{session.translation_key}": "banquet"})
    assert list(Meal.objects.values_list("session_key", "kind")) == [(session.translation_key, "banquet")]
    response = organizer.get(url("needs", event))
    assert [row["meal"].session.title for row in response.context["totals"]] == ["欢迎宴会"]
    organizer.post(url("meals", event), {f"meal_{session.translation_key}": "brunch"})
    assert Meal.objects.get().kind == "banquet"


def test_staff_correct_a_guests_travel_and_are_named_in_the_log(organizer, event, airport):
    guest = attending(event, 1)
    day = first_day(event) - dt.timedelta(days=1)
    response = organizer.post(
        url("guest", event, guest.pk),
        {"action": "travel", "travel-arrival_mode": "flight", "travel-arrival_number": "CA1347",
         "travel-arrival_date": day.isoformat(), "travel-arrival_time": "14:05", "travel-arrival_hub": airport.pk,
         "travel-arrival_notes": "VIP channel", "travel-departure_mode": "flight"},
    )  # fmt: skip
    assert response.status_code == 302
    journey = guest.journeys.get()
    assert (journey.notes, journey.updated_by.username) == ("VIP channel", "organizer")
    page = organizer.get(url("guest", event, guest.pk))
    assert [entry.action for entry in page.context["log_entries"]] == ["logistics.travel"]


def test_the_settings_change_the_grouping_window(organizer, event):
    data = {"grouping_window": 90, "wait_after_flight": 30, "wait_after_train": 10, "trip_minutes": 45,
            "margin_before_flight": 150, "margin_before_train": 30}  # fmt: skip
    organizer.post(url("setup", event), data)
    event.transfer_settings.refresh_from_db()
    assert (event.transfer_settings.grouping_window, event.transfer_settings.trip_minutes) == (90, 45)
    refused = organizer.post(url("setup", event), {**data, "grouping_window": 0})
    assert refused.status_code == 200
    assert "grouping_window" in refused.context["form"].errors


# Every change is in the audit log; other parts' warnings join the summary; bad input ------------


def test_every_logistics_change_is_in_wagtails_audit_log(event, airport, forum_page, django_user_model):
    from wagtail.models import ModelLogEntry

    from events.models import EventSession
    from registrations.logistics.domain import hotels, needs, transfers, travel

    by = django_user_model.objects.create_user("organizer")
    guest = attending(event, 1)
    night = first_day(event) - dt.timedelta(days=1)
    nights = {"check_in": night, "check_out": night + dt.timedelta(days=2)}
    session = EventSession.objects.create(
        page=forum_page, locale=forum_page.locale, title="午餐", start=at(event, 0, "12:00"), end=at(event, 0, "13:00")
    )
    steps = [
        lambda: travel.save_travel(
            registration=guest, arrival=journey(at(event, -1, "10:00"), airport), departure=None, by=by
        ),
        lambda: needs.save_needs(registration=guest, diet=["halal"], by=by),
        lambda: needs.set_meals(event=event, kinds={session.translation_key: "lunch"}, by=by),
        lambda: travel.save_hub(event=event, kind="station", name_zh="株洲西站", name_en="Zhuzhou West", by=by),
        lambda: transfers.save_transfer_settings(event=event, grouping_window=30, by=by),
        lambda: transfers.save_vehicle(event=event, name="VIP 1", seats=3, by=by),
        lambda: transfers.plan_trip(
            event=event, passengers=[guest], direction="arrival", pickup_at=at(event, -1, "10:45"), hub=airport,
            place="会展中心", by=by,
        ),
        lambda: hotels.save_hotel(event=event, name_zh="华天", name_en="Huatian", by=by),
        lambda: hotels.save_block(
            hotel=Hotel.objects.get(), room_type_zh="大床房", room_type_en="King", rooms=3, by=by, **nights
        ),
        lambda: hotels.assign_room(block=RoomBlock.objects.get(), registrations=[guest], by=by, **nights),
        lambda: hotels.release_room(assignment=RoomAssignment.objects.get(), by=by),
        lambda: transfers.remove_passenger(trip=Trip.objects.get(), registration=guest, by=by),
        lambda: transfers.delete_trip(trip=Trip.objects.get(), by=by),
        lambda: transfers.delete_vehicle(vehicle=Vehicle.objects.get(), by=by),
        lambda: hotels.delete_block(block=RoomBlock.objects.get(), by=by),
        lambda: hotels.delete_hotel(hotel=Hotel.objects.get(), by=by),
    ]  # fmt: skip
    for step in steps:
        before = ModelLogEntry.objects.filter(user=by).count()
        step()
        assert ModelLogEntry.objects.filter(user=by).count() > before, step


def test_other_parts_warnings_join_the_summary_through_the_hook(organizer, event):
    from wagtail import hooks

    from registrations.logistics.domain.travel import LogisticsWarning

    extra = LogisticsWarning("interpreter_double_booked", "Li Na interprets in two rooms at 10:00.", severity="error")
    with hooks.register_temporarily("logistics_warnings", lambda config: [extra] if config == event else []):
        response = organizer.get(url("warnings", event))
    assert [row["warning"] for row in response.context["rows"]] == [extra]
    assert "Li Na interprets in two rooms at 10:00." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("vehicle_add", {"name": "", "kind": "car", "seats": "many"}, {"name", "seats"}),
        ("vehicle_add", {"name": "VIP 9", "kind": "rocket", "seats": 0}, {"kind", "seats"}),
        (
            "hotel_add",
            {"name_zh": "", "name_en": "x" * 300, "sort_order": "first"},
            {"name_zh", "name_en", "sort_order"},
        ),
        ("hub_add", {"kind": "port", "name_zh": "", "name_en": ""}, {"kind", "name_zh", "name_en"}),
    ],
)
def test_bad_input_on_the_forms_is_explained_and_writes_nothing(organizer, event, name, data, field):
    before = (Vehicle.objects.count(), Hotel.objects.count())
    response = organizer.post(url(name, event), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == field
    assert (Vehicle.objects.count(), Hotel.objects.count()) == before


def test_an_empty_order_is_zero(organizer, event):
    organizer.post(url("hub_add", event), {"kind": "station", "name_zh": "株洲西站", "name_en": "Zhuzhou West"})
    assert event.logistics_hubs.get(name_zh="株洲西站").sort_order == 0


def test_a_block_that_ends_before_it_starts_is_explained(organizer, event):
    hotel = save_hotel(event=event, name_zh="华天", name_en="Huatian")
    day = first_day(event)
    response = organizer.post(
        url("block_add", event, hotel.pk),
        {"room_type_zh": "大床房", "room_type_en": "King", "occupancy": 1, "check_in": day.isoformat(),
         "check_out": day.isoformat(), "rooms": 3},
    )  # fmt: skip
    assert response.context["form"].non_field_errors() == ["退房日期须晚于首晚日期。"]
    assert not RoomBlock.objects.exists()


def test_other_parts_screens_join_the_logistics_navigation_through_the_hook(organizer, event):
    from wagtail import hooks

    def interpreters(config, allowed, current):
        return [{"url": f"/admin/interpreters/{config.pk}/", "label": "Interpreters", "current": current == "x"}]

    with hooks.register_temporarily("logistics_nav_items", interpreters):
        nav = organizer.get(url("board", event)).context["logistics_nav"]
    labels = [str(item["label"]) for item in nav]
    assert labels == [
        "抵离总览",
        "抵离信息",
        "接送",
        "酒店",
        "饮食与无障碍需求",
        "导出",
        "Interpreters",
        "提醒",
        "后勤设置",
    ]
    assert nav[labels.index("Interpreters")]["url"] == f"/admin/interpreters/{event.pk}/"
