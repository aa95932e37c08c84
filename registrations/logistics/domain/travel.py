"""Guests' arrivals and departures, the event's airports and stations, and everything at once.

`Picture` loads an event's logistics in a fixed number of queries, however many guests it
has; the warnings, the board, the suggestions and the exports all read from it.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.domain.errors import RegistrationError
from registrations.logistics.models import (
    GuestNeeds,
    Hub,
    Journey,
    RoomAssignment,
    RoomBlock,
    RoomGuest,
    TransferSettings,
    Trip,
    TripPassenger,
    Vehicle,
)
from registrations.models import ATTENDING, EventConfig, Registration, Status

DEFAULT_HUBS = [
    (Hub.Kind.AIRPORT, "CSX", "长沙黄花国际机场", "Changsha Huanghua International Airport"),
    (Hub.Kind.STATION, "", "长沙南站", "Changsha South Railway Station"),
    (Hub.Kind.STATION, "", "长沙站", "Changsha Railway Station"),
]
# Guests send their travel while they hold a place; after the event it is history.
TRAVEL_STATUSES = (Status.ACCEPTED, Status.CONFIRMED, Status.PENDING)
# How far from the event a journey may plausibly be.
PLAUSIBLE_DAYS = 30
JOURNEY_FIELDS = ("mode", "number", "at", "hub", "place", "terminal", "other_end", "needs_transfer", "notes")


def transfer_settings(config: EventConfig) -> TransferSettings:
    """The event's transfer settings, created with Changsha's airport and stations on first use."""
    found = TransferSettings.objects.filter(event=config).first()
    if found is not None:
        return found
    with transaction.atomic():
        found, created = TransferSettings.objects.get_or_create(event=config)
        if created and not Hub.objects.filter(event=config).exists():
            Hub.objects.bulk_create(
                Hub(event=config, kind=kind, code=code, name_zh=zh, name_en=en, sort_order=i)
                for i, (kind, code, zh, en) in enumerate(DEFAULT_HUBS)
            )
    return found


@dataclass(frozen=True)
class LogisticsWarning:
    """Something in the event's logistics that needs an organizer's attention."""

    code: str
    message: str
    registrations: tuple[int, ...] = ()
    trips: tuple[int, ...] = ()
    blocks: tuple[int, ...] = ()
    severity: str = "warning"  # or "error": something cannot work as planned
    direction: str = ""  # "arrival" or "departure" when it concerns only one of the guest's journeys


# Entering travel -----------------------------------------------------------------------------


def may_send_travel(registration: Registration, *, now=None) -> bool:
    """Whether the guest may enter or change their travel on their personal page now."""
    now = now or timezone.now()
    return registration.status in TRAVEL_STATUSES and now < registration.event.event.end


def _check_journey(config: EventConfig, direction: str, details: dict):
    hub = details.get("hub")
    if hub is not None and hub.event_id != config.pk:
        raise RegistrationError("wrong_hub", _("This airport or station belongs to another event."))
    if hub is not None and details.get("place"):
        raise RegistrationError(
            "hub_and_place", _("Give either an airport or station from the list, or another place.")
        )
    page = config.event
    at = details["at"]
    if timezone.is_naive(at):
        raise ValueError("journey times must be aware")
    window = dt.timedelta(days=PLAUSIBLE_DAYS)
    if direction == Journey.Direction.ARRIVAL and not (page.start - window <= at <= page.end):
        raise RegistrationError(
            "implausible_arrival",
            _("The arrival must be between %(first)s and the end of the event (%(last)s).")
            % {"first": _date(page.start - window), "last": _date(page.end)},
        )
    if direction == Journey.Direction.DEPARTURE and not (page.start <= at <= page.end + window):
        raise RegistrationError(
            "implausible_departure",
            _("The departure must be between the start of the event (%(first)s) and %(last)s.")
            % {"first": _date(page.start), "last": _date(page.end + window)},
        )


def _date(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}"


@transaction.atomic
def save_travel(*, registration: Registration, arrival: dict | None, departure: dict | None, by=None) -> dict:
    """Set a guest's arrival and departure together; None for either removes it.

    Each is a dict of the journey's fields (JOURNEY_FIELDS; `at` aware). The guest (`by`
    None) may do this while they hold a place and the event has not ended; staff at any time.
    Returns the journeys as saved: {"arrival": Journey | None, "departure": Journey | None}.
    """
    registration = Registration.objects.select_for_update().select_related("event__event").get(pk=registration.pk)
    if by is None and not may_send_travel(registration):
        raise RegistrationError("travel_closed", _("Travel details can no longer be changed here."))
    config = registration.event
    wanted = {Journey.Direction.ARRIVAL: arrival, Journey.Direction.DEPARTURE: departure}
    for direction, details in wanted.items():
        if details is not None:
            unknown = set(details) - set(JOURNEY_FIELDS)
            if unknown:
                raise TypeError(f"save_travel() got unknown journey fields: {', '.join(sorted(unknown))}")
            _check_journey(config, direction, details)
    if arrival and departure and departure["at"] <= arrival["at"]:
        raise RegistrationError("departs_before_arriving", _("The departure must be after the arrival."))
    existing = {j.direction: j for j in Journey.objects.filter(registration=registration)}
    saved = {}
    for direction, details in wanted.items():
        journey = existing.get(direction)
        if details is None:
            if journey is not None:
                journey.delete()
                log(instance=registration, action="logistics.travel", user=by, data={"removed": direction})
            saved[direction] = None
            continue
        journey = journey or Journey(registration=registration, direction=direction)
        changed = [name for name in JOURNEY_FIELDS if name in details and getattr(journey, name) != details[name]]
        if journey.pk is None:
            changed = sorted(details)
        for name, value in details.items():
            setattr(journey, name, value)
        if changed:
            journey.updated_by = by
            journey.save()
            log(instance=registration, action="logistics.travel", user=by, data={direction: sorted(changed)})
        saved[direction] = journey
    return saved


# Airports and stations -----------------------------------------------------------------------


@transaction.atomic
def save_hub(*, event: EventConfig, hub: Hub | None = None, by=None, **fields) -> Hub:
    if hub is not None and hub.event_id != event.pk:
        raise RegistrationError("wrong_event", _("This belongs to another event."))
    hub = hub or Hub(event=event)
    creating = hub.pk is None
    for name, value in fields.items():
        setattr(hub, name, value)
    if Hub.objects.filter(event=event, name_zh=hub.name_zh).exclude(pk=hub.pk).exists():
        raise RegistrationError("duplicate", _("The event already has an airport or station of this name."))
    hub.save()
    log(instance=hub, action="wagtail.create" if creating else "wagtail.edit", user=by)
    return hub


@transaction.atomic
def delete_hub(*, hub: Hub, by=None) -> None:
    if hub.journeys.exists() or hub.trips.exists():
        raise RegistrationError(
            "hub_in_use",
            _("Guests travel through %(hub)s or trips go there: it cannot be removed.") % {"hub": hub.name},
        )
    log(instance=hub, action="wagtail.delete", user=by)
    hub.delete()


# Everything at once --------------------------------------------------------------------------


@dataclass
class Picture:
    """An event's logistics, loaded whole: guests, journeys, trips, rooms and needs.

    `guests` holds the attending guests and anyone else who still has a seat in a trip or
    a room (whose registration was cancelled meanwhile). Trips carry `passenger_ids`,
    room assignments `guest_ids`, in the order they were added.
    """

    config: EventConfig
    settings: TransferSettings
    guests: dict[int, Registration] = field(default_factory=dict)
    journeys: dict[tuple[int, str], Journey] = field(default_factory=dict)
    trips: dict[int, Trip] = field(default_factory=dict)
    passengers: list[TripPassenger] = field(default_factory=list)
    blocks: dict[int, RoomBlock] = field(default_factory=dict)
    assignments: dict[int, RoomAssignment] = field(default_factory=dict)
    needs: dict[int, GuestNeeds] = field(default_factory=dict)
    vehicles: dict[int, Vehicle] = field(default_factory=dict)
    _trips_by_guest: dict[int, list[Trip]] = field(default_factory=dict)
    _rooms_by_guest: dict[int, list[RoomAssignment]] = field(default_factory=dict)

    @classmethod
    def load(cls, config: EventConfig) -> "Picture":
        picture = cls(config=config, settings=transfer_settings(config))
        trips = Trip.objects.filter(event=config).select_related("vehicle", "hub", "hotel").order_by("pickup_at", "pk")
        picture.trips = {trip.pk: trip for trip in trips}
        for trip in picture.trips.values():
            trip.passenger_ids = []
        picture.passengers = list(TripPassenger.objects.filter(trip__event=config).order_by("added_at", "pk"))
        for passenger in picture.passengers:
            trip = picture.trips[passenger.trip_id]
            trip.passenger_ids.append(passenger.registration_id)
            picture._trips_by_guest.setdefault(passenger.registration_id, []).append(trip)

        blocks = (
            RoomBlock.objects.filter(hotel__event=config).select_related("hotel").order_by("hotel", "check_in", "pk")
        )
        picture.blocks = {block.pk: block for block in blocks}
        assignments = RoomAssignment.objects.filter(block__hotel__event=config).order_by("check_in", "pk")
        picture.assignments = {assignment.pk: assignment for assignment in assignments}
        for assignment in picture.assignments.values():
            assignment.block = picture.blocks[assignment.block_id]
            assignment.guest_ids = []
        for room_guest in RoomGuest.objects.filter(assignment__block__hotel__event=config).order_by("pk"):
            assignment = picture.assignments[room_guest.assignment_id]
            assignment.guest_ids.append(room_guest.registration_id)
            picture._rooms_by_guest.setdefault(room_guest.registration_id, []).append(assignment)

        guests = Registration.objects.filter(event=config).select_related("person", "category", "delegation")
        picture.guests = {r.pk: r for r in guests.filter(status__in=ATTENDING)}
        others = (set(picture._trips_by_guest) | set(picture._rooms_by_guest)) - set(picture.guests)
        if others:
            picture.guests.update({r.pk: r for r in guests.filter(pk__in=others)})
        picture.journeys = {
            (j.registration_id, j.direction): j
            for j in Journey.objects.filter(registration__event=config).select_related("hub")
        }
        picture.needs = {n.registration_id: n for n in GuestNeeds.objects.filter(registration__event=config)}
        picture.vehicles = {v.pk: v for v in Vehicle.objects.filter(event=config).order_by("seats", "name", "pk")}
        return picture

    def attending(self, registration_id: int) -> bool:
        guest = self.guests.get(registration_id)
        return guest is not None and guest.status in ATTENDING

    def journey(self, registration_id: int, direction: str) -> Journey | None:
        return self.journeys.get((registration_id, direction))

    def trips_of(self, registration_id: int) -> list[Trip]:
        return self._trips_by_guest.get(registration_id, [])

    def trip_in(self, registration_id: int, direction: str) -> Trip | None:
        return next((t for t in self.trips_of(registration_id) if t.direction == direction), None)

    def rooms_of(self, registration_id: int) -> list[RoomAssignment]:
        return self._rooms_by_guest.get(registration_id, [])

    def hotel_at(self, registration_id: int, day: dt.date):
        """The hotel the guest sleeps at on the night of `day` or the night before (None if none)."""
        for assignment in self.rooms_of(registration_id):
            if assignment.check_in <= day <= assignment.check_out:
                return assignment.block.hotel
        return None

    def needs_room(self, registration_id: int) -> bool:
        """Whether the office books this guest a room: as they said, else if they arrive from elsewhere."""
        needs = self.needs.get(registration_id)
        if needs is not None and needs.needs_room is not None:
            return needs.needs_room
        return self.journey(registration_id, Journey.Direction.ARRIVAL) is not None
