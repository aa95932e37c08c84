"""Guests' dietary and access needs, which sessions are meals, and what the kitchen cooks for each."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.itinerary import agenda
from registrations.logistics.domain.travel import Picture, may_send_travel
from registrations.logistics.models import Access, Diet, GuestNeeds, Journey, Meal
from registrations.models import EventConfig, Registration

NEEDS_FIELDS = ("diet", "allergies", "access", "access_note", "needs_room", "notes")


@transaction.atomic
def save_needs(*, registration: Registration, by=None, **fields) -> GuestNeeds:
    """Record a guest's needs: by the guest (`by` None) while they may send their travel, by staff at any time."""
    unknown = set(fields) - set(NEEDS_FIELDS)
    if unknown:
        raise TypeError(f"save_needs() got unknown fields: {', '.join(sorted(unknown))}")
    registration = Registration.objects.select_for_update().select_related("event__event").get(pk=registration.pk)
    if by is None and not may_send_travel(registration):
        raise RegistrationError("needs_closed", _("These details can no longer be changed here."))
    for name, choices in (("diet", Diet), ("access", Access)):
        if name in fields:
            values = list(dict.fromkeys(fields[name]))
            if set(values) - set(choices.values):
                raise RegistrationError("unknown_need", _("Choose from the listed needs."))
            fields[name] = [value for value in choices.values if value in values]  # in the list's order
    needs = GuestNeeds.objects.filter(registration=registration).first() or GuestNeeds(registration=registration)
    changed = [name for name, value in fields.items() if getattr(needs, name) != value]
    if needs.pk is not None and not changed:
        return needs
    for name, value in fields.items():
        setattr(needs, name, value)
    needs.updated_by = by
    needs.save()
    # Names of the fields only: the audit log is no second copy of a guest's health details.
    log(instance=registration, action="logistics.needs", user=by, data={"fields": sorted(changed)})
    return needs


# Meals ---------------------------------------------------------------------------------------


def sessions_with_meals(config: EventConfig) -> list:
    """The event's agenda in the active language, each session with `meal` (its Meal.Kind or "")."""
    kinds = dict(Meal.objects.filter(event=config).values_list("session_key", "kind"))
    sessions = agenda(config)
    for session in sessions:
        session.meal = kinds.get(session.translation_key, "")
    return sessions


@transaction.atomic
def set_meals(*, event: EventConfig, kinds: dict, by=None) -> int:
    """Mark which sessions are meals: {session translation key: Meal.Kind, or "" for not a meal}.

    Returns how many sessions changed.
    """
    known = {str(key) for key in event.event.sessions.values_list("translation_key", flat=True)}
    wanted = {str(key): kind for key, kind in kinds.items()}
    if set(wanted) - known:
        raise RegistrationError("unknown_session", _("This session is not in the event's agenda."))
    if set(wanted.values()) - {"", *Meal.Kind.values}:
        raise RegistrationError("unknown_meal", _("Choose breakfast, lunch, dinner, banquet or reception."))
    current = {str(m.session_key): m for m in Meal.objects.filter(event=event)}
    changed = 0
    for key, kind in wanted.items():
        meal = current.get(key)
        if not kind and meal is not None:
            meal.delete()
            changed += 1
        elif kind and meal is None:
            Meal.objects.create(event=event, session_key=key, kind=kind)
            changed += 1
        elif kind and meal.kind != kind:
            meal.kind = kind
            meal.save(update_fields=["kind"])
            changed += 1
    if changed:
        log(instance=event, action="logistics.meals", user=by, data={"meals": {k: v for k, v in wanted.items() if v}})
    return changed


@dataclass
class MealCount:
    """What the kitchen cooks for one meal: how many guests, and who eats what."""

    session: object  # EventSession, in the active language
    kind: str
    guests: int = 0
    diets: dict[str, int] = field(default_factory=dict)  # Diet value: guests
    access: dict[str, int] = field(default_factory=dict)  # Access value: guests
    allergies: list[tuple[Registration, str]] = field(default_factory=list)
    special: list[Registration] = field(default_factory=list)  # every guest with a need, for the kitchen's list

    @property
    def kind_label(self) -> str:
        return str(dict(Meal.Kind.choices).get(self.kind, self.kind))


def present_at(picture: Picture, registration_id: int, start: dt.datetime, end: dt.datetime) -> bool:
    """Whether the guest is in town for a session: arrived by its start and not left before its end.

    A guest whose travel is not known yet is counted: the kitchen cooks for them.
    """
    arrival = picture.journey(registration_id, Journey.Direction.ARRIVAL)
    departure = picture.journey(registration_id, Journey.Direction.DEPARTURE)
    return (arrival is None or arrival.at <= start) and (departure is None or departure.at >= end)


def kitchen_totals(picture: Picture, sessions=None) -> list[MealCount]:
    """For each meal of the agenda, in time order, the attending guests present and their needs."""
    sessions = sessions if sessions is not None else sessions_with_meals(picture.config)
    totals = []
    for session in sessions:
        if not session.meal:
            continue
        count = MealCount(session=session, kind=session.meal)
        count.diets = dict.fromkeys(Diet.values, 0)
        count.access = dict.fromkeys(Access.values, 0)
        for registration_id, registration in picture.guests.items():
            if not picture.attending(registration_id) or not present_at(
                picture, registration_id, session.start, session.end
            ):
                continue
            count.guests += 1
            needs = picture.needs.get(registration_id)
            if needs is None or needs.is_empty:
                continue
            for code in needs.diet:
                count.diets[code] = count.diets.get(code, 0) + 1
            for code in needs.access:
                count.access[code] = count.access.get(code, 0) + 1
            if needs.allergies:
                count.allergies.append((registration, needs.allergies))
            count.special.append(registration)
        totals.append(count)
    return totals
