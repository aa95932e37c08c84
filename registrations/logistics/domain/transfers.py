"""Vehicles, trips and their passengers; trips suggested for guests arriving close together; conflicts.

Capacity and timing are not refused, they are flagged (`transfer_warnings`): the motor pool
can put a folding seat in or the guest can wait, but the organizer must know. What cannot be
true is refused: a guest on two arrival pickups, a trip of another event's vehicle.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.travel import (
    GuestName,
    LogisticsWarning,
    Picture,
    check_fields,
    save_named,
    transfer_settings,
)
from registrations.logistics.models import Access, Hotel, Hub, Journey, TransferSettings, Trip, TripPassenger, Vehicle
from registrations.models import ATTENDING, EventConfig, Registration

VEHICLE_FIELDS = ("name", "kind", "seats", "plate", "driver_name", "driver_phone", "notes")
TRIP_FIELDS = (
    "direction",
    "pickup_at",
    "duration",
    "hub",
    "hotel",
    "place",
    "meeting_point",
    "vehicle",
    "driver_name",
    "driver_phone",
    "notes",
)
ARRIVAL, DEPARTURE, OTHER = Trip.Direction.ARRIVAL, Trip.Direction.DEPARTURE, Trip.Direction.OTHER


def when(moment) -> str:
    """A time as the board writes it, in Beijing time."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _names(registrations) -> str:
    return _(", ").join(r.person.display_name for r in registrations)


def _same_event(event: EventConfig, *objects):
    for obj in objects:
        if obj is None:
            continue
        if obj.event_id != event.pk:
            raise RegistrationError("wrong_event", _("This belongs to another event."))


SETTINGS_FIELDS = (
    "grouping_window",
    "wait_after_flight",
    "wait_after_train",
    "trip_minutes",
    "margin_before_flight",
    "margin_before_train",
)


@transaction.atomic
def save_transfer_settings(*, event: EventConfig, by=None, **fields) -> TransferSettings:
    """Change how the event's trips are suggested and checked (minutes, validated by the settings' form)."""
    check_fields(fields, SETTINGS_FIELDS, "save_transfer_settings")
    settings = transfer_settings(event)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean(exclude=["event"])
    settings.save()
    log(instance=settings, action="wagtail.edit", user=by)
    return settings


# Vehicles ------------------------------------------------------------------------------------


@transaction.atomic
def save_vehicle(*, event: EventConfig, vehicle: Vehicle | None = None, by=None, **fields) -> Vehicle:
    check_fields(fields, VEHICLE_FIELDS, "save_vehicle")
    duplicate = _("The event already has a vehicle called %(name)s.")
    return save_named(Vehicle, event=event, obj=vehicle, by=by, fields=fields, unique="name", duplicate=duplicate)


@transaction.atomic
def delete_vehicle(*, vehicle: Vehicle, by=None) -> None:
    if vehicle.trips.exists():
        raise RegistrationError(
            "vehicle_in_use",
            _("%(vehicle)s has trips: give them another vehicle or delete them first.") % {"vehicle": vehicle},
        )
    log(instance=vehicle, action="wagtail.delete", user=by)
    vehicle.delete()


# Trips ---------------------------------------------------------------------------------------


def _check_trip(trip: Trip):
    if trip.direction in (ARRIVAL, DEPARTURE) and trip.hub_id is None:
        raise RegistrationError("needs_hub", _("An arrival or departure trip needs its airport or station."))
    if trip.hotel_id and trip.place:
        raise RegistrationError("hotel_and_place", _("Give either a hotel or another place, not both."))
    if not (trip.hotel_id or trip.place):
        raise RegistrationError("needs_place", _("Give the hotel or the other place the trip goes to or comes from."))
    if trip.direction == OTHER and not trip.meeting_point:
        raise RegistrationError("needs_meeting_point", _("Give the meeting point where the trip starts."))
    if timezone.is_naive(trip.pickup_at):
        raise ValueError("pickup times must be aware")


