"""A guest's programme: what they do, where and when, as one list in time order.

`ItineraryItem` is what every part of logistics contributes (sessions, arrival and
departure, transfers, hotel nights, interpreters, seats). Parts outside this module add
their items through the Wagtail hook `logistics_itinerary_items(registration) -> list[ItineraryItem]`.
"""

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.models import Locale

from events.localize import localized
from registrations.domain.guests import reference
from registrations.logistics.domain.transfers import trip_end
from registrations.logistics.models import Journey, RoomGuest, TripPassenger


@dataclass(frozen=True)
class ItineraryItem:
    kind: str  # "session", "arrival", "departure", "transfer", "hotel", "interpreter", "seat"...
    start: datetime  # aware
    end: datetime | None
    title: str  # in the active language
    place: str = ""
    detail: str = ""
    uid: str = ""  # stable across languages and edits: the .ics UID


# Within the same minute: arrive, ride, check in, then the programme; ride to leave last.
KIND_ORDER = {"arrival": 0, "transfer": 1, "hotel": 2, "departure": 9}
CHECK_IN_HOUR, CHECK_OUT_HOUR = 14, 12


def uid(kind: str, key) -> str:
    """An .ics UID; a session's is the one the event's own calendar gives it, so the two never double up."""
    return f"{kind}-{key}@{settings.ICAL_UID_DOMAIN}"


def local_event(config):
    """The event's page in the active language, when it is published in it; else the page itself."""
    page = config.event
    local = page.get_translation_or_none(Locale.get_active())
    return local.specific if local is not None and local.live else page


def agenda(config) -> list:
    """The event's sessions in the active language: each in its translation where the page has one.

    Taken from the page registrations hang on, so a session not translated yet still counts
    (for the kitchen, for a guest's calendar) and keeps its place.
    """
    source = config.event
    local = local_event(config)
    sessions = source.agenda()
    if local.pk == source.pk:
        return sessions
    translated = {session.translation_key: session for session in local.agenda()}
    return [translated.get(session.translation_key, session) for session in sessions]


def _at(day: dt.date, hour: int) -> datetime:
    return datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def itinerary(registration) -> list[ItineraryItem]:
    """Everything on the guest's programme in the active language, in time order, with the hooks' items."""
    config = registration.event
    page = local_event(config)
    venue = localized(page.venue, page.locale) if page.venue_id else None
    items = []
    for session in agenda(config):
        where = _(", ").join(str(part) for part in (session.local_room, venue.name if venue else "") if part)
        speakers = _(", ").join(speaker.name for speaker in session.local_speakers)
        items.append(
            ItineraryItem(
                kind="session",
                start=session.start,
                end=session.end,
                title=session.title,
                place=where,
                detail=speakers,
                uid=uid("session", session.translation_key),
            )
        )
    ref = reference(registration).lower()
    arrived = None  # when the guest reaches town, or their hotel: a room is shown from then
    for journey in Journey.objects.filter(registration=registration).select_related("hub"):
        arriving = journey.direction == Journey.Direction.ARRIVAL
        if arriving:
            arrived = journey.at
        title = _("Arrival: %(journey)s") if arriving else _("Departure: %(journey)s")
        other = _("From %(place)s") if arriving else _("To %(place)s")
        items.append(
            ItineraryItem(
                kind=journey.direction,
                start=journey.at,
                end=None,
                title=title % {"journey": journey.number or journey.get_mode_display()},
                place=journey.place_name,
                detail=other % {"place": journey.other_end} if journey.other_end else "",
                uid=uid(journey.direction, ref),
            )
        )
    seats = TripPassenger.objects.filter(registration=registration).select_related(
        "trip__vehicle", "trip__hub", "trip__hotel"
    )
    for seat in seats:
        trip = seat.trip
        if trip.direction == Journey.Direction.ARRIVAL:
            arrived = trip_end(trip)
        driver, phone = trip.driver
        vehicle = ""
        if trip.vehicle_id:
            vehicle = trip.vehicle.name + (f" ({trip.vehicle.plate})" if trip.vehicle.plate else "")
        detail = _(", ").join(part for part in (vehicle, driver, phone) if part)
        items.append(
            ItineraryItem(
                kind="transfer",
                start=trip.pickup_at,
                end=trip_end(trip),
                title=_("Transfer to %(place)s") % {"place": trip.destination},
                place=trip.origin,
                detail=detail,
                uid=uid("transfer", f"{trip.pk}-{ref}"),
            )
        )
    stays = RoomGuest.objects.filter(registration=registration).select_related("assignment__block__hotel")
    roommates = {}
    for other in (
        RoomGuest.objects.filter(assignment__in=[s.assignment_id for s in stays])
        .exclude(registration=registration)
        .select_related("registration__person")
    ):
        roommates.setdefault(other.assignment_id, []).append(other.registration.person.display_name)
    for stay in stays:
        room = stay.assignment
        nights = len(room.nights)
        parts = [ngettext("%(count)d night", "%(count)d nights", nights) % {"count": nights}, room.block.room_type]
        if room.room_number:
            parts.append(_("room %(number)s") % {"number": room.room_number})
        if roommates.get(room.pk):
            parts.append(_("shared with %(names)s") % {"names": _(", ").join(roommates[room.pk])})
        hotel = room.block.hotel
        check_in = _at(room.check_in, CHECK_IN_HOUR)
        if arrived is not None and timezone.localtime(arrived).date() == room.check_in:
            check_in = max(check_in, arrived)
        items.append(
            ItineraryItem(
                kind="hotel",
                start=check_in,
                end=_at(room.check_out, CHECK_OUT_HOUR),
                title=hotel.name,
                place=hotel.address,
                detail=" · ".join(parts),
                uid=uid("room", f"{room.pk}-{ref}"),
            )
        )
    for provider in hooks.get_hooks("logistics_itinerary_items"):
        items.extend(provider(registration))
    return sorted(items, key=lambda item: (item.start, KIND_ORDER.get(item.kind, 5), item.title))


def kind_label(kind: str) -> str:
    labels = {
        "session": _("Programme"),
        "arrival": _("Arrival"),
        "departure": _("Departure"),
        "transfer": _("Transfer"),
        "hotel": _("Hotel"),
        "interpreter": _("Interpreter"),
        "seat": _("Seat"),
    }
    return labels.get(kind, "")


def by_day(items: list[ItineraryItem]) -> list[tuple[dt.date, list[dict]]]:
    """The items grouped by their day in Beijing time, for the pages: each with its kind's label,
    and whether it ends on the day it starts (else the end shows its date)."""
    days = {}
    for item in items:
        start = timezone.localtime(item.start)
        same_day = item.end is None or timezone.localtime(item.end).date() == start.date()
        days.setdefault(start.date(), []).append({"item": item, "label": kind_label(item.kind), "same_day": same_day})
    return list(days.items())
