"""Seating plans: filled by precedence, swapped by hand, and read by the gate and the itinerary.

Protocol, as the office seats a banquet or a session:
- the head table (the table shaped as one, else table 1) comes first, then the others by number;
- at the head table the host takes seat 1 and the principal guest seat 2, on the host's
  right; everyone else follows in order of precedence, seat 3 on the host's left, seat 4
  on the principal guest's right, and so on, alternating right and left;
- at a round table seat 1 faces the entrance; at a head table the host sits in the
  middle, facing the hall; at a long table the side facing the entrance fills first;
- an interpreter sits behind the guest they interpret for (their assignment's
  principal, or the head of the delegation they accompany).

Seat numbers are the order of honour at a table; where a seat is drawn follows from its
number and the table's shape (`seat_position`).
"""

import math
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.precedence import attending, in_precedence
from registrations.logistics.models import InterpreterAssignment, Seat, SeatingPlan, Table
from registrations.models import ATTENDING, EventConfig, Registration

Shape = Table.Shape
MAX_TABLES = 200


# Where a seat is ----------------------------------------------------------------------------------


def seat_position(shape: str, seats: int, number: int) -> tuple[float, float]:
    """Seat `number` of a table drawn with the entrance at the bottom: (x, y), each in [-1, 1].

    The host faces the entrance, so the host's right is the left of the drawing.
    """
    if shape == Shape.ROUND:
        # Steps round the table from seat 1 at the top: even seats to the host's right, odd to the left.
        step = 0 if number == 1 else number // 2 if number % 2 == 0 else seats - (number - 1) // 2
        angle = math.pi / 2 + step * 2 * math.pi / seats
        return (round(math.cos(angle), 4), round(-math.sin(angle), 4))
    if shape == Shape.HEAD:
        return (_along(seats, number), 1.0)
    far = (seats + 1) // 2  # the side facing the entrance: the first half of the seats
    if number <= far:
        return (_along(far, number), -1.0)
    near = seats - far
    # Across the table the guests face the host's side: their right is the drawing's right.
    return (-_along(near, number - far), 1.0)


def _along(count: int, number: int) -> float:
    """A seat in a row of `count` filled from the middle out: seat 1 in the middle, 2 on its right..."""
    middle = count // 2
    slot = middle if number == 1 else middle - number // 2 if number % 2 == 0 else middle + (number - 1) // 2
    return 0.0 if count == 1 else round(-1 + 2 * slot / (count - 1), 4)


def seat_label(table_number: int, seat_number: int) -> str:
    """A seat as staff and the gate say it, in the active language."""
    return _("Table %(table)s · Seat %(seat)s") % {"table": table_number, "seat": seat_number}


# Plans ---------------------------------------------------------------------------------------------


@dataclass
class TableSpec:
    shape: str = Shape.ROUND
    seats: int = 10
    name: str = ""


def _check_tables(specs):
    if not specs or len(specs) > MAX_TABLES:
        raise RegistrationError("tables", _("A plan has from 1 to %(max)d tables.") % {"max": MAX_TABLES})
    for spec in specs:
        if spec.shape not in Shape.values or not 1 <= spec.seats <= 60:
            raise RegistrationError("tables", _("A table has from 1 to 60 seats."))


def _check_categories(event, categories) -> list:
    categories = list(categories or ())
    if any(category.event_id != event.pk for category in categories):
        raise RegistrationError("wrong_event", _("These guest categories belong to another event."))
    return categories


def _check_guest(event, registration, what):
    if registration is not None and registration.event_id != event.pk:
        raise RegistrationError("wrong_event", _("The %(what)s is not a guest of this event.") % {"what": what})


@transaction.atomic
def create_plan(
    *,
    event: EventConfig,
    title: str,
    tables: list[TableSpec],
    session=None,
    start=None,
    end=None,
    place: str = "",
    host: Registration | None = None,
    principal_guest: Registration | None = None,
    categories=(),
    is_main: bool = False,
    by=None,
) -> SeatingPlan:
    """A plan with these tables, numbered from 1, seating guests of these categories (none: everyone attending)."""
    _check_tables(tables)
    categories = _check_categories(event, categories)
    if session is not None and session.page_id != event.event_id:
        raise RegistrationError("wrong_session", _("This session belongs to another event."))
    _check_guest(event, host, _("host"))
    _check_guest(event, principal_guest, _("principal guest"))
    if is_main:
        SeatingPlan.objects.filter(event=event, is_main=True).update(is_main=False)
    plan = SeatingPlan.objects.create(
        event=event,
        title=title,
        session=session,
        start=start,
        end=end,
        place=place,
        host=host,
        principal_guest=principal_guest,
        is_main=is_main,
    )
    Table.objects.bulk_create(
        Table(plan=plan, number=i, shape=spec.shape, seats=spec.seats, name=spec.name)
        for i, spec in enumerate(tables, start=1)
    )
    plan.categories.set(categories)
    log(instance=plan, action="wagtail.create", user=by)
    return plan