@transaction.atomic
def save_trip(*, event: EventConfig, trip: Trip | None = None, by=None, **fields) -> Trip:
    """Create a trip, or change one; its passengers follow a change of direction."""
    check_fields(fields, TRIP_FIELDS, "save_trip")
    if trip is not None:
        _same_event(event, trip)
        trip = Trip.objects.select_for_update().get(pk=trip.pk)
    _same_event(event, fields.get("hub"), fields.get("hotel"), fields.get("vehicle"))
    trip = trip or Trip(event=event)
    creating = trip.pk is None
    if creating and "duration" not in fields:
        trip.duration = transfer_settings(event).trip_minutes
    before = trip.direction
    for name, value in fields.items():
        setattr(trip, name, value)
    _check_trip(trip)
    trip.save()
    if not creating and trip.direction != before:
        try:
            with transaction.atomic():
                TripPassenger.objects.filter(trip=trip).update(direction=trip.direction)
        except IntegrityError:
            raise RegistrationError(
                "already_on_trip", _("Some passengers already have another trip of this kind.")
            ) from None
    log(instance=trip, action="wagtail.create" if creating else "wagtail.edit", user=by)
    return trip


@transaction.atomic
def delete_trip(*, trip: Trip, by=None) -> None:
    passengers = list(trip.passengers.values_list("registration_id", flat=True))
    log(instance=trip, action="wagtail.delete", user=by, data={"passengers": passengers})
    trip.delete()


