"""Every back-office URL of logistics, for every role at its own event and for staff of another event."""

import datetime as dt

import pytest
from django.urls import reverse

from registrations.logistics.admin.urls import urlpatterns
from registrations.logistics.domain.hotels import assign_room, save_block, save_hotel
from registrations.logistics.domain.transfers import plan_trip, save_vehicle
from registrations.logistics.domain.travel import save_travel
from registrations.logistics.models import GuestNeeds, Hotel, Hub, Meal, RoomAssignment, Trip, TripPassenger, Vehicle
from registrations.models import EventRole
from tests.logistics.conftest import at, attending, first_day, journey
from tests.registrations.test_backoffice import make_staff, superuser  # noqa: F401

pytestmark = pytest.mark.django_db

Role = EventRole.Role
AS_SCRIPT = {"x-requested-with": "XMLHttpRequest"}

# (URL name, method, what its URL is about, data); the writes come last, the deleting ones at the very end.
ROUTES = [
    ("board", "get", None, {}),
    ("warnings", "get", None, {}),
    ("travel", "get", None, {}),
    ("travel_results", "get", None, {}),
    ("guest", "get", "guest", {}),
    ("guest_calendar", "get", "guest", {}),
    ("transfers", "get", None, {}),
    ("trip", "get", "trip", {}),
    ("vehicles", "get", None, {}),
    ("hotels", "get", None, {}),
    ("hotel", "get", "hotel", {}),
    ("needs", "get", None, {}),
    ("exports", "get", None, {}),
    ("export_pickups", "get", None, {}),
    ("export_rooming", "get", None, {}),
    ("export_kitchen", "get", None, {}),
    ("setup", "get", None, {}),
    ("hub_add", "get", None, {}),
    ("hub_edit", "get", "hub", {}),
    ("trip_add", "get", None, {}),
    ("trip_edit", "get", "trip", {}),
    ("vehicle_add", "get", None, {}),
    ("vehicle_edit", "get", "vehicle", {}),
    ("hotel_add", "get", None, {}),
    ("hotel_edit", "get", "hotel", {}),
    ("block_add", "get", "hotel", {}),
    ("block_edit", "get", "block", {}),
    ("room_add", "get", None, {}),
    ("room_edit", "get", "room", {}),
    ("guest", "post", "guest", {"action": "needs", "needs-diet": ["halal"]}),
    ("plan_trip", "post", None, {"direction": "arrival"}),
    ("trip_passengers", "post", "trip", {"passenger": "guest"}),
    ("meals", "post", None, {}),
    ("hub_delete", "post", "hub", {}),
    ("vehicle_delete", "post", "vehicle", {}),
    ("hotel_delete", "post", "hotel", {}),
    ("block_delete", "post", "block", {}),
    ("room_release", "post", "room", {}),
    ("trip_delete", "post", "trip", {}),
]
READ = {(name, method) for name, method, _about, _data in ROUTES[:16]}
ALLOWED = {
    Role.MANAGER: {(name, method) for name, method, _a, _d in ROUTES},
    Role.LOGISTICS: {(name, method) for name, method, _a, _d in ROUTES},
    Role.REGISTRATION: READ,
    Role.CHECKIN: set(),
}


def the_world(config):
    """One of everything an event's logistics has; deleting any but the room and trip is refused, as they are in use."""
    guest = attending(config, config.pk * 100)
    hub = Hub.objects.get(event=config, code="CSX")
    save_travel(registration=guest, arrival=journey(at(config, -1, "14:00"), hub), departure=None)
    vehicle = save_vehicle(event=config, name="VIP 1", seats=3)
    hotel = save_hotel(event=config, name_zh="华天", name_en="Huatian")
    night = first_day(config) - dt.timedelta(days=1)
    block = save_block(
        hotel=hotel,
        room_type_zh="大床房",
        room_type_en="King",
        check_in=night,
        check_out=night + dt.timedelta(days=3),
        rooms=4,
    )
    room = assign_room(block=block, registrations=[guest], check_in=night, check_out=night + dt.timedelta(days=3))
    trip = plan_trip(
        event=config, passengers=[guest], direction="arrival", pickup_at=at(config, -1, "14:45"), hub=hub, hotel=hotel,
        vehicle=vehicle,
    )  # fmt: skip
    return {"guest": guest, "hub": hub, "vehicle": vehicle, "hotel": hotel, "block": block, "room": room, "trip": trip}


