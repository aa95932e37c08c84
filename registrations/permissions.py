"""Who may do what at which event in the back office.

Staff see only the events where they hold an `EventRole`; superusers see every event.
Each back-office action is allowed to some roles:

- event managers do everything for their event;
- registration staff see the guest list and the dashboard, invite, remind, approve or
  reject, change categories, export and record answers on a guest's behalf;
- logistics staff read the guest list and run travel, transfers, rooms, needs,
  interpreters, seating and visa letters; they alone (with superusers) see passport data;
- check-in staff run check-in points and devices, scan at the gate, see the check-in
  dashboard and reprint badges.

Every refusal is a 403, whatever the URL: at an event where the user holds no role, and at
an event they see but where their role does not allow the action. (Event pages are public,
so a 404 would hide nothing; and a 403 tells a colleague to ask for a role.) An id that
matches no event is a 404, but only superusers ever get that far.

The four Wagtail groups only let staff log into the admin (`wagtailadmin.access_admin`);
they grant no model permissions, so nothing outside these rules reveals another event.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from registrations.models import EventConfig, EventRole

Role = EventRole.Role
ALL_ROLES = frozenset(Role.values)

VIEW_GUESTS = "view_guests"
VIEW_DASHBOARD = "view_dashboard"
VIEW_MESSAGES = "view_messages"
INVITE = "invite"
REMIND = "remind"
DECIDE = "decide"
CHANGE_CATEGORY = "change_category"
EXPORT = "export"
RECORD_ANSWER = "record_answer"
CANCEL = "cancel"
EDIT_SETTINGS = "edit_settings"
MANAGE_STAFF = "manage_staff"
# Logistics (registrations.logistics)
VIEW_LOGISTICS = "view_logistics"
EDIT_LOGISTICS = "edit_logistics"
VIEW_PASSPORTS = "view_passports"
VIEW_PASSPORT_LOG = "view_passport_log"
# Check-in (registrations.checkin)
CHECK_IN = "check_in"
MANAGE_CHECKIN = "manage_checkin"
VIEW_CHECKIN = "view_checkin"
PRINT_BADGES = "print_badges"

_REGISTRATION_WORK = frozenset({Role.MANAGER, Role.REGISTRATION})
_MANAGERS = frozenset({Role.MANAGER})

# Which roles may take each action.
ACTIONS: dict[str, frozenset[str]] = {
    VIEW_GUESTS: frozenset({Role.MANAGER, Role.REGISTRATION, Role.LOGISTICS}),
    VIEW_DASHBOARD: _REGISTRATION_WORK,
    VIEW_MESSAGES: _REGISTRATION_WORK,
    INVITE: _REGISTRATION_WORK,
    REMIND: _REGISTRATION_WORK,
    DECIDE: _REGISTRATION_WORK,
    CHANGE_CATEGORY: _REGISTRATION_WORK,
    EXPORT: _REGISTRATION_WORK,
    RECORD_ANSWER: _REGISTRATION_WORK,
    CANCEL: _MANAGERS,
    EDIT_SETTINGS: _MANAGERS,
    MANAGE_STAFF: _MANAGERS,
    VIEW_LOGISTICS: frozenset({Role.MANAGER, Role.REGISTRATION, Role.LOGISTICS}),
    EDIT_LOGISTICS: frozenset({Role.MANAGER, Role.LOGISTICS}),
    # Passport data: only the role that writes visa letters needs it.
    VIEW_PASSPORTS: frozenset({Role.LOGISTICS}),
    # Who read whose passport data, and when (never the data itself): for managers to oversee.
    VIEW_PASSPORT_LOG: frozenset({Role.MANAGER, Role.LOGISTICS}),
    CHECK_IN: frozenset({Role.MANAGER, Role.CHECKIN}),
    MANAGE_CHECKIN: frozenset({Role.MANAGER, Role.CHECKIN}),
    VIEW_CHECKIN: frozenset({Role.MANAGER, Role.REGISTRATION, Role.CHECKIN}),
    PRINT_BADGES: frozenset({Role.MANAGER, Role.REGISTRATION, Role.CHECKIN}),
}

# The Wagtail group of each role: membership lets staff into the admin, nothing more.
GROUPS = {
    Role.MANAGER: "Event managers",
    Role.REGISTRATION: "Registration staff",
    Role.LOGISTICS: "Logistics staff",
    Role.CHECKIN: "Check-in staff",
}

_CACHE = "_event_roles_cache"


def roles_by_event(user) -> dict[int, frozenset[str]]:
    """Every event the user holds a role at, with those roles; read once per user object (request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, _CACHE, None)
    if cached is None:
        found: dict[int, set[str]] = {}
        for event_id, role in EventRole.objects.filter(user=user).values_list("event_id", "role"):
            found.setdefault(event_id, set()).add(role)
        cached = {event_id: frozenset(roles) for event_id, roles in found.items()}
        setattr(user, _CACHE, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles after they changed (within the same request or test)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def roles_at(user, config: EventConfig | int) -> frozenset[str]:
    """The user's roles at one event (superusers hold them all)."""
    if _is_superuser(user):
        return ALL_ROLES
    config_id = config if isinstance(config, int) else config.pk
    return roles_by_event(user).get(config_id, frozenset())


def sees(user, config: EventConfig | int) -> bool:
    """Whether the event exists for this user at all."""
    return bool(roles_at(user, config))


def can(user, action: str, config: EventConfig | int) -> bool:
    """Whether the user may take `action` (one of ACTIONS) at this event."""
    return bool(roles_at(user, config) & ACTIONS[action])


def has_any_role(user) -> bool:
    """Staff with a role at any event (or superusers): they may use the shared directory."""
    return _is_superuser(user) or bool(roles_by_event(user))


def can_edit_directory(user) -> bool:
    """Managers and registration staff of any event keep the directory up to date."""
    return _is_superuser(user) or any(roles & _REGISTRATION_WORK for roles in roles_by_event(user).values())


def events_for(user, roles=None):
    """The events (EventConfig) the user may see; with `roles`, only those where they hold one of them."""
    configs = EventConfig.objects.select_related("event")
    if _is_superuser(user):
        return configs.all()
    wanted = set(roles) if roles is not None else ALL_ROLES
    ids = [event_id for event_id, held in roles_by_event(user).items() if held & wanted]
    return configs.filter(pk__in=ids)


def actions_at(user, config: EventConfig) -> set[str]:
    """Every action the user may take at this event (for templates: `'decide' in allowed`)."""
    held = roles_at(user, config)
    return {action for action, roles in ACTIONS.items() if held & roles}


def event_for(user, config_id, action: str) -> EventConfig:
    """The event of a back-office URL, if the user may take `action` there; PermissionDenied otherwise."""
    try:
        config_id = int(config_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if not can(user, action, config_id):
        raise PermissionDenied
    config = EventConfig.objects.select_related("event").filter(pk=config_id).first()
    if config is None:
        raise Http404
    return config


@transaction.atomic
def ensure_staff_groups() -> dict[str, Group]:
    """Create the four staff groups, each allowed into the Wagtail admin; change nothing else.

    Idempotent: run by `manage.py setup_roles` and by `grant_role` before it adds someone.
    """
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    groups = {}
    for role, name in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        groups[role] = group
    return groups