@transaction.atomic
def add_passengers(*, trip: Trip, registrations, by=None) -> list[TripPassenger]:
    """Put guests on a trip, all or none. A guest rides one arrival and one departure trip at most."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    wanted = list(
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).select_related("person").order_by("pk")
    )
    if any(r.event_id != trip.event_id for r in wanted):
        raise RegistrationError("wrong_event", _("This belongs to another event."))
    absent = [r for r in wanted if r.status not in ATTENDING]
    if absent:
        raise RegistrationError("not_attending", _("Not attending: %(names)s.") % {"names": _names(absent)})
    here = set(trip.passengers.values_list("registration_id", flat=True))
    new = [r for r in wanted if r.pk not in here]
    journeys = {}
    if trip.direction != OTHER:
        taken = TripPassenger.objects.filter(registration__in=new, direction=trip.direction).select_related(
            "registration__person"
        )
        if taken:
            raise RegistrationError(
                "already_on_trip",
                _("Already on another trip of this kind: %(names)s.")
                % {"names": _names(p.registration for p in taken)},
            )
        journeys = dict(
            Journey.objects.filter(registration__in=new, direction=trip.direction).values_list("registration_id", "at")
        )
    try:
        with transaction.atomic():
            added = TripPassenger.objects.bulk_create(
                TripPassenger(trip=trip, registration=r, direction=trip.direction, journey_at=journeys.get(r.pk))
                for r in new
            )
    except IntegrityError:
        # Someone put one of them on another trip meanwhile: the database's constraint caught it.
        raise RegistrationError(
            "already_on_trip", _("Already on another trip of this kind: %(names)s.") % {"names": _names(new)}
        ) from None
    for registration in new:
        log(instance=registration, action="logistics.transfer", user=by, data={"trip": trip.pk, "added": True})
    return added


@transaction.atomic
def remove_passenger(*, trip: Trip, registration: Registration, by=None) -> None:
    deleted, _rows = TripPassenger.objects.filter(trip=trip, registration=registration).delete()
    if not deleted:
        raise RegistrationError("not_on_trip", _("This guest is not on this trip."))
    log(instance=registration, action="logistics.transfer", user=by, data={"trip": trip.pk, "added": False})


@transaction.atomic
def plan_trip(*, event: EventConfig, passengers, by=None, **fields) -> Trip:
    """Create a trip with its passengers at once (a suggestion taken up): both or neither."""
    trip = save_trip(event=event, by=by, **fields)
    add_passengers(trip=trip, registrations=passengers, by=by)
    return trip


# Suggestions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """Guests arriving (or leaving) at one airport or station close together, for one hotel."""

    direction: str
    hub: Hub
    hotel: Hotel | None
    pickup_at: dt.datetime
    journeys: tuple[Journey, ...]
    passengers: tuple[Registration, ...]
    vehicle: Vehicle | None
    needs_accessible: bool = False

    @property
    def key(self) -> str:
        return f"{self.direction}-{self.hub.pk}-" + "-".join(str(r.pk) for r in self.passengers)

    @property
    def first(self) -> dt.datetime:
        return self.journeys[0].at

    @property
    def last(self) -> dt.datetime:
        return self.journeys[-1].at


def _wait(settings, journey: Journey) -> dt.timedelta:
    minutes = {Journey.Mode.FLIGHT: settings.wait_after_flight, Journey.Mode.TRAIN: settings.wait_after_train}
    return dt.timedelta(minutes=minutes.get(journey.mode, 0))


def _margin(settings, journey: Journey) -> dt.timedelta:
    minutes = {Journey.Mode.FLIGHT: settings.margin_before_flight, Journey.Mode.TRAIN: settings.margin_before_train}
    return dt.timedelta(minutes=minutes.get(journey.mode, 0))


def _round(moment: dt.datetime, *, up: bool) -> dt.datetime:
    """To five minutes: a pickup after landing later, one before a flight earlier."""
    moment = moment.replace(second=0, microsecond=0)
    extra = moment.minute % 5
    if not extra:
        return moment
    return moment + dt.timedelta(minutes=5 - extra) if up else moment - dt.timedelta(minutes=extra)


def _busy(trips) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    busy = {}
    for trip in trips:
        if trip.vehicle_id:
            busy.setdefault(trip.vehicle_id, []).append((trip.pickup_at, trip_end(trip)))
    return busy


def _free_vehicle(vehicles, busy, start, end, seats: int, accessible: bool) -> Vehicle | None:
    """The smallest vehicle with enough seats that is free from start to end (accessible ones first if needed)."""
    fitting = [v for v in vehicles if v.seats >= seats and all(end <= s or start >= e for s, e in busy.get(v.pk, []))]
    if accessible:
        fitting.sort(key=lambda v: v.kind != Vehicle.Kind.ACCESSIBLE)
    return fitting[0] if fitting else None


def trip_end(trip: Trip) -> dt.datetime:
    return trip.pickup_at + dt.timedelta(minutes=trip.duration)


def suggest_trips(picture: Picture) -> list[Suggestion]:
    """Trips for guests who need a transfer and have none yet, in time order.

    Guests are grouped when they arrive at (or leave from) the same airport or station
    within the event's grouping window and stay at the same hotel, up to the seats of the
    largest vehicle. Each suggestion names the smallest free vehicle that fits, if any.
    """
    settings = picture.settings
    window = dt.timedelta(minutes=settings.grouping_window)
    duration = dt.timedelta(minutes=settings.trip_minutes)
    vehicles = sorted(picture.vehicles.values(), key=lambda v: (v.seats, v.name, v.pk))
    most_seats = max((v.seats for v in vehicles), default=None)
    groups = []
    for direction in (ARRIVAL, DEPARTURE):
        pools = {}
        for (registration_id, journey_direction), journey in picture.journeys.items():
            if journey_direction != direction or not journey.needs_transfer or journey.hub_id is None:
                continue
            if not picture.attending(registration_id) or picture.trip_in(registration_id, direction):
                continue
            hotel = picture.hotel_at(registration_id, timezone.localtime(journey.at).date())
            pools.setdefault((journey.hub_id, hotel.pk if hotel else None), []).append(journey)
        for pool in pools.values():
            pool.sort(key=lambda j: (j.at, j.registration_id))
            current = []
            for journey in pool:
                full = most_seats is not None and len(current) >= most_seats
                if current and (journey.at - current[0].at > window or full):
                    groups.append((direction, current))
                    current = []
                current.append(journey)
            if current:
                groups.append((direction, current))
    # Vehicles go to the earliest pickups first, as the motor pool would hand them out.
    planned = sorted(
        ((_pickup(settings, direction, group, duration), direction, group) for direction, group in groups),
        key=lambda item: (item[0], item[2][0].hub_id, item[2][0].registration_id),
    )
    busy = _busy(picture.trips.values())
    return [
        _suggestion(picture, direction, group, pickup, vehicles, busy, duration) for pickup, direction, group in planned
    ]


def _pickup(settings, direction, group, duration) -> dt.datetime:
    if direction == ARRIVAL:
        return _round(max(j.at + _wait(settings, j) for j in group), up=True)
    return _round(min(j.at - _margin(settings, j) for j in group) - duration, up=False)


def _suggestion(picture, direction, group, pickup, vehicles, busy, duration) -> Suggestion:
    passengers = tuple(picture.guests[j.registration_id] for j in group)
    accessible = any(Access.WHEELCHAIR in getattr(picture.needs.get(r.pk), "access", []) for r in passengers)
    vehicle = _free_vehicle(vehicles, busy, pickup, pickup + duration, len(group), accessible)
    if vehicle is not None:
        busy.setdefault(vehicle.pk, []).append((pickup, pickup + duration))
    return Suggestion(
        direction=direction,
        hub=group[0].hub,
        hotel=picture.hotel_at(group[0].registration_id, timezone.localtime(group[0].at).date()),
        pickup_at=pickup,
        journeys=tuple(group),
        passengers=passengers,
        vehicle=vehicle,
        needs_accessible=accessible,
    )


# Warnings ------------------------------------------------------------------------------------


def _overlapping(trips, key) -> list[tuple[Trip, Trip]]:
    """Pairs of trips with the same key (vehicle, driver) whose times overlap."""
    by_key = {}
    for trip in trips:
        k = key(trip)
        if k:
            by_key.setdefault(k, []).append(trip)
    pairs = []
    for same in by_key.values():
        same.sort(key=lambda t: (t.pickup_at, t.pk))
        for i, first in enumerate(same):
            for second in same[i + 1 :]:
                if second.pickup_at >= trip_end(first):
                    break
                pairs.append((first, second))
    return pairs


def transfer_warnings(picture: Picture) -> list[LogisticsWarning]:
    """Every conflict in the event's transfers, trip by trip, then guests with no transfer."""
    settings = picture.settings
    warnings = []
    guests = picture.guests
    for trip in picture.trips.values():
        riders = trip.passenger_ids
        ref = trip.reference
        if trip.vehicle_id and len(riders) > trip.vehicle.seats:
            warnings.append(
                LogisticsWarning(
                    "over_capacity",
                    _("Trip %(trip)s has %(count)d passengers for the %(seats)d seats of %(vehicle)s.")
                    % {"trip": ref, "count": len(riders), "seats": trip.vehicle.seats, "vehicle": trip.vehicle.name},
                    trips=(trip.pk,),
                    severity="error",
                )
            )
        if riders and not trip.vehicle_id:
            warnings.append(
                LogisticsWarning(
                    "no_vehicle",
                    _("Trip %(trip)s at %(time)s has passengers but no vehicle.")
                    % {"trip": ref, "time": when(trip.pickup_at)},
                    trips=(trip.pk,),
                )
            )
        for registration_id in riders:
            name = GuestName(guests[registration_id].person)
            if not picture.attending(registration_id):
                warnings.append(
                    LogisticsWarning(
                        "not_attending_on_trip",
                        _("%(name)s is no longer attending but is still on trip %(trip)s.")
                        % {"name": name, "trip": ref},
                        registrations=(registration_id,),
                        trips=(trip.pk,),
                    )
                )
            if trip.direction == OTHER:
                continue
            journey = picture.journey(registration_id, trip.direction)
            if journey is None:
                warnings.append(
                    LogisticsWarning(
                        "trip_without_journey",
                        _("%(name)s is on trip %(trip)s but has no flight or train for it.")
                        % {"name": name, "trip": ref},
                        registrations=(registration_id,),
                        trips=(trip.pk,),
                    )
                )
                continue
            warnings.extend(_journey_warnings(settings, trip, journey, name))
            then = picture.seats[trip.pk, registration_id]
            if then is not None and then != journey.at:
                warnings.append(
                    LogisticsWarning(
                        "travel_changed",
                        _("Travel of %(name)s changed from %(before)s to %(after)s after trip %(trip)s was planned.")
                        % {"name": name, "before": when(then), "after": when(journey.at), "trip": ref},
                        registrations=(registration_id,),
                        trips=(trip.pk,),
                    )
                )
    trips = list(picture.trips.values())
    for first, second in _overlapping(trips, lambda t: t.vehicle_id):
        warnings.append(
            LogisticsWarning(
                "vehicle_double_booked",
                _("%(vehicle)s is on trips %(first)s and %(second)s at the same time.")
                % {"vehicle": first.vehicle.name, "first": first.reference, "second": second.reference},
                trips=(first.pk, second.pk),
                severity="error",
            )
        )
    different_vehicles = [
        pair
        for pair in _overlapping(trips, lambda t: t.driver_key)
        if pair[0].vehicle_id != pair[1].vehicle_id or not pair[0].vehicle_id
    ]
    for first, second in different_vehicles:
        warnings.append(
            LogisticsWarning(
                "driver_double_booked",
                _("%(driver)s drives trips %(first)s and %(second)s at the same time.")
                % {"driver": first.driver[0] or first.driver[1], "first": first.reference, "second": second.reference},
                trips=(first.pk, second.pk),
                severity="error",
            )
        )
    for (registration_id, direction), journey in sorted(
        picture.journeys.items(), key=lambda item: (item[1].at, item[0])
    ):
        if not journey.needs_transfer or not picture.attending(registration_id):
            continue
        if picture.trip_in(registration_id, direction) is None:
            name = GuestName(guests[registration_id].person)
            if direction == Journey.Direction.ARRIVAL:
                message = _("%(name)s arrives at %(time)s (%(journey)s) with no transfer.")
            else:
                message = _("%(name)s leaves at %(time)s (%(journey)s) with no transfer.")
            warnings.append(
                LogisticsWarning(
                    f"no_{direction}_transfer",
                    message % {"name": name, "time": when(journey.at), "journey": journey_label(journey)},
                    registrations=(registration_id,),
                    direction=direction,
                )
            )
    return warnings


