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
    Hotel,
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
# What the lists, warnings and exports show of a person: the rest is not loaded.
PERSON_FIELDS = (
    "family_name",
    "given_name",
    "romanised_family_name",
    "romanised_given_name",
    "chinese_name",
    "language",
    "country",
    "phone",
)
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


class GuestName:
    """A guest's name in their own script, worked out only when a message is written with it."""

    __slots__ = ("person",)

    def __init__(self, person):
        self.person = person

    def __str__(self):
        return self.person.display_name


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


def check_fields(fields: dict, allowed, function: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{function}() got unknown fields: {', '.join(sorted(unknown))}")


def save_named(model, *, event: EventConfig, obj, by, fields: dict, unique: str, duplicate: str):
    """Create or change one of an event's named things (an airport, a vehicle, a hotel), unique by `unique`; logged.

    `duplicate` is the refusal when another has the same name (it may use %(name)s).
    """
    if obj is not None and obj.event_id != event.pk:
        raise RegistrationError("wrong_event", _("This belongs to another event."))
    obj = obj or model(event=event)
    creating = obj.pk is None
    for name, value in fields.items():
        setattr(obj, name, value)
    value = getattr(obj, unique)
    if model.objects.filter(event=event, **{unique: value}).exclude(pk=obj.pk).exists():
        raise RegistrationError("duplicate", duplicate % {"name": value})
    obj.save()
    log(instance=obj, action="wagtail.create" if creating else "wagtail.edit", user=by)
    return obj


HUB_FIELDS = ("kind", "code", "name_zh", "name_en", "sort_order")


@transaction.atomic
def save_hub(*, event: EventConfig, hub: Hub | None = None, by=None, **fields) -> Hub:
    check_fields(fields, HUB_FIELDS, "save_hub")
    duplicate = _("The event already has an airport or station of this name.")
    return save_named(Hub, event=event, obj=hub, by=by, fields=fields, unique="name_zh", duplicate=duplicate)


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
    seats: dict[tuple[int, int], dt.datetime | None] = field(default_factory=dict)  # (trip, guest): journey time then
    blocks: dict[int, RoomBlock] = field(default_factory=dict)
    assignments: dict[int, RoomAssignment] = field(default_factory=dict)
    needs: dict[int, GuestNeeds] = field(default_factory=dict)
    vehicles: dict[int, Vehicle] = field(default_factory=dict)
    hubs: dict[int, Hub] = field(default_factory=dict)
    hotels: dict = field(default_factory=dict)
    _trips_by_guest: dict[int, list[Trip]] = field(default_factory=dict)
    _rooms_by_guest: dict[int, list[RoomAssignment]] = field(default_factory=dict)

    @classmethod
    def load(cls, config: EventConfig) -> "Picture":
        # Related rows come from small dictionaries, not joins: a few hundred guests make
        # thousands of rows, and each joined row would build its own copy of a hub or hotel.
        picture = cls(config=config, settings=transfer_settings(config))
        picture.hubs = {hub.pk: hub for hub in Hub.objects.filter(event=config)}
        picture.vehicles = {v.pk: v for v in Vehicle.objects.filter(event=config).order_by("seats", "name", "pk")}
        picture.hotels = {hotel.pk: hotel for hotel in Hotel.objects.filter(event=config)}
        trips = Trip.objects.filter(event=config).defer("created_at", "updated_at").order_by("pickup_at", "pk")
        picture.trips = {trip.pk: trip for trip in trips}
        for trip in picture.trips.values():
            trip.vehicle = picture.vehicles.get(trip.vehicle_id)
            trip.hub = picture.hubs.get(trip.hub_id)
            trip.hotel = picture.hotels.get(trip.hotel_id)
            trip.passenger_ids = []
        seats = TripPassenger.objects.filter(trip__event=config).order_by("added_at", "pk")
        for trip_id, registration_id, journey_at in seats.values_list("trip_id", "registration_id", "journey_at"):
            trip = picture.trips[trip_id]
            trip.passenger_ids.append(registration_id)
            picture.seats[trip_id, registration_id] = journey_at
            picture._trips_by_guest.setdefault(registration_id, []).append(trip)

        picture.blocks = {
            block.pk: block
            for block in RoomBlock.objects.filter(hotel__event=config).order_by("hotel", "check_in", "pk")
        }
        for block in picture.blocks.values():
            block.hotel = picture.hotels[block.hotel_id]
        assignments = (
            RoomAssignment.objects.filter(block__hotel__event=config)
            .defer("created_at", "updated_at")
            .order_by("check_in", "pk")
        )
        picture.assignments = {assignment.pk: assignment for assignment in assignments}
        for assignment in picture.assignments.values():
            assignment.block = picture.blocks[assignment.block_id]
            assignment.guest_ids = []
        room_guests = RoomGuest.objects.filter(assignment__block__hotel__event=config).order_by("pk")
        for assignment_id, registration_id in room_guests.values_list("assignment_id", "registration_id"):
            assignment = picture.assignments[assignment_id]
            assignment.guest_ids.append(registration_id)
            picture._rooms_by_guest.setdefault(registration_id, []).append(assignment)

        categories = {category.pk: category for category in config.categories.all()}
        delegations = {delegation.pk: delegation for delegation in config.delegations.all()}
        guests = (
            Registration.objects.filter(event=config)
            .select_related("person")
            .only("status", "event_id", "category_id", "delegation_id", *(f"person__{name}" for name in PERSON_FIELDS))
        )
        picture.guests = {r.pk: r for r in guests.filter(status__in=ATTENDING)}
        others = (set(picture._trips_by_guest) | set(picture._rooms_by_guest)) - set(picture.guests)
        if others:
            picture.guests.update({r.pk: r for r in guests.filter(pk__in=others)})
        for registration in picture.guests.values():
            registration.category = categories[registration.category_id]
            registration.delegation = delegations.get(registration.delegation_id)
        picture.journeys = {}
        for journey in Journey.objects.filter(registration__event=config).defer("updated_at", "updated_by"):
            journey.hub = picture.hubs.get(journey.hub_id)
            picture.journeys[journey.registration_id, journey.direction] = journey
        needs = GuestNeeds.objects.filter(registration__event=config).defer("updated_at", "updated_by")
        picture.needs = {n.registration_id: n for n in needs}
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
