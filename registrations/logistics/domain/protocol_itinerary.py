"""The protocol desk's part of a guest's itinerary: their seats, and their interpreters."""

from django.db.models import Q
from django.utils.translation import gettext as _

from registrations.logistics.domain.interpreters import local_session_title
from registrations.logistics.domain.itinerary import ItineraryItem
from registrations.logistics.domain.seating import plan_window, seat_label, seats_of
from registrations.logistics.models import InterpreterAssignment
from registrations.logistics.models.interpreters import pair_label
from registrations.models import ATTENDING, Registration


def itinerary_items(registration: Registration) -> list[ItineraryItem]:
    """Items of kind "seat" (one per seated plan with a time) and "interpreter" (one per assignment)."""
    if registration.status not in ATTENDING:
        return []
    items = []
    for seat in seats_of(registration):
        plan = seat.plan
        start, end = plan_window(plan)
        if start is None:
            continue
        place = plan.place or (plan.session.room.name if plan.session_id and plan.session.room else "")
        title = local_session_title(plan.session) if plan.session_id else plan.title
        items.append(
            ItineraryItem(
                kind="seat",
                start=start,
                end=end,
                title=_("Your seat at %(what)s: %(seat)s")
                % {"what": title, "seat": seat_label(seat.table.number, seat.number)},
                place=place,
                detail=seat.table.name,
                uid=f"seat-{plan.pk}-{registration.pk}@fao-events",
            )
        )
    with_guest = Q(principal=registration) | Q(meeting__participants=registration)
    if registration.delegation_id:
        with_guest |= Q(delegation_id=registration.delegation_id) | Q(meeting__delegation_id=registration.delegation_id)
    assignments = (
        InterpreterAssignment.objects.filter(interpreter__event_id=registration.event_id)
        .filter(with_guest)
        .select_related("interpreter", "session__room", "meeting", "delegation")
        .distinct()
        .order_by("start", "pk")
    )
    for assignment in assignments:
        interpreter = assignment.interpreter
        if assignment.session_id:
            what, place = (
                local_session_title(assignment.session),
                assignment.session.room.name if assignment.session.room else "",
            )
        elif assignment.meeting_id:
            what, place = assignment.meeting.title, assignment.meeting.place
        else:
            what, place = assignment.delegation.name, ""
        contact = interpreter.phone.as_international if interpreter.phone else interpreter.email
        items.append(
            ItineraryItem(
                kind="interpreter",
                start=assignment.start,
                end=assignment.end,
                title=_("Interpreter %(name)s (%(languages)s): %(what)s")
                % {"name": interpreter.name, "languages": pair_label(assignment.language_pair), "what": what},
                place=place,
                detail=contact,
                uid=f"interpreter-{assignment.pk}-{registration.pk}@fao-events",
            )
        )
    return items
