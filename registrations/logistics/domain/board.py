"""The arrivals and departures board, day by day, and every warning of an event's logistics in one list."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from registrations.logistics.domain.hotels import hotel_warnings
from registrations.logistics.domain.transfers import transfer_warnings
from registrations.logistics.domain.travel import LogisticsWarning, Picture
from registrations.logistics.models import Hotel, Hub, Journey, Trip
from registrations.models import Registration


def flag(warning: LogisticsWarning) -> str:
    """A few words for a trip's warning, where a row has no room for the sentence."""
    flags = {
        "over_capacity": _("Over capacity"),
        "no_vehicle": _("No vehicle"),
        "vehicle_double_booked": _("Vehicle double-booked"),
        "driver_double_booked": _("Driver double-booked"),
    }
    return str(flags.get(warning.code, warning.message))


def all_warnings(picture: Picture) -> list[LogisticsWarning]:
    """Transfers' and hotels' warnings, then those of the other parts of logistics.

    Other parts add theirs through the Wagtail hook `logistics_warnings(config) -> list[LogisticsWarning]`.
    """
    found = transfer_warnings(picture) + hotel_warnings(picture)
    for provider in hooks.get_hooks("logistics_warnings"):
        found.extend(provider(picture.config))
    return found


@dataclass
class BoardRow:
    journey: Journey
    guest: Registration
    trip: Trip | None
    hotel: Hotel | None
    warnings: list[LogisticsWarning] = field(default_factory=list)  # about this guest
    trip_flags: list[tuple[str, LogisticsWarning]] = field(default_factory=list)  # about their trip as a whole


@dataclass
class BoardPlace:
    hub: Hub | None  # None: anywhere else (by car, another city's station...)
    arrivals: list[BoardRow] = field(default_factory=list)
    departures: list[BoardRow] = field(default_factory=list)


def board_days(picture: Picture) -> list[dt.date]:
    """The days on which attending guests arrive or leave, in order."""
    return sorted(
        {
            timezone.localtime(journey.at).date()
            for (registration_id, _direction), journey in picture.journeys.items()
            if picture.attending(registration_id)
        }
    )


def _concerns(warning: LogisticsWarning, row: BoardRow) -> bool:
    if row.guest.pk not in warning.registrations:
        return False
    if warning.direction and warning.direction != row.journey.direction:
        return False
    return not warning.trips or (row.trip is not None and row.trip.pk in warning.trips)


def board(picture: Picture, day: dt.date, warnings: list[LogisticsWarning]) -> list[BoardPlace]:
    """Who arrives and leaves on `day`, per airport or station, in time order, with transfer, hotel and warnings."""
    hubs = sorted(picture.hubs.values(), key=lambda hub: (hub.sort_order, hub.pk))
    places = {hub.pk: BoardPlace(hub=hub) for hub in hubs}
    by_guest, by_trip = {}, {}
    for warning in warnings:
        for registration_id in warning.registrations:
            by_guest.setdefault(registration_id, []).append(warning)
        if not warning.registrations:
            for trip_id in warning.trips:
                by_trip.setdefault(trip_id, []).append(warning)
    for (registration_id, direction), journey in sorted(
        picture.journeys.items(), key=lambda item: (item[1].at, item[0])
    ):
        if not picture.attending(registration_id) or timezone.localtime(journey.at).date() != day:
            continue
        row = BoardRow(
            journey=journey,
            guest=picture.guests[registration_id],
            trip=picture.trip_in(registration_id, direction),
            hotel=picture.hotel_at(registration_id, day),
        )
        row.warnings = [w for w in by_guest.get(registration_id, []) if _concerns(w, row)]
        row.trip_flags = [(flag(w), w) for w in by_trip.get(row.trip.pk, [])] if row.trip else []
        place = places.get(journey.hub_id) if journey.hub_id else None
        if place is None:
            place = places.setdefault(None, BoardPlace(hub=None))
        (place.arrivals if direction == Journey.Direction.ARRIVAL else place.departures).append(row)
    return [place for place in places.values() if place.arrivals or place.departures]
