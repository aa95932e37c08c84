"""Where and when each guest arrives and leaves: flights and trains at the event's airports and stations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registrations.models.setup import in_language


class Hub(models.Model):
    """An airport or railway station where the event's guests arrive and leave, with its terminals."""

    class Kind(models.TextChoices):
        AIRPORT = "airport", _("Airport")
        STATION = "station", _("Railway station")

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="logistics_hubs"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.AIRPORT)
    code = models.CharField(_("code"), max_length=10, blank=True, help_text=_("For example CSX for an airport."))
    name_zh = models.CharField(_("name in Chinese"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("airport or station")
        verbose_name_plural = _("airports and stations")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "name_zh"], name="hub_name_unique_per_event")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        name = in_language(self.name_zh, self.name_en)
        return f"{name} ({self.code})" if self.code else name


class Journey(models.Model):
    """A guest's arrival or departure: one of each per guest at most."""

    class Direction(models.TextChoices):
        ARRIVAL = "arrival", _("Arrival")
        DEPARTURE = "departure", _("Departure")

    class Mode(models.TextChoices):
        FLIGHT = "flight", _("Flight")
        TRAIN = "train", _("Train")
        ROAD = "road", _("Car or coach")

    registration = models.ForeignKey(
        "registrations.Registration", verbose_name=_("guest"), on_delete=models.CASCADE, related_name="journeys"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    mode = models.CharField(_("travelling by"), max_length=10, choices=Mode.choices, default=Mode.FLIGHT)
    number = models.CharField(_("flight or train number"), max_length=20, blank=True)
    at = models.DateTimeField(_("time"), help_text=_("Landing or arrival time; for a departure, the departure time."))
    hub = models.ForeignKey(
        Hub,
        verbose_name=_("airport or station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journeys",
    )
    place = models.CharField(
        _("other place"),
        max_length=200,
        blank=True,
        help_text=_("Where, if not one of the listed airports or stations."),
    )
    terminal = models.CharField(_("terminal"), max_length=20, blank=True)
    other_end = models.CharField(_("coming from or going to"), max_length=200, blank=True)
    needs_transfer = models.BooleanField(_("needs a transfer"), default=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: the guest entered it
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "direction"], name="one_journey_per_direction"),
            models.CheckConstraint(
                condition=~models.Q(hub__isnull=False, place__gt=""),
                name="journey_hub_or_other_place",
                violation_error_message=_("Give either an airport or station from the list, or another place."),
            ),
        ]
        indexes = [models.Index(fields=["hub", "at"])]

    def __str__(self):
        return f"{self.get_direction_display()} · {self.number or self.get_mode_display()} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_arrival(self) -> bool:
        return self.direction == self.Direction.ARRIVAL

    @property
    def place_name(self) -> str:
        """The airport or station (with the terminal) in the active language, or the other place."""
        where = self.hub.name if self.hub_id else self.place
        return f"{where} {self.terminal}".strip() if self.terminal else where
