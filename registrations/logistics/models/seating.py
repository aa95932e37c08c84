"""Protocol precedence and seating plans: tables, seats and who sits where."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProtocolRules(models.Model):
    """How an event orders its guests: by protocol class and order, then a tie-breaker."""

    class TieBreaker(models.TextChoices):
        TOOK_OFFICE = "took_office", _("Date of taking office (earlier first)")
        COUNTRY_PINYIN = "country_pinyin", _("Country name in Chinese, by pinyin")
        COUNTRY_STROKES = "country_strokes", _("Country name in Chinese, by strokes")
        COUNTRY_EN = "country_en", _("Country name in English, alphabetically")

    event = models.OneToOneField(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="protocol_rules"
    )
    tie_breaker = models.CharField(
        _("then by"), max_length=20, choices=TieBreaker.choices, default=TieBreaker.TOOK_OFFICE
    )

    class Meta:
        verbose_name = _("precedence rules")
        verbose_name_plural = _("precedence rules")

    def __str__(self):
        return str(self.event)


class ProtocolDetails(models.Model):
    """What precedence needs of a guest beyond their class and order."""

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="protocol_details"
    )
    took_office_on = models.DateField(_("took office on"), null=True, blank=True)

    class Meta:
        verbose_name = _("protocol details")
        verbose_name_plural = _("protocol details")

    def __str__(self):
        return f"{self.registration_id}: {self.took_office_on or ''}"


class SeatingPlan(models.Model):
    """Who sits where at one session or at the banquet."""

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="seating_plans"
    )
    title = models.CharField(_("title"), max_length=200)
    session = models.ForeignKey(
        "events.EventSession",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for a banquet or anything outside the agenda: then give its time and place."),
    )
    start = models.DateTimeField(_("starts"), null=True, blank=True)
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    host = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Seat 1 of the head table, facing the entrance."),
    )
    principal_guest = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("principal guest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("On the host's right. Empty: the first guest by precedence."),
    )
    categories = models.ManyToManyField(
        "registrations.Category",
        verbose_name=_("guests seated"),
        blank=True,
        related_name="+",
        help_text=_(
            "The categories of attending guests this plan seats (the host and principal guest always). "
            "None chosen: every attending guest."
        ),
    )
    is_main = models.BooleanField(
        _("shown at the gate"), default=False, help_text=_("Its seats are shown on badges and at check-in.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("seating plan")
        verbose_name_plural = _("seating plans")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event"], condition=models.Q(is_main=True), name="one_main_plan_per_event")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("It ends after it starts.")})


class Table(models.Model):
    class Shape(models.TextChoices):
        ROUND = "round", _("Round table")
        LONG = "long", _("Long table, seats on both sides")
        HEAD = "head", _("Head table, seats facing the hall")

    plan = models.ForeignKey(
        SeatingPlan, verbose_name=_("seating plan"), on_delete=models.CASCADE, related_name="tables"
    )
    number = models.PositiveSmallIntegerField(_("table number"))
    shape = models.CharField(_("shape"), max_length=10, choices=Shape.choices, default=Shape.ROUND)
    seats = models.PositiveSmallIntegerField(_("seats"), default=10)
    name = models.CharField(_("name"), max_length=60, blank=True, help_text=_("Such as 主桌 / Head table."))

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="table_number_unique_in_plan"),
            models.CheckConstraint(name="table_has_seats", condition=models.Q(seats__gte=1, seats__lte=60)),
        ]

    def __str__(self):
        return self.name or str(self.number)


class Seat(models.Model):
    """A guest's seat, or an interpreter's chair behind the guest at the same seat number."""

    plan = models.ForeignKey(SeatingPlan, on_delete=models.CASCADE, related_name="seats")
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="seat_rows")
    number = models.PositiveSmallIntegerField(_("seat number"))
    behind = models.BooleanField(default=False)
    registration = models.ForeignKey(
        "registrations.Registration", null=True, blank=True, on_delete=models.CASCADE, related_name="seats"
    )
    interpreter = models.ForeignKey(
        "logistics.Interpreter", null=True, blank=True, on_delete=models.CASCADE, related_name="seats"
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["table__number", "number", "behind"]
        constraints = [
            models.UniqueConstraint(fields=["table", "number", "behind"], name="one_person_per_seat"),
            models.UniqueConstraint(
                fields=["plan", "registration"],
                condition=models.Q(registration__isnull=False),
                name="one_seat_per_guest",
            ),
            models.UniqueConstraint(
                fields=["plan", "interpreter"],
                condition=models.Q(interpreter__isnull=False),
                name="one_chair_per_interpreter",
            ),
            models.CheckConstraint(
                name="guest_in_front_interpreter_behind",
                condition=models.Q(behind=False, interpreter__isnull=True)
                | models.Q(behind=True, registration__isnull=True, interpreter__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.table} · {self.number}{' +' if self.behind else ''}"
