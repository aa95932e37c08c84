"""Every URL of the Protocol tab, for every role, for staff of another event, and for superusers."""
# ruff: noqa: F405

import pytest
from django.urls import reverse

from registrations.logistics import protocol_hooks
from registrations.logistics.domain import letters, seating
from tests.logistics.protocol_support import *  # noqa: F403

pytestmark = pytest.mark.django_db

# name: (method, data, takes the plan, takes the letter)
ROUTES = {
    "overview": ("get", {}, None),
    "plans": ("get", {}, None),
    "plan": ("get", {}, "plan"),
    "plan_cards": ("get", {}, "plan"),
    "plan_chart": ("get", {}, "plan"),
    "plan_export": ("get", {}, "plan"),
    "precedence": ("get", {}, None),
    "interpreters": ("get", {}, None),
    "interpreter_export": ("get", {}, None),
    "letters": ("get", {}, None),
    "letter_pdf": ("get", {}, "letter"),
    "passport_log": ("get", {}, None),
    "exports": ("get", {}, None),
}
PASSPORT_SCREENS = {"letters", "letter_pdf"}
EVERYTHING = set(ROUTES)
ALLOWED = {
    Role.MANAGER: EVERYTHING - PASSPORT_SCREENS,
    Role.REGISTRATION: EVERYTHING - PASSPORT_SCREENS - {"passport_log"},
    Role.LOGISTICS: EVERYTHING,
    Role.CHECKIN: set(),
}
# What changes something: only managers and logistics staff (POST).
EDITS = {
    "plans": {
        "title": "晚宴",
        "start": "2030-01-01 19:00",
        "end": "2030-01-01 21:00",
        "tables": 2,
        "seats": 8,
        "shape": "round",
    },
    "precedence": {"action": "rules", "tie_breaker": "country_en"},
    "interpreters": {"action": "interpreter", "interpreter-name": "Li Na", "interpreter-pairs": "zh-en"},
}
EDIT_ALLOWED = {Role.MANAGER: set(EDITS), Role.REGISTRATION: set(), Role.LOGISTICS: set(EDITS), Role.CHECKIN: set()}


def objects_of(config, category):
    guest = guests(config, category, 1, start=config.pk * 10)[0]
    give_passport(guest)
    plan = seating.create_plan(
        event=config, title="宴会", tables=[seating.TableSpec()], start=config.event.start, end=config.event.end
    )
    seating.fill_plan(plan=plan)
    (letter,), _refused = letters.issue_letters(event=config, registrations=[guest])
    return {"plan": plan.pk, "letter": letter.pk}


@pytest.fixture
def two_events(config, other_config, guest_category):
    return {
        "mine": (config, objects_of(config, guest_category)),
        "theirs": (other_config, objects_of(other_config, other_config.categories.get(code="guest"))),
    }


def call(client, name, config, objects, data=None, method=None):
    route_method, route_data, takes = ROUTES.get(name, ("post", {}, None))
    args = (config.pk, objects[takes]) if takes else (config.pk,)
    return getattr(client, method or route_method)(
        reverse(f"logistics_protocol:{name}", args=args), data if data is not None else route_data, headers=AS_SCRIPT
    )


def outcome(response):
    if response.status_code == 200 or (response.status_code == 302 and "/login/" not in response["Location"]):
        return "ok"
    return response.status_code


def test_the_route_table_covers_every_url_of_the_protocol_tab():
    (pattern,) = protocol_hooks._urls()
    assert {p.name for p in pattern.url_patterns} == set(ROUTES)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_at_its_own_event_through_every_url(client, two_events, role, staff):
    config, objects = two_events["mine"]
    client.force_login(staff(config, role))
    seen = {name: outcome(call(client, name, config, objects)) for name in ROUTES}
    assert seen == {name: "ok" if name in ALLOWED[role] else 403 for name in ROUTES}


@pytest.mark.parametrize("role", list(Role))
def test_staff_of_one_event_are_refused_every_url_of_another(client, two_events, role, staff):
    mine, _objects = two_events["mine"]
    theirs, their_objects = two_events["theirs"]
    client.force_login(staff(mine, role))
    seen = {name: outcome(call(client, name, theirs, their_objects)) for name in ROUTES}
    assert seen == dict.fromkeys(ROUTES, 403)


@pytest.mark.parametrize("role", list(Role))
def test_only_managers_and_logistics_staff_change_protocol_data(client, two_events, role, staff):
    config, objects = two_events["mine"]
    client.force_login(staff(config, role))
    seen = {name: outcome(call(client, name, config, objects, data, "post")) for name, data in EDITS.items()}
    assert seen == {name: "ok" if name in EDIT_ALLOWED[role] else 403 for name in EDITS}


def test_superusers_open_every_url_of_every_event(client, superuser, two_events):
    client.force_login(superuser)
    for config, objects in two_events.values():
        assert {name: outcome(call(client, name, config, objects)) for name in ROUTES} == dict.fromkeys(ROUTES, "ok")


def test_a_plan_or_letter_of_another_event_is_not_found_through_ones_own(client, two_events, staff):
    mine, _objects = two_events["mine"]
    _theirs, their_objects = two_events["theirs"]
    client.force_login(staff(mine, Role.LOGISTICS))
    for name in ("plan", "plan_cards", "letter_pdf"):
        response = call(client, name, mine, their_objects)
        assert response.status_code in (302, 404), name
        if response.status_code == 302:
            assert client.get(response["Location"]).status_code == 404


def test_the_protocol_tab_shows_for_the_roles_that_may_open_it(client, two_events, staff):
    config, _objects = two_events["mine"]
    tab = reverse("logistics_protocol:overview", args=[config.pk])
    for role, shown in ((Role.REGISTRATION, True), (Role.LOGISTICS, True)):
        client.force_login(staff(config, role, name=f"u-{role}"))
        html = client.get(reverse("registrations_admin:guests", args=[config.pk])).content.decode()
        assert (tab in html) is shown
