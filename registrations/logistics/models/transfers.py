"""Cars and coaches, the trips they make between airports, stations, hotels and the venue, and who rides."""

import functools
import re

import phonenumbers
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferSettings(models.Model):
    """How one event plans its transfers: the suggestions and warnings follow these figures."""

    event = models.OneToOneField(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="transfer_settings"
    )
    grouping_window = models.PositiveSmallIntegerField(
        _("grouping window (minutes)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(360)],
        help_text=_("Arrivals at the same airport or station this close together are suggested as one trip."),
    )
    wait_after_flight = models.PositiveSmallIntegerField(
        _("minutes from landing to pickup"),
        default=40,
        validators=[MaxValueValidator(240)],
        help_text=_("Immigration and baggage: a suggested pickup is this long after the last landing."),
    )
    wait_after_train = models.PositiveSmallIntegerField(
        _("minutes from a train's arrival to pickup"), default=15, validators=[MaxValueValidator(240)]
    )
    trip_minutes = models.PositiveSmallIntegerField(
        _("usual trip duration (minutes)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
        help_text=_("For new trips; each trip can have its own."),
    )
    margin_before_flight = models.PositiveSmallIntegerField(
        _("minutes at the airport before a flight"),
        default=120,
        validators=[MaxValueValidator(600)],
        help_text=_("A drop-off reaching the airport later than this before the flight is flagged."),
    )
    margin_before_train = models.PositiveSmallIntegerField(
        _("minutes at the station before a train"), default=30, validators=[MaxValueValidator(600)]
    )

    class Meta:
        verbose_name = _("transfer settings")
        verbose_name_plural = _("transfer settings")

    def __str__(self):
        return str(self.event)


@functools.lru_cache(maxsize=4096)
def phone_key(phone: str) -> str:
    """A phone number written one way whatever way it was typed: +8613807310001 for 138 0731 0001."""
    try:
        parsed = phonenumbers.parse(phone or "", "CN")
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", phone or "")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class Vehicle(models.Model):
    class Kind(models.TextChoices):
        CAR = "car", _("Car")
        MPV = "mpv", _("Business van")
        MINIBUS = "minibus", _("Minibus")
        COACH = "coach", _("Coach")
        ACCESSIBLE = "accessible", _("Wheelchair-accessible van")

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="vehicles"
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("How the motor pool calls it, for example VIP 1."))
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.CAR)
    seats = models.PositiveSmallIntegerField(
        _("passenger seats"),
        validators=[MinValueValidator(1), MaxValueValidator(80)],
        help_text=_("Not counting the driver."),
    )
    plate = models.CharField(_("plate"), max_length=20, blank=True)
    driver_name = models.CharField(_("driver's name"), max_length=60, blank=True)
    driver_phone = models.CharField(_("driver's phone"), max_length=30, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="vehicle_name_unique_per_event")]

    def __str__(self):
        return f"{self.name} · {self.plate}" if self.plate else self.name


class Trip(models.Model):
    """One vehicle's run: a pickup at a time and place, to a destination, with its passengers.

    An arrival trip goes from an airport or station (its hub) to a hotel or another place;
    a departure trip from a hotel or another place to its hub; any other trip from its
    meeting point to its destination.
    """

    class Direction(models.TextChoices):
        ARRIVAL = "arrival", _("Arrival pickup")
        DEPARTURE = "departure", _("Departure drop-off")
        OTHER = "other", _("Other trip")

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="trips"
    )
    direction = models.CharField(_("kind"), max_length=10, choices=Direction.choices, default=Direction.ARRIVAL)
    pickup_at = models.DateTimeField(_("pickup time"))
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    hub = models.ForeignKey(
        "logistics.Hub",
        verbose_name=_("airport or station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trips",
    )
    hotel = models.ForeignKey(
        "logistics.Hotel",
        verbose_name=_("hotel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trips",
    )
    place = models.CharField(
        _("other place"), max_length=200, blank=True, help_text=_("The other end of the trip, if not a hotel.")
    )
    meeting_point = models.CharField(
        _("meeting point"), max_length=200, blank=True, help_text=_("For example: T2 arrivals hall, exit 3.")
    )
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("vehicle"), null=True, blank=True, on_delete=models.PROTECT, related_name="trips"
    )
    driver_name = models.CharField(
        _("driver's name"), max_length=60, blank=True, help_text=_("Empty: the vehicle's driver.")
    )
    driver_phone = models.CharField(_("driver's phone"), max_length=30, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["pickup_at", "pk"]
        indexes = [models.Index(fields=["event", "pickup_at"])]

    def __str__(self):
        return f"#{self.pk} · {self.pickup_at:%Y-%m-%d %H:%M}"

    @property
    def reference(self) -> str:
        return f"T{self.pk}"

    @property
    def driver(self) -> tuple[str, str]:
        """The driver's name and phone: the trip's own, or its vehicle's."""
        if self.driver_name or self.driver_phone:
            return self.driver_name, self.driver_phone
        if self.vehicle_id:
            return self.vehicle.driver_name, self.vehicle.driver_phone
        return "", ""

    @property
    def driver_key(self) -> str:
        """Who drives, for finding a driver in two places: their phone's digits, else their name."""
        name, phone = self.driver
        return phone_key(phone) or name.strip().casefold()

    def _end_name(self, hotel_end: bool) -> str:
        if hotel_end:
            return self.hotel.name if self.hotel_id else self.place
        return self.hub.name if self.hub_id else self.place

    @property
    def origin(self) -> str:
        """Where the trip starts, in the active language."""
        if self.direction == self.Direction.ARRIVAL:
            where = self._end_name(hotel_end=False)
        elif self.direction == self.Direction.DEPARTURE:
            where = self._end_name(hotel_end=True)
        else:
            return self.meeting_point
        return f"{where} · {self.meeting_point}" if self.meeting_point and where else where or self.meeting_point

    @property
    def destination(self) -> str:
        if self.direction == self.Direction.ARRIVAL:
            return self._end_name(hotel_end=True)
        if self.direction == self.Direction.DEPARTURE:
            return self._end_name(hotel_end=False)
        return self.hotel.name if self.hotel_id else self.place


class TripPassenger(models.Model):
    trip = models.ForeignKey(Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="passengers")
    registration = models.ForeignKey(
        "registrations.Registration", verbose_name=_("guest"), on_delete=models.CASCADE, related_name="trip_seats"
    )
    # The trip's direction, kept here so the database holds one arrival and one departure trip per guest.
    direction = models.CharField(max_length=10, choices=Trip.Direction.choices)
    # The guest's flight or train time when they were put on the trip: a later change is flagged.
    journey_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("passenger")
        verbose_name_plural = _("passengers")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "registration"], name="passenger_once_per_trip"),
            models.UniqueConstraint(
                fields=["registration", "direction"],
                condition=~models.Q(direction="other"),
                name="one_arrival_and_one_departure_trip_per_guest",
            ),
        ]

    def __str__(self):
        return f"{self.registration} · {self.trip}"
