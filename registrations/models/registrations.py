import re
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# What new_token makes: URL-safe base64, at most 64 characters.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_token() -> str:
    """192 random bits, URL-safe: a personal link nobody can guess or count through."""
    return secrets.token_urlsafe(24)


class Status(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Offered a place")
    CANCELLED = "cancelled", _("Cancelled")
    REPLACED = "replaced", _("Replaced by a substitute")


# Who holds a place: these count against the event's capacity and category quotas.
HOLDING_PLACE = (Status.ACCEPTED, Status.CONFIRMED, Status.PENDING, Status.OFFERED)
# Who may come in with a pass.
ATTENDING = (Status.ACCEPTED, Status.CONFIRMED)


class RegistrationQuerySet(models.QuerySet):
    def holding_place(self):
        return self.filter(status__in=HOLDING_PLACE)

    def for_token(self, token: str):
        """The registration of a personal link; none for anything that is not a token (PostgreSQL
        refuses some characters, such as NUL, in a query: they must never reach it)."""
        return self.filter(token=token) if token and TOKEN_PATTERN.fullmatch(token) else self.none()


class Registration(models.Model):
    """A person at one event."""

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        "registrations.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="registrations"
    )
    category = models.ForeignKey(
        "registrations.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="registrations"
    )
    delegation = models.ForeignKey(
        "registrations.Delegation",
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    protocol_class = models.PositiveSmallIntegerField(
        _("protocol class"), null=True, blank=True, help_text=_("1 is the highest precedence.")
    )
    protocol_order = models.PositiveIntegerField(_("order within the class"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    substitute_for = models.ForeignKey(
        "self",
        verbose_name=_("substitute for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitutes",
    )
    waitlist_position = models.PositiveIntegerField(_("waiting list position"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="one_registration_per_person")]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["event", "waitlist_position"]),
        ]

    def __str__(self):
        return f"{self.person} · {self.event}"

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDING_PLACE


class Delegation(models.Model):
    """A group that travels together, with a head and a liaison who may update its members."""

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.PROTECT, related_name="delegations"
    )
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country or region"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    partner_organisation = models.CharField(_("partner organisation"), max_length=200, blank=True)
    head = models.ForeignKey(
        Registration,
        verbose_name=_("head of delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    liaison = models.ForeignKey(
        Registration, verbose_name=_("liaison"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Activity(models.Model):
    """A registration's history: invited, reminded, page opened, answered, approved..."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        INVITED = "invited", _("Invitation sent")
        REMINDED = "reminded", _("Reminder sent")
        OPENED = "opened", _("Opened the personal page")
        ANSWERED = "answered", _("Answered")
        STATUS = "status", _("Status changed")
        DETAILS = "details", _("Details changed")
        MESSAGE_FAILED = "message_failed", _("A message could not be delivered")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