@transaction.atomic
def update_plan(*, plan: SeatingPlan, by=None, **fields) -> SeatingPlan:
    """Change a plan's title, time, place, host, principal guest, categories seated or whether the gate shows it."""
    plan = SeatingPlan.objects.select_for_update().get(pk=plan.pk)
    categories = fields.pop("categories", None)
    if categories is not None:
        categories = _check_categories(plan.event, categories)
    _check_guest(plan.event, fields.get("host"), _("host"))
    _check_guest(plan.event, fields.get("principal_guest"), _("principal guest"))
    session = fields.get("session")
    if session is not None and session.page_id != plan.event.event_id:
        raise RegistrationError("wrong_session", _("This session belongs to another event."))
    if fields.get("is_main"):
        SeatingPlan.objects.filter(event_id=plan.event_id, is_main=True).exclude(pk=plan.pk).update(is_main=False)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    if categories is not None:
        plan.categories.set(categories)
    log(instance=plan, action="wagtail.edit", user=by)
    return plan


@transaction.atomic
def set_tables(*, plan: SeatingPlan, tables: list[TableSpec], by=None) -> SeatingPlan:
    """Give the plan these tables, numbered 1, 2, 3...; seats beyond a table's new size are freed."""
    _check_tables(tables)
    plan = SeatingPlan.objects.select_for_update().get(pk=plan.pk)
    existing = {table.number: table for table in plan.tables.all()}
    for number, spec in enumerate(tables, start=1):
        table = existing.pop(number, None)
        if table is None:
            Table.objects.create(plan=plan, number=number, shape=spec.shape, seats=spec.seats, name=spec.name)
            continue
        table.shape, table.seats, table.name = spec.shape, spec.seats, spec.name
        table.save()
        table.seat_rows.filter(number__gt=spec.seats).delete()
    Table.objects.filter(pk__in=[table.pk for table in existing.values()]).delete()
    log(instance=plan, action="wagtail.edit", user=by, data={"tables": len(tables)})
    return plan


def plan_guests(plan: SeatingPlan):
    """Whom the plan seats: the attending guests of its categories (all attending guests when it has
    none), and its host and principal guest whatever their category."""
    guests = attending(plan.event)
    category_ids = list(plan.categories.values_list("pk", flat=True))
    if category_ids:
        guests = guests.filter(
            Q(category_id__in=category_ids) | Q(pk__in=[pk for pk in (plan.host_id, plan.principal_guest_id) if pk])
        )
    return guests


def plan_window(plan: SeatingPlan):
    """When the plan's seating happens: its session's times, or its own."""
    if plan.session_id:
        return plan.session.start, plan.session.end
    return plan.start, plan.end


@dataclass
class Filled:
    seated: int = 0
    interpreters: int = 0
    unseated: list = field(default_factory=list)


def _head_first(tables):
    head = next((t for t in tables if t.shape == Shape.HEAD), None) or (tables[0] if tables else None)
    return [head, *(t for t in tables if t is not head)] if head else []


def _interpreters_behind(plan: SeatingPlan, seat_of: dict[int, Seat]) -> list[Seat]:
    """A chair behind each seated principal for the interpreters assigned at the plan's time."""
    start, end = plan_window(plan)
    assignments = InterpreterAssignment.objects.filter(interpreter__event_id=plan.event_id).select_related("delegation")
    if plan.session_id:
        assignments = assignments.filter(Q(session_id=plan.session_id) | Q(session__isnull=True))
    if start and end:
        assignments = assignments.filter(start__lt=end, end__gt=start)
    elif not plan.session_id:
        assignments = assignments.none()
    chairs, taken_interpreters, taken_seats = [], set(), set()
    # A principal named on the assignment first, then a delegation's head; earlier seats first.
    candidates = []
    for assignment in assignments:
        principal_id = assignment.principal_id or (assignment.delegation.head_id if assignment.delegation_id else None)
        seat = seat_of.get(principal_id)
        if seat is not None:
            candidates.append((assignment.principal_id is None, seat.table.number, seat.number, assignment, seat))
    for *_order, assignment, seat in sorted(candidates, key=lambda c: c[:3]):
        if assignment.interpreter_id in taken_interpreters or (seat.table_id, seat.number) in taken_seats:
            continue
        taken_interpreters.add(assignment.interpreter_id)
        taken_seats.add((seat.table_id, seat.number))
        chairs.append(
            Seat(plan=plan, table=seat.table, number=seat.number, behind=True, interpreter_id=assignment.interpreter_id)
        )
    return chairs


@transaction.atomic
def fill_plan(*, plan: SeatingPlan, by=None) -> Filled:
    """Seat the plan's guests (plan_guests) by precedence, replacing every seat of the plan."""
    plan = SeatingPlan.objects.select_for_update(of=("self",)).select_related("session").get(pk=plan.pk)
    config = plan.event
    tables = _head_first(list(plan.tables.order_by("number")))
    guests = in_precedence(config, plan_guests(plan))
    host = next((g for g in guests if g.pk == plan.host_id), None)
    principal = next((g for g in guests if g.pk == plan.principal_guest_id and g is not host), None)
    rest = [g for g in guests if g is not host and g is not principal]
    if principal is None and rest:
        principal = rest.pop(0)
    queue = [g for g in (host, principal) if g is not None] + rest
    seats, at = [], 0
    for table in tables:
        for number in range(1, table.seats + 1):
            if at == len(queue):
                break
            seats.append(Seat(plan=plan, table=table, number=number, registration=queue[at]))
            at += 1
    plan.seats.all().delete()
    Seat.objects.bulk_create(seats)
    chairs = _interpreters_behind(plan, {seat.registration_id: seat for seat in seats})
    Seat.objects.bulk_create(chairs)
    log(instance=plan, action="logistics.seated", user=by, data={"seated": len(seats), "interpreters": len(chairs)})
    return Filled(seated=len(seats), interpreters=len(chairs), unseated=queue[at:])


