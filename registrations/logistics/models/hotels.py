"""Hotels, the blocks of rooms the office holds in them, and who sleeps where on which nights.

Nights run from check-in to check-out: a room from the 12th to the 15th is three nights,
those of the 12th, 13th and 14th.
"""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registrations.models.setup import in_language


def nights_between(check_in: dt.date, check_out: dt.date) -> list[dt.date]:
    """The nights of a stay, each named by its date."""
    return [check_in + dt.timedelta(days=i) for i in range((check_out - check_in).days)]


class Hotel(models.Model):
    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="hotels"
    )
    name_zh = models.CharField(_("name in Chinese"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    address_zh = models.CharField(_("address in Chinese"), max_length=300, blank=True)
    address_en = models.CharField(_("address in English"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_name = models.CharField(_("reservations contact"), max_length=100, blank=True)
    contact_email = models.EmailField(_("reservations email"), blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("hotel")
        verbose_name_plural = _("hotels")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "name_zh"], name="hotel_name_unique_per_event")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_zh, self.name_en)

    @property
    def address(self) -> str:
        return in_language(self.address_zh, self.address_en)


class RoomBlock(models.Model):
    """Rooms of one type held in a hotel for a range of nights."""

    hotel = models.ForeignKey(Hotel, verbose_name=_("hotel"), on_delete=models.CASCADE, related_name="blocks")
    room_type_zh = models.CharField(_("room type in Chinese"), max_length=100)
    room_type_en = models.CharField(_("room type in English"), max_length=100)
    occupancy = models.PositiveSmallIntegerField(
        _("guests per room"), default=2, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    check_in = models.DateField(_("first night"))
    check_out = models.DateField(pgettext_lazy("hotel", "check-out"), help_text=_("The morning after the last night."))
    rooms = models.PositiveSmallIntegerField(_("rooms"), validators=[MinValueValidator(1), MaxValueValidator(2000)])
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("room block")
        verbose_name_plural = _("room blocks")
        ordering = ["hotel", "check_in", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_out__gt=models.F("check_in")),
                name="block_has_nights",
                violation_error_message=_("Check-out must be after the first night."),
            )
        ]

    def __str__(self):
        return f"{self.hotel} · {self.room_type} · {self.check_in:%m-%d}–{self.check_out:%m-%d}"

    @property
    def room_type(self) -> str:
        return in_language(self.room_type_zh, self.room_type_en)

    @property
    def nights(self) -> list[dt.date]:
        return nights_between(self.check_in, self.check_out)


class RoomAssignment(models.Model):
    """One room of a block for some of its nights, for one guest or shared by several."""

    block = models.ForeignKey(
        RoomBlock, verbose_name=_("room block"), on_delete=models.PROTECT, related_name="assignments"
    )
    check_in = models.DateField(pgettext_lazy("hotel", "check-in"))
    check_out = models.DateField(pgettext_lazy("hotel", "check-out"))
    room_number = models.CharField(_("room number"), max_length=20, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("room assignment")
        verbose_name_plural = _("room assignments")
        ordering = ["check_in", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_out__gt=models.F("check_in")),
                name="room_has_nights",
                violation_error_message=_("Check-out must be after check-in."),
            )
        ]

    def __str__(self):
        return f"{self.block} · {self.check_in:%m-%d}–{self.check_out:%m-%d}"

    @property
    def nights(self) -> list[dt.date]:
        return nights_between(self.check_in, self.check_out)


class RoomGuest(models.Model):
    assignment = models.ForeignKey(
        RoomAssignment, verbose_name=_("room"), on_delete=models.CASCADE, related_name="guests"
    )
    registration = models.ForeignKey(
        "registrations.Registration", verbose_name=_("guest"), on_delete=models.CASCADE, related_name="room_stays"
    )

    class Meta:
        verbose_name = _("guest in a room")
        verbose_name_plural = _("guests in rooms")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["assignment", "registration"], name="guest_once_per_room")]

    def __str__(self):
        return f"{self.registration} · {self.assignment}"
