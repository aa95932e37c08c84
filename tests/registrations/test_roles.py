"""Staff roles: who sees which event, and what each role may do there, through every back-office URL."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from registrations import permissions as perms
from registrations.domain.backoffice import grant_role, revoke_role
from registrations.models import EventRole, Registration, Status
from registrations.wagtail_hooks import event_urls
from tests.registrations.conftest import make_person
from tests.registrations.test_backoffice import (  # noqa: F401
    in_admin_language,
    invite,
    make_staff,
    other_config,
    superuser,
    texts,
    url,
)

pytestmark = pytest.mark.django_db

Role = EventRole.Role

# Every URL of an event's back office: (method, data, needs a registration of the event).
ROUTES = {
    "guests": ("get", {}, False),
    "guests_results": ("get", {}, False),
    "guests_export": ("get", {"format": "csv"}, False),
    "guests_bulk": ("post", {"action": "remind"}, False),
    "guest": ("get", {}, True),
    "guest_action": ("post", {"action": "remind"}, True),
    "invite": ("get", {}, False),
    "invite_results": ("get", {}, False),
    "dashboard": ("get", {}, False),
    "messages": ("get", {}, False),
    "messages_results": ("get", {}, False),
    "settings": ("get", {}, False),
    "staff": ("post", {"user": "", "role": ""}, False),
}

# What each role may open at its own event; everything else is refused (403).
ALLOWED = {
    Role.MANAGER: set(ROUTES),
    Role.REGISTRATION: set(ROUTES) - {"settings", "staff"},
    Role.LOGISTICS: {"guests", "guests_results", "guest"},
    Role.CHECKIN: set(),
}


@pytest.fixture
def two_events(config, other_config, guest_category):  # noqa: F811
    """Two events with one invited guest each."""
    mine = invite(config, guest_category, [make_person(1)])[0]
    theirs = invite(other_config, other_config.categories.get(code="guest"), [make_person(2)])[0]
    return {"mine": (config, mine), "theirs": (other_config, theirs)}


# Wagtail answers a refusal with a redirect to the admin's home page and a message, or with a
# plain 403 to a script (X-Requested-With); the tests ask as a script to see the 403 itself.
AS_SCRIPT = {"x-requested-with": "XMLHttpRequest"}


def request(client, name, config, registration, headers=AS_SCRIPT):
    method, data, per_guest = ROUTES[name]
    args = (config.pk, registration.pk) if per_guest else (config.pk,)
    if name == "guests_bulk":
        data = {**data, "registration": registration.pk}
    return getattr(client, method)(url(name, *args), data, headers=headers)


def test_the_route_table_covers_every_url_of_an_event():
    assert {pattern.name for pattern in event_urls} == set(ROUTES)


def outcome(response):
    """ "ok" for a page or a redirect back into the admin, else the status code."""
    if response.status_code == 200 or (response.status_code == 302 and "/login/" not in response["Location"]):
        return "ok"
    return response.status_code


@pytest.mark.parametrize("role", list(Role))
def test_each_role_at_its_own_event_through_every_url(client, two_events, role):
    config, registration = two_events["mine"]
    client.force_login(make_staff("clerk", config, role))
    seen = {name: outcome(request(client, name, config, registration)) for name in ROUTES}
    assert seen == {name: "ok" if name in ALLOWED[role] else 403 for name in ROUTES}


@pytest.mark.parametrize("role", list(Role))
def test_staff_of_one_event_are_refused_every_url_of_another(client, two_events, role):
    mine, _ = two_events["mine"]
    theirs, their_guest = two_events["theirs"]
    client.force_login(make_staff("clerk", mine, role))
    seen = {name: outcome(request(client, name, theirs, their_guest)) for name in ROUTES}
    assert seen == dict.fromkeys(ROUTES, 403)
    assert Registration.objects.get(pk=their_guest.pk).activities.count() == 2  # created, invited: untouched


def test_a_refusal_in_the_browser_goes_home_with_wagtails_message(client, two_events):
    mine, _ = two_events["mine"]
    theirs, their_guest = two_events["theirs"]
    client.force_login(make_staff("clerk", mine, Role.MANAGER))
    response = request(client, "guests", theirs, their_guest, headers={})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    refusal = in_admin_language(response, "Sorry, you do not have permission to access this area.")
    assert texts(response) == [refusal]


@pytest.mark.parametrize("name", [name for name, (_, _, per_guest) in ROUTES.items() if per_guest])
def test_a_guest_of_another_event_is_not_found_through_ones_own_event(client, two_events, name):
    mine, _ = two_events["mine"]
    _, their_guest = two_events["theirs"]
    client.force_login(make_staff("boss", mine, Role.MANAGER))
    response = request(client, name, mine, their_guest)
    # The locale middleware redirects an admin 404 to /zh-hans/...; that one is a 404 too.
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 404


def test_superuser_sees_every_event(client, superuser, two_events):  # noqa: F811
    client.force_login(superuser)
    for config, registration in two_events.values():
        for name in ROUTES:
            assert request(client, name, config, registration).status_code in (200, 302), name


def test_unknown_event_is_not_found_for_superusers_and_refused_for_staff(client, superuser, two_events):  # noqa: F811
    config, _ = two_events["mine"]
    client.force_login(make_staff("clerk", config, Role.MANAGER))
    assert client.get(url("guests", 99999), headers=AS_SCRIPT).status_code == 403
    client.force_login(superuser)
    assert client.get(url("guests", 99999), follow=True).status_code == 404


def test_anonymous_users_are_sent_to_the_login(client, two_events):
    config, registration = two_events["mine"]
    for name in ROUTES:
        response = request(client, name, config, registration, headers={})
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("wagtailadmin_login")), name


# Bulk and guest actions, one by one ------------------------------------------------------------------

BULK = {
    "remind": {},
    "approve": {},
    "reject": {},
    "cancel": {},
    "category": {"category": "guest"},
    "export": {"format": "csv"},
}
BULK_ALLOWED = {
    Role.MANAGER: set(BULK),
    Role.REGISTRATION: set(BULK) - {"cancel"},
    Role.LOGISTICS: set(),
    Role.CHECKIN: set(),
}
GUEST_ACTIONS = ("accept", "decline", "approve", "reject", "cancel", "remind", "category")
GUEST_ALLOWED = {
    Role.MANAGER: set(GUEST_ACTIONS),
    Role.REGISTRATION: set(GUEST_ACTIONS) - {"cancel"},
    Role.LOGISTICS: set(),
    Role.CHECKIN: set(),
}


@pytest.mark.parametrize("role", list(Role))
def test_bulk_actions_by_role(client, two_events, role):
    config, registration = two_events["mine"]
    client.force_login(make_staff("clerk", config, role))
    vip = config.categories.get(code="vip")
    seen = {}
    for action, extra in BULK.items():
        data = {"action": action, "registration": registration.pk, **extra}
        if "category" in data:
            data["category"] = vip.pk
        seen[action] = outcome(client.post(url("guests_bulk", config.pk), data, headers=AS_SCRIPT))
    assert seen == {action: "ok" if action in BULK_ALLOWED[role] else 403 for action in BULK}
    if not BULK_ALLOWED[role]:
        assert Registration.objects.get(pk=registration.pk).status == Status.INVITED


@pytest.mark.parametrize("role", list(Role))
def test_guest_actions_by_role(client, two_events, role):
    config, registration = two_events["mine"]
    client.force_login(make_staff("clerk", config, role))
    vip = config.categories.get(code="vip")
    seen = {
        action: outcome(
            client.post(
                url("guest_action", config.pk, registration.pk),
                {"action": action, "category": vip.pk},
                headers=AS_SCRIPT,
            )
        )
        for action in GUEST_ACTIONS
    }
    assert seen == {action: "ok" if action in GUEST_ALLOWED[role] else 403 for action in GUEST_ACTIONS}


@pytest.mark.parametrize("role", list(Role))
def test_inviting_from_the_directory_by_role(client, two_events, role):
    config, _ = two_events["mine"]
    client.force_login(make_staff("clerk", config, role))
    newcomer = make_person(3)
    data = {"person": newcomer.pk, "category": config.categories.get(code="guest").pk}
    response = client.post(url("invite", config.pk), data, headers=AS_SCRIPT)
    invited = Registration.objects.filter(person=newcomer).exists()
    if role in (Role.MANAGER, Role.REGISTRATION):
        assert (response.status_code, invited) == (302, True)
    else:
        assert (response.status_code, invited) == (403, False)


def test_invite_refuses_another_events_category(client, two_events):
    config, _ = two_events["mine"]
    theirs, _ = two_events["theirs"]
    client.force_login(make_staff("clerk", config, Role.MANAGER))
    newcomer = make_person(3)
    client.post(url("invite", config.pk), {"person": newcomer.pk, "category": theirs.categories.get(code="vip").pk})
    assert not Registration.objects.filter(person=newcomer).exists()


# Events list, menu, home page, directory --------------------------------------------------------


def test_events_page_lists_only_the_users_events(client, two_events):
    config, _ = two_events["mine"]
    client.force_login(make_staff("clerk", config, Role.LOGISTICS))
    response = client.get(url("events"))
    assert [row["config"].pk for row in response.context["events"]] == [config.pk]
    row = response.context["events"][0]
    assert (row["guests_url"], row["dashboard_url"], row["settings_url"]) == (url("guests", config.pk), None, None)


def test_menu_and_home_panel_show_only_the_users_events(client, two_events):
    config, _ = two_events["mine"]
    theirs, _ = two_events["theirs"]
    client.force_login(make_staff("clerk", config, Role.REGISTRATION))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("guests", config.pk) in html
    assert url("guests", theirs.pk) not in html
    assert url("dashboard", config.pk) in html


def test_staff_without_any_role_see_no_registrations(client, two_events):
    user = get_user_model().objects.create_user("visitor", "v@example.org", "pw")
    user.groups.add(perms.ensure_staff_groups()[Role.CHECKIN])
    client.force_login(user)
    assert client.get(url("events"), headers=AS_SCRIPT).status_code == 403
    assert client.get(reverse("directory:index"), headers=AS_SCRIPT).status_code == 403
    assert "registrations-events-section" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_setting_up_an_event_is_for_superusers(client, two_events, forum_page):
    config, _ = two_events["mine"]
    client.force_login(make_staff("clerk", config, Role.MANAGER))
    assert client.post(url("setup", forum_page.pk), headers=AS_SCRIPT).status_code == 403


@pytest.mark.parametrize(
    ("role", "can_view", "can_edit"),
    [
        (Role.MANAGER, True, True),
        (Role.REGISTRATION, True, True),
        (Role.LOGISTICS, True, False),
        (Role.CHECKIN, True, False),
    ],
)
def test_directory_by_role(client, two_events, role, can_view, can_edit):
    config, registration = two_events["mine"]
    client.force_login(make_staff("clerk", config, role))
    person = registration.person
    assert client.get(reverse("directory:index"), headers=AS_SCRIPT).status_code == (200 if can_view else 403)
    edit = client.get(reverse("directory:edit", args=[person.pk]), headers=AS_SCRIPT)
    assert edit.status_code == (200 if can_edit else 403)
    # Nobody but a superuser removes people from the directory.
    assert client.post(reverse("directory:delete", args=[person.pk]), headers=AS_SCRIPT).status_code == 403
    assert type(person).objects.filter(pk=person.pk).exists()


# Groups and role assignment ----------------------------------------------------------------------


def test_setup_roles_creates_the_four_groups_with_admin_access(db):
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115  (idempotent)
    groups = Group.objects.filter(name__in=perms.GROUPS.values())
    assert sorted(groups.values_list("name", flat=True)) == sorted(
        ["Event managers", "Registration staff", "Logistics staff", "Check-in staff"]
    )
    for group in groups:
        assert list(group.permissions.values_list("codename", flat=True)) == ["access_admin"]


def test_setup_roles_puts_role_holders_in_their_group(config):
    user = get_user_model().objects.create_user("old", "old@example.org", "pw")
    EventRole.objects.create(user=user, event=config, role=Role.LOGISTICS)  # as before the groups existed
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(user.groups.values_list("name", flat=True)) == ["Logistics staff"]


def test_a_staff_member_given_a_role_can_log_into_the_admin(client, config):
    user = get_user_model().objects.create_user("clerk", "clerk@example.org", "secret-pw")
    assert client.login(username="clerk", password="secret-pw")
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # no access yet
    grant_role(user=user, event=config, role=Role.REGISTRATION)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_revoking_the_last_role_of_a_kind_leaves_the_group(config, other_config):  # noqa: F811
    user = get_user_model().objects.create_user("clerk", "clerk@example.org", "pw")
    first = grant_role(user=user, event=config, role=Role.REGISTRATION)
    grant_role(user=user, event=other_config, role=Role.REGISTRATION)
    revoke_role(event_role=first)
    assert list(user.groups.values_list("name", flat=True)) == ["Registration staff"]
    revoke_role(event_role=EventRole.objects.get(user=user))
    assert not user.groups.exists()


def test_events_for_and_can(config, other_config, superuser):  # noqa: F811
    user = get_user_model().objects.create_user("clerk", "clerk@example.org", "pw")
    grant_role(user=user, event=config, role=Role.LOGISTICS)
    grant_role(user=user, event=other_config, role=Role.REGISTRATION)
    user = get_user_model().objects.get(pk=user.pk)  # a fresh request's user
    assert list(perms.events_for(user).order_by("pk")) == [config, other_config]
    assert list(perms.events_for(user, roles=[Role.REGISTRATION])) == [other_config]
    assert perms.can(user, perms.VIEW_GUESTS, config)
    assert not perms.can(user, perms.EXPORT, config)
    assert perms.can(user, perms.EXPORT, other_config)
    assert not perms.can(user, perms.CANCEL, other_config)
    assert perms.can(superuser, perms.EDIT_SETTINGS, config)
    assert set(perms.events_for(superuser)) == {config, other_config}