def _seat_key(plan, table_id, number):
    table = plan.tables.filter(pk=table_id).first()
    if table is None or not 1 <= number <= table.seats:
        raise RegistrationError("no_such_seat", _("There is no such seat in this plan."))
    return table


@transaction.atomic
def swap_seats(*, plan: SeatingPlan, first: tuple[int, int], second: tuple[int, int], by=None) -> None:
    """Exchange whoever sits at two seats (table id, seat number), with the interpreters behind them.

    Either seat may be empty: then the other's guest moves there.
    """
    plan = SeatingPlan.objects.select_for_update().get(pk=plan.pk)
    table_a, table_b = _seat_key(plan, *first), _seat_key(plan, *second)
    if first == second:
        return
    rows = list(
        plan.seats.filter(Q(table=table_a, number=first[1]) | Q(table=table_b, number=second[1])).select_for_update()
    )
    if not any(row.registration_id for row in rows):
        raise RegistrationError("empty_seats", _("Both seats are empty: nothing to swap."))
    moved = []
    for row in rows:
        at_first = row.table_id == table_a.pk and row.number == first[1]
        target = table_b if at_first else table_a
        moved.append(
            Seat(
                plan=plan,
                table=target,
                number=second[1] if at_first else first[1],
                behind=row.behind,
                registration_id=row.registration_id,
                interpreter_id=row.interpreter_id,
            )
        )
    Seat.objects.filter(pk__in=[row.pk for row in rows]).delete()
    Seat.objects.bulk_create(moved)
    log(
        instance=plan,
        action="logistics.swapped",
        user=by,
        data={"first": [table_a.number, first[1]], "second": [table_b.number, second[1]]},
    )


@transaction.atomic
def place_guest(*, plan: SeatingPlan, registration: Registration, table_id: int, number: int, by=None) -> Seat:
    """Seat a guest who has no seat in the plan at an empty seat."""
    plan = SeatingPlan.objects.select_for_update().get(pk=plan.pk)
    table = _seat_key(plan, table_id, number)
    if registration.event_id != plan.event_id or registration.status not in ATTENDING:
        raise RegistrationError("not_attending", _("Only guests who attend the event can be seated."))
    if plan.seats.filter(registration=registration).exists():
        raise RegistrationError("already_seated", _("This guest already has a seat: swap seats instead."))
    if plan.seats.filter(table=table, number=number, behind=False).exists():
        raise RegistrationError("seat_taken", _("This seat is taken: swap seats instead."))
    seat = Seat.objects.create(plan=plan, table=table, number=number, registration=registration)
    log(instance=plan, action="logistics.placed", user=by, data={"table": table.number, "seat": number})
    return seat


@transaction.atomic
def unseat(*, plan: SeatingPlan, table_id: int, number: int, by=None) -> None:
    """Free a seat, and the interpreter's chair behind it."""
    plan = SeatingPlan.objects.select_for_update().get(pk=plan.pk)
    table = _seat_key(plan, table_id, number)
    deleted, _rows = plan.seats.filter(table=table, number=number).delete()
    if not deleted:
        raise RegistrationError("empty_seats", _("This seat is empty."))
    log(instance=plan, action="logistics.unseated", user=by, data={"table": table.number, "seat": number})


@transaction.atomic
def delete_plan(*, plan: SeatingPlan, by=None) -> None:
    log(instance=plan, action="wagtail.delete", user=by)
    plan.delete()


# What the other parts read --------------------------------------------------------------------------


def main_plan(config: EventConfig) -> SeatingPlan | None:
    return SeatingPlan.objects.filter(event=config, is_main=True).first()


def seat_labels(config: EventConfig, registration_ids) -> dict[int, str]:
    """Each guest's seat in the event's main plan (the one shown at the gate), as staff say it.

    Guests without a seat there, or events without a main plan, are left out. One query.
    """
    ids = [int(pk) for pk in registration_ids]
    rows = Seat.objects.filter(
        plan__event=config, plan__is_main=True, behind=False, registration_id__in=ids
    ).values_list("registration_id", "table__number", "number")
    return {registration_id: seat_label(table, number) for registration_id, table, number in rows}


def seats_of(registration: Registration):
    """The guest's seats in every plan of their event, with the plan and its session."""
    return (
        Seat.objects.filter(registration=registration, plan__event_id=registration.event_id)
        .select_related("plan__session__room", "table")
        .order_by("plan__start", "plan_id")
    )