@pytest.fixture
def worlds(event, other_config):
    return {"mine": (event, the_world(event)), "theirs": (other_config, the_world(other_config))}


def call(client, config, world, name, method, about, data, headers=AS_SCRIPT):
    args = [config.pk] + ([world[about].pk] if about else [])
    data = {key: world["guest"].pk if value == "guest" else value for key, value in data.items()}
    path = reverse(f"logistics_admin:{name}", args=args)
    return getattr(client, method)(path, data, headers=headers)


def outcome(response):
    if response.status_code == 200 or (response.status_code == 302 and "/login/" not in response["Location"]):
        return "ok"
    return response.status_code


def counts():
    models = (Hub, Vehicle, Hotel, Trip, TripPassenger, RoomAssignment, GuestNeeds, Meal)
    return {model.__name__: model.objects.count() for model in models}


def test_the_route_table_covers_every_url():
    assert {pattern.name for pattern in urlpatterns} == {name for name, *_rest in ROUTES}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_at_its_own_event_through_every_url(client, worlds, role):
    config, world = worlds["mine"]
    client.force_login(make_staff("clerk", config, role))
    seen = {
        (name, method): outcome(call(client, config, world, name, method, about, data))
        for name, method, about, data in ROUTES
    }
    assert seen == {key: "ok" if key in ALLOWED[role] else 403 for key in seen}


@pytest.mark.parametrize("role", list(Role))
def test_staff_of_one_event_are_refused_every_url_of_another_and_change_nothing(client, worlds, role):
    mine, _ = worlds["mine"]
    theirs, their_world = worlds["theirs"]
    client.force_login(make_staff("clerk", mine, role))
    before = counts()
    seen = {
        (name, method): outcome(call(client, theirs, their_world, name, method, about, data))
        for name, method, about, data in ROUTES
    }
    assert seen == dict.fromkeys(seen, 403)
    assert counts() == before


@pytest.mark.parametrize("role", [Role.REGISTRATION, Role.CHECKIN])
def test_roles_that_may_not_edit_change_nothing(client, worlds, role):
    config, world = worlds["mine"]
    client.force_login(make_staff("clerk", config, role))
    before = counts()
    for name, method, about, data in ROUTES:
        if method == "post":
            assert call(client, config, world, name, method, about, data).status_code == 403, name
    assert counts() == before


@pytest.mark.parametrize("about", ["guest", "trip", "hotel", "block", "room", "vehicle", "hub"])
def test_an_object_of_another_event_is_not_found_through_ones_own(client, worlds, about):
    mine, _ = worlds["mine"]
    _, their_world = worlds["theirs"]
    client.force_login(make_staff("boss", mine, Role.MANAGER))
    name = {"guest": "guest", "trip": "trip", "hotel": "hotel", "block": "block_edit", "room": "room_edit",
            "vehicle": "vehicle_edit", "hub": "hub_edit"}[about]  # fmt: skip
    response = client.get(reverse(f"logistics_admin:{name}", args=[mine.pk, their_world[about].pk]), headers=AS_SCRIPT)
    # The locale middleware redirects an admin 404 to /zh-hans/...; that one is a 404 too.
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 404


def test_anonymous_users_are_sent_to_the_login(client, worlds):
    config, world = worlds["mine"]
    for name, method, about, data in ROUTES:
        response = call(client, config, world, name, method, about, data, headers={})
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("wagtailadmin_login")), name


def test_superusers_see_every_events_logistics(client, worlds, superuser):  # noqa: F811
    client.force_login(superuser)
    for config, world in worlds.values():
        for name, method, about, data in ROUTES:
            if method == "get":
                assert outcome(call(client, config, world, name, method, about, data)) == "ok", name


def test_the_logistics_tab_is_shown_to_the_roles_that_may_see_it(client, worlds):
    config, _ = worlds["mine"]
    board = reverse("logistics_admin:board", args=[config.pk])
    for role, shown in ((Role.REGISTRATION, True), (Role.CHECKIN, False)):
        user = make_staff(f"clerk-{role}", config, role)
        client.force_login(user)
        page = reverse("registrations_admin:guests", args=[config.pk]) if shown else reverse("wagtailadmin_home")
        html = client.get(page).content.decode()
        assert (board in html) is shown, role
