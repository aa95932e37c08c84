"""What the back office does besides the guest actions: staff roles, actions on many guests,
an event's settings, and the figures of its dashboard."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from events.models import EventPage
from registrations.domain import actions
from registrations.domain.errors import RegistrationError
from registrations.models import HOLDING_PLACE, Activity, EventConfig, EventRole, Message, Registration, Status
from registrations.permissions import GROUPS, ensure_staff_groups, forget_roles

# Staff roles ---------------------------------------------------------------------------------


@transaction.atomic
def grant_role(*, user, event: EventConfig, role: str, by=None) -> EventRole:
    """Give a staff member a role at one event, and let them into the admin through its group."""
    if role not in EventRole.Role.values:
        raise RegistrationError("unknown_role", _("Unknown role: %(role)s") % {"role": role})
    event_role, created = EventRole.objects.get_or_create(user=user, event=event, role=role)
    user.groups.add(ensure_staff_groups()[role])
    if created:
        log(instance=event_role, action="wagtail.create", user=by)
    forget_roles(user)
    return event_role


@transaction.atomic
def revoke_role(*, event_role: EventRole, by=None) -> None:
    """Take a role away; the user leaves its group when they hold it at no other event."""
    user, role = event_role.user, event_role.role
    log(instance=event_role, action="wagtail.delete", user=by)
    event_role.delete()
    if not EventRole.objects.filter(user=user, role=role).exists():
        user.groups.remove(*user.groups.filter(name=GROUPS[role]))
    forget_roles(user)


def sync_staff_groups() -> int:
    """Put every holder of a role in that role's group (for roles given before the groups existed)."""
    groups = ensure_staff_groups()
    added = 0
    for event_role in EventRole.objects.select_related("user"):
        group = groups[event_role.role]
        if not event_role.user.groups.filter(pk=group.pk).exists():
            event_role.user.groups.add(group)
            added += 1
    return added


# Actions on many guests ----------------------------------------------------------------------


@dataclass
class Outcome:
    """What an action on several guests did: who it changed, and who it refused and why."""

    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (registration, RegistrationError)


def _each(registrations, action, **kwargs) -> Outcome:
    # One transaction per guest: a refusal for one never undoes the others.
    outcome = Outcome()
    for registration in registrations:
        try:
            outcome.done.append(action(registration=registration, **kwargs))
        except RegistrationError as error:
            outcome.refused.append((registration, error))
    return outcome


def decide_each(*, registrations, approve: bool, by=None) -> Outcome:
    """Approve or reject each registration awaiting approval; the others are refused one by one."""
    return _each(registrations, actions.decide, approve=approve, by=by)


def cancel_each(*, registrations, by=None) -> Outcome:
    """Cancel each active registration; places freed go to the waiting list."""
    return _each(registrations, actions.cancel, by=by)


def remind_each(*, registrations, by=None) -> Outcome:
    """Remind the guests who have not answered yet; the others are refused one by one."""
    outcome = Outcome()
    waiting = []
    for registration in registrations:
        if registration.status == Status.INVITED:
            waiting.append(registration)
        else:
            message = _("Not awaiting an answer (%(status)s).") % {"status": registration.get_status_display()}
            outcome.refused.append((registration, RegistrationError("not_waiting", message)))
    if waiting:
        actions.remind(registrations=waiting, by=by)
    outcome.done = waiting
    return outcome


def change_category_each(*, registrations, category, by=None) -> Outcome:
    """Move guests to another category of their event; those already in it are left as they are."""
    registrations = list(registrations)
    outcome = Outcome()
    for registration in registrations:
        if registration.event_id != category.event_id:
            raise RegistrationError("wrong_category", _("This category belongs to another event."))
    moving = [r for r in registrations if r.category_id != category.pk]
    actions.change_category(registrations=moving, category=category, by=by)
    outcome.done = moving
    return outcome


# Settings ------------------------------------------------------------------------------------


@transaction.atomic
def save_event_settings(*, config: EventConfig, form, formsets=(), by=None) -> EventConfig:
    """Save an event's registration settings with their categories and questions, all or nothing.

    `form` and `formsets` are validated Django forms bound to the event.
    """
    config = form.save()
    for formset in formsets:
        formset.save()
    log(instance=config, action="wagtail.edit", user=by)
    return config


# Dashboard -----------------------------------------------------------------------------------

RESPONSE_SERIES = ("accepted", "declined", "applied")


def event_figures(config: EventConfig) -> dict:
    """The dashboard's figures: guests by status and by category, answers over time, failed messages."""
    registrations = Registration.objects.filter(event=config)
    by_status = dict(registrations.order_by().values_list("status").annotate(n=Count("pk")))
    statuses = [
        {"status": value, "label": label, "count": by_status.get(value, 0)}
        for value, label in Status.choices
        if by_status.get(value)
    ]
    holding = Q(registrations__status__in=list(HOLDING_PLACE))
    categories = config.categories.annotate(
        total=Count("registrations"), holding=Count("registrations", filter=holding)
    ).order_by("sort_order", "pk")
    failed = Message.objects.filter(registration__event=config, status=Message.Status.FAILED).count()
    return {
        "total": sum(by_status.values()),
        "statuses": statuses,
        "categories": [{"category": c, "total": c.total, "holding": c.holding, "quota": c.quota} for c in categories],
        "responses": responses_over_time(config),
        "failed_messages": failed,
    }


def responses_over_time(config: EventConfig) -> dict:
    """Cumulative answers per day (in the office's time zone): accepted, declined, and open applications.

    An invited guest counts once, on the day of their last answer, as they stand now;
    an application (a registration never invited) counts on the day it came in.
    """
    tz = timezone.get_current_timezone()
    registrations = Registration.objects.filter(event=config).order_by()
    answered = registrations.filter(responded_at__isnull=False)
    daily: dict[str, dict[dt.date, int]] = {name: {} for name in RESPONSE_SERIES}
    rows = (
        answered.annotate(day=TruncDate("responded_at", tzinfo=tz))
        .values("day")
        .annotate(
            declined=Count("pk", filter=Q(status=Status.DECLINED)),
            accepted=Count("pk", filter=~Q(status=Status.DECLINED)),
        )
    )
    for row in rows:
        daily["accepted"][row["day"]] = row["accepted"]
        daily["declined"][row["day"]] = row["declined"]
    invited = Activity.objects.filter(registration__event=config, kind=Activity.Kind.INVITED).values("registration")
    applications = (
        registrations.exclude(pk__in=invited)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("pk"))
    )
    for row in applications:
        daily["applied"][row["day"]] = row["n"]
    days = sorted({day for series in daily.values() for day in series})
    if days:
        first, last = days[0], days[-1]
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    series = {}
    for name in RESPONSE_SERIES:
        running, values = 0, []
        for day in days:
            running += daily[name].get(day, 0)
            values.append(running)
        series[name] = values
    return {"days": [day.isoformat() for day in days], "series": series}


# Deleting pages ------------------------------------------------------------------------------


def registrations_under(pages) -> int:
    """How many registrations hang on the events among `pages` and their descendants, in any translation.

    Deleting any of them would orphan (or, through the database's PROTECT, refuse to drop)
    an event's guests, so the admin refuses it while this is not zero.
    """
    keys = set()
    for page in pages:
        keys.update(EventPage.objects.descendant_of(page, inclusive=True).values_list("translation_key", flat=True))
    if not keys:
        return 0
    return Registration.objects.filter(event__event__translation_key__in=keys).count()