def journey_label(journey: Journey) -> str:
    """A flight or train as the board shows it: its number and where, or how the guest travels."""
    what = journey.number or journey.get_mode_display()
    return f"{what}, {journey.place_name}" if journey.place_name else what


def _journey_warnings(settings, trip: Trip, journey: Journey, name: str) -> list[LogisticsWarning]:
    found = []
    ref = trip.reference
    if journey.hub_id != trip.hub_id:
        found.append(
            LogisticsWarning(
                "wrong_hub",
                _("%(name)s travels through %(place)s, not %(hub)s where trip %(trip)s goes.")
                % {
                    "name": name,
                    "place": journey.place_name,
                    "hub": trip.hub.name if trip.hub_id else "—",
                    "trip": ref,
                },
                registrations=(journey.registration_id,),
                trips=(trip.pk,),
                severity="error",
            )
        )
    if trip.direction == ARRIVAL and trip.pickup_at < journey.at:
        found.append(
            LogisticsWarning(
                "pickup_before_arrival",
                _("Trip %(trip)s picks up at %(pickup)s, before %(name)s arrives at %(arrival)s.")
                % {"trip": ref, "pickup": when(trip.pickup_at), "name": name, "arrival": when(journey.at)},
                registrations=(journey.registration_id,),
                trips=(trip.pk,),
                severity="error",
            )
        )
    if trip.direction == DEPARTURE and trip_end(trip) > journey.at - _margin(settings, journey):
        found.append(
            LogisticsWarning(
                "late_for_departure",
                _("Trip %(trip)s reaches %(hub)s at %(end)s: too late for %(name)s, who leaves at %(departure)s.")
                % {
                    "trip": ref,
                    "hub": trip.hub.name,
                    "end": when(trip_end(trip)),
                    "name": name,
                    "departure": when(journey.at),
                },
                registrations=(journey.registration_id,),
                trips=(trip.pk,),
                severity="error",
            )
        )
    return found
