"""Every URL of the check-in desk, for every role at its own event and for staff of another event."""

import pytest
from django.urls import reverse

from registrations.checkin.admin.urls import urlpatterns
from registrations.checkin.domain.devices import create_device
from registrations.checkin.domain.passes import active_key, rotate_key
from registrations.checkin.models import CheckinPoint, Device, Pass, Scan, SigningKey
from registrations.models import EventRole
from tests.checkin.desk_support import AS_SCRIPT, event, guest, other_event, point, scan  # noqa: F401
from tests.conftest import shanghai
from tests.registrations.test_backoffice import make_staff, superuser  # noqa: F401

pytestmark = pytest.mark.django_db
Role = EventRole.Role

# (URL name, method, what its URL is about, data); the reads first.
ROUTES = [
    ("dashboard", "get", None, {}),
    ("points", "get", None, {}),
    ("devices", "get", None, {}),
    ("keys", "get", None, {}),
    ("passes", "get", None, {"q": "Anna"}),
    ("pass", "get", "guest", {}),
    ("scans", "get", None, {}),
    ("point_add", "get", None, {}),
    ("point_edit", "get", "point", {}),
    ("device_add", "get", None, {}),
    ("device_revoke", "get", "device", {}),
    ("point_add", "post", None, {"name_zh": "侧门", "name_en": "Side door", "direction": "entry"}),
    ("point_edit", "post", "point", {"name_zh": "门", "name_en": "Door", "direction": "exit"}),
    ("device_add", "post", None, {"name": "Phone"}),
    ("key_rotate", "post", None, {}),
    ("key_retire", "post", "old_key", {}),
    ("pass_revoke", "post", "guest", {"reason": "lost"}),
    ("pass_reissue", "post", "guest", {}),
    ("scan_reviewed", "post", "scan", {}),
    ("device_revoke", "post", "device", {}),
    ("point_delete", "post", "unused_point", {}),
]
READ = {(name, method) for name, method, _about, _data in ROUTES[:7]}
ALL = {(name, method) for name, method, _about, _data in ROUTES}
ALLOWED = {Role.MANAGER: ALL, Role.CHECKIN: ALL, Role.REGISTRATION: READ, Role.LOGISTICS: set()}


def the_world(config):
    gate = point(config, "Main gate")
    someone = guest(config, family_name="Smith", given_name="Anna")
    active_key(config=config)
    old_key = SigningKey.objects.get(event=config, key_id=1)
    rotate_key(config=config)
    device, _ = create_device(config=config, name="Phone 1")
    flagged = scan(someone, gate, shanghai(2027, 5, 10, 9), needs_review=True)
    return {"guest": someone, "point": gate, "unused_point": point(config, "Unused"), "device": device,
            "old_key": old_key, "scan": flagged}  # fmt: skip


@pytest.fixture
def worlds(event, other_event):  # noqa: F811
    return {"mine": (event, the_world(event)), "theirs": (other_event, the_world(other_event))}


def call(client, config, world, name, method, about, data, headers=AS_SCRIPT):
    args = [config.pk] + ([world[about].pk] if about else [])
    return getattr(client, method)(reverse(f"checkin_admin:{name}", args=args), data, headers=headers)


def outcome(response):
    if response.status_code == 200 or (response.status_code == 302 and "/login/" not in response["Location"]):
        return "ok"
    return response.status_code


def state():
    return {
        "points": sorted(CheckinPoint.objects.values_list("pk", "name_en", "direction")),
        "devices": sorted(Device.objects.values_list("pk", "revoked_at")),
        "keys": sorted(SigningKey.objects.values_list("pk", "active", "retired_at")),
        "passes": sorted(Pass.objects.values_list("pk", "version", "revoked_at")),
        "scans": sorted(Scan.objects.values_list("pk", "needs_review")),
    }


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
    before = state()
    seen = {
        (name, method): outcome(call(client, theirs, their_world, name, method, about, data))
        for name, method, about, data in ROUTES
    }
    assert seen == dict.fromkeys(seen, 403)
    assert state() == before


@pytest.mark.parametrize("role", [Role.REGISTRATION, Role.LOGISTICS])
def test_roles_that_may_not_manage_change_nothing(client, worlds, role):
    config, world = worlds["mine"]
    client.force_login(make_staff("clerk", config, role))
    before = state()
    for name, method, about, data in ROUTES:
        if method == "post":
            assert call(client, config, world, name, method, about, data).status_code == 403, name
    assert state() == before


def test_anonymous_users_are_sent_to_the_login(client, worlds):
    config, world = worlds["mine"]
    for name, method, about, data in ROUTES:
        response = call(client, config, world, name, method, about, data, headers={})
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("wagtailadmin_login")), name


def test_superusers_see_every_events_desk(client, worlds, superuser):  # noqa: F811
    client.force_login(superuser)
    for config, world in worlds.values():
        for name, method, about, data in ROUTES:
            if method == "get":
                assert outcome(call(client, config, world, name, method, about, data)) == "ok", name


def test_the_check_in_tab_is_shown_to_the_roles_that_may_see_it(client, worlds):
    config, _ = worlds["mine"]
    dashboard = reverse("checkin_admin:dashboard", args=[config.pk])
    guests = reverse("registrations_admin:guests", args=[config.pk])
    for role, shown in ((Role.REGISTRATION, True), (Role.LOGISTICS, False)):
        client.force_login(make_staff(f"clerk-{role}", config, role))
        assert (dashboard in client.get(guests).content.decode()) is shown, role
