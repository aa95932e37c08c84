"""Passport data a guest gives for a visa invitation letter, the letters, and the office's letter settings.

Passport data is personal data of the most sensitive kind the office keeps: it is
encrypted at rest, only staff whose role needs it see it (registrations.permissions.VIEW_PASSPORTS),
everyone else sees it masked, every read is written to the audit log (domain.passports),
and `manage.py purge_passports` deletes it a number of days after the event.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from registrations.logistics.crypto import EncryptedCharField, EncryptedDateField

MASK = "•"


def mask(text: str, *, keep_end: int = 3) -> str:
    """All but the last characters hidden: enough for the owner to recognise, useless to anyone else."""
    text = text or ""
    if len(text) <= keep_end:
        return MASK * len(text)
    return MASK * (len(text) - keep_end) + text[-keep_end:]


class PassportData(models.Model):
    """What consulates ask for in a visa invitation letter, as written in the guest's passport."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        UNSPECIFIED = "X", _("Unspecified (X)")

    registration = models.OneToOneField(
        "registrations.Registration", verbose_name=_("registration"), on_delete=models.CASCADE, related_name="passport"
    )
    # What identifies the holder is encrypted at rest (registrations.logistics.crypto).
    surname = EncryptedCharField(_("surname as in the passport"), max_length=100)
    given_names = EncryptedCharField(_("given names as in the passport"), max_length=150, blank=True)
    number = EncryptedCharField(_("passport number"), max_length=20)
    nationality = CountryField(_("nationality"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = EncryptedDateField(_("date of birth"))
    place_of_birth = EncryptedCharField(_("place of birth"), max_length=100)
    date_of_issue = EncryptedDateField(_("date of issue"))
    date_of_expiry = EncryptedDateField(_("date of expiry"))
    consent_at = models.DateTimeField(_("consent given"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("passport data")
        verbose_name_plural = _("passport data")
        # No check constraint on the dates: encrypted, they cannot be compared in SQL
        # (domain.passports.check_fields refuses a passport that expires before it is issued).

    def __str__(self):
        return f"{_('Passport')} {self.masked_number}"

    @property
    def name_in_passport(self) -> str:
        return " ".join(part for part in (self.surname, self.given_names) if part)

    @property
    def masked_number(self) -> str:
        return mask(self.number)


class LetterSettings(models.Model):
    """One event's visa invitation letters: what they say about the visit, and their numbering."""

    class Costs(models.TextChoices):
        HOST = "host", _("The inviting office bears the costs in China")
        GUEST = "guest", _("The guest bears all costs")
        SHARED = "shared", _("The inviting office bears board and lodging; the guest bears international travel")

    event = models.OneToOneField(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="letter_settings"
    )
    purpose_zh = models.CharField(_("purpose of the visit, in Chinese"), max_length=300, blank=True)
    purpose_en = models.CharField(_("purpose of the visit, in English"), max_length=300, blank=True)
    places_zh = models.CharField(_("places to visit, in Chinese"), max_length=300, blank=True)
    places_en = models.CharField(_("places to visit, in English"), max_length=300, blank=True)
    visit_start = models.DateField(_("visit from"), null=True, blank=True, help_text=_("Empty: the event's dates."))
    visit_end = models.DateField(_("visit until"), null=True, blank=True)
    costs = models.CharField(_("who bears the costs"), max_length=10, choices=Costs.choices, default=Costs.SHARED)
    reference_prefix = models.CharField(
        _("reference prefix"), max_length=30, blank=True, help_text=_("Empty: HNFAO-<year>-<event number>.")
    )
    last_number = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("visa letter settings")
        verbose_name_plural = _("visa letter settings")

    def __str__(self):
        return str(self.event)


class VisaLetter(models.Model):
    """A visa invitation letter issued to a guest, with its reference number.

    The PDF is rendered from the passport data whenever it is downloaded, never stored:
    once the data is purged, no copy of it is left behind on disk.
    """

    registration = models.ForeignKey(
        "registrations.Registration", verbose_name=_("guest"), on_delete=models.CASCADE, related_name="visa_letters"
    )
    reference = models.CharField(_("reference"), max_length=60, unique=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the letter said, so a reprint says the same even if the settings changed since.
    visit_start = models.DateField(_("visit from"))
    visit_end = models.DateField(_("visit until"))
    purpose_zh = models.CharField(max_length=300)
    purpose_en = models.CharField(max_length=300)
    places_zh = models.CharField(max_length=300)
    places_en = models.CharField(max_length=300)
    costs = models.CharField(_("who bears the costs"), max_length=10, choices=LetterSettings.Costs.choices)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("visa invitation letter")
        verbose_name_plural = _("visa invitation letters")
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return self.reference


@register_setting(icon="doc-full")
class LetterheadSettings(BaseGenericSetting):
    """The office's letterhead, seal and signatory on visa invitation letters, and how long passport data is kept."""

    letterhead = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("letterhead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Printed across the top of each letter."),
    )
    seal = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("seal image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A transparent PNG of the office's seal, printed over the signature."),
    )
    signatory_zh = models.CharField(_("signatory in Chinese"), max_length=120, blank=True)
    signatory_en = models.CharField(_("signatory in English"), max_length=120, blank=True)
    signatory_title_zh = models.CharField(_("signatory's title in Chinese"), max_length=120, blank=True)
    signatory_title_en = models.CharField(_("signatory's title in English"), max_length=120, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    passport_retention_days = models.PositiveIntegerField(
        _("days to keep passport data after an event"),
        default=30,
        help_text=_("manage.py purge_passports deletes it this many days after the event ends."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("letterhead"), FieldPanel("seal")], heading=_("Images")),
        MultiFieldPanel(
            [
                FieldPanel("signatory_zh"),
                FieldPanel("signatory_title_zh"),
                FieldPanel("signatory_en"),
                FieldPanel("signatory_title_en"),
            ],
            heading=_("Signatory"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone"), FieldPanel("contact_email")],
            heading=_("Contact for consulates"),
        ),
        FieldPanel("passport_retention_days"),
    ]

    class Meta:
        verbose_name = _("visa letters")
