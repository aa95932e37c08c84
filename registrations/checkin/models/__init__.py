"""Check-in data: signing keys and passes, check-in points, devices, scans."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registrations.logistics.crypto import EncryptedCharField
from registrations.models.setup import in_language


class SigningKey(models.Model):
    """An event's Ed25519 key pair. The active key signs new passes; retired keys no longer verify."""

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="signing_keys"
    )
    key_id = models.PositiveIntegerField(_("key number"))  # uint16 in the pass payload
    # The raw 32-byte private key, base64url, encrypted at rest like passport data.
    private_key = EncryptedCharField(max_length=64, editable=False)
    public_key = models.CharField(_("public key"), max_length=64, editable=False)  # base64url of 32 bytes
    active = models.BooleanField(_("signs new passes"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["event", "key_id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key_id"], name="signing_key_number_per_event"),
            models.UniqueConstraint(
                fields=["event"], condition=models.Q(active=True), name="one_active_signing_key_per_event"
            ),
            models.CheckConstraint(name="signing_key_id_fits_uint16", condition=models.Q(key_id__lte=65535)),
        ]

    def __str__(self):
        return f"{self.event} #{self.key_id}"


class Pass(models.Model):
    """The current version of a registration's pass. A pass of a lower version is refused:
    re-issuing or revoking raises the version."""

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, primary_key=True, related_name="checkin_pass"
    )
    version = models.PositiveIntegerField(_("version"), default=1)  # uint16 in the payload
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)
    note = models.CharField(
        _("note for the gate"),
        max_length=120,
        blank=True,
        help_text=_("Shown to gate staff at every scan. For example: escort to the VIP lounge."),
    )
    updated_at = models.DateTimeField(auto_now=True)  # tells offline scanners' rosters that it changed

    class Meta:
        verbose_name = _("pass")
        verbose_name_plural = _("passes")
        constraints = [models.CheckConstraint(name="pass_version_fits_uint16", condition=models.Q(version__lte=65535))]

    def __str__(self):
        return f"{self.registration_id} v{self.version}"


class CheckinPoint(models.Model):
    """A gate or a session room: who may pass it, when, and how often."""

    class Direction(models.TextChoices):
        ENTRY = "entry", _("Entry")
        EXIT = "exit", _("Exit")

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="checkin_points"
    )
    name_zh = models.CharField(_("name in Chinese"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices, default=Direction.ENTRY)
    session = models.ForeignKey(
        "events.EventSession",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the event as a whole."),
    )
    categories = models.ManyToManyField(
        "registrations.Category",
        verbose_name=_("categories admitted"),
        blank=True,
        related_name="+",
        help_text=_("None chosen: every category."),
    )
    opens = models.DateTimeField(_("opens"), null=True, blank=True)
    closes = models.DateTimeField(_("closes"), null=True, blank=True)
    multiple_entry = models.BooleanField(
        _("multiple entry"), default=False, help_text=_("A guest may pass more than once.")
    )
    entry_after_exit = models.BooleanField(
        _("entry after exit"),
        default=True,
        help_text=_("A guest who has gone out through an exit of this event may come in again."),
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("check-in point")
        verbose_name_plural = _("check-in points")
        ordering = ["event", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="checkin_point_opens_before_it_closes",
                condition=models.Q(opens__isnull=True)
                | models.Q(closes__isnull=True)
                | models.Q(opens__lt=models.F("closes")),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_zh, self.name_en)


class Device(models.Model):
    """A phone or tablet at the gate, holding a bearer token. Only the token's SHA-256 is stored."""

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="checkin_devices"
    )
    point = models.ForeignKey(
        CheckinPoint,
        verbose_name=_("check-in point"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="devices",
        help_text=_("Empty: every check-in point of the event."),
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in device")
        verbose_name_plural = _("check-in devices")
        ordering = ["event", "name"]

    def __str__(self):
        return self.name


class Scan(models.Model):
    """Every scan at a gate, admitted or not, as it was decided. Never deleted; undoing one sets `annulled_at`."""

    class Result(models.TextChoices):
        OK = "ok", _("Checked in")
        ALREADY = "already", _("Already checked in")
        NOT_ADMITTED = "not_admitted", _("Not admitted here")
        REVOKED = "revoked", _("Pass revoked")
        UNKNOWN = "unknown", _("Unknown pass")
        OTHER_EVENT = "other_event", _("Pass of another event")

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="scans"
    )
    point = models.ForeignKey(
        CheckinPoint, verbose_name=_("check-in point"), on_delete=models.CASCADE, related_name="scans"
    )
    direction = models.CharField(_("direction"), max_length=5, choices=CheckinPoint.Direction.choices)
    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("guest"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scans",
    )
    device = models.ForeignKey(
        Device, verbose_name=_("device"), null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    nonce = models.CharField(max_length=64)  # made by the client, one per scan: a retry repeats it
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    reason = models.CharField(_("reason"), max_length=20, blank=True)
    scanned_at = models.DateTimeField(_("scanned"), db_index=True)  # the device's clock for offline scans
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    offline = models.BooleanField(_("scanned offline"), default=False)
    forced = models.BooleanField(_("admitted by a supervisor"), default=False)
    needs_review = models.BooleanField(_("to review"), default=False)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # for `already`: the check-in it ran into
    annulled_at = models.DateTimeField(_("annulled"), null=True, blank=True)
    annulled_by_device = models.ForeignKey(Device, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(max_length=200, blank=True)  # what was scanned, kept for unknown and forged passes

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-scanned_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["event", "nonce"], name="scan_nonce_once_per_event")]
        indexes = [models.Index(fields=["registration", "point", "result"], name="scan_pass_at_point")]

    def __str__(self):
        return f"{self.get_result_display()} @ {self.point_id}"
