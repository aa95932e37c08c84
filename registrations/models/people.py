from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from registrations import names


class Person(models.Model):
    """Someone in the office's directory, shared by every event they come to."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    family_name = models.CharField(_("family name"), max_length=100, help_text=_("In the person's own script."))
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    romanised_family_name = models.CharField(_("family name (Latin letters)"), max_length=100, blank=True)
    romanised_given_name = models.CharField(_("given name (Latin letters)"), max_length=100, blank=True)
    chinese_name = models.CharField(
        _("Chinese name"), max_length=100, blank=True, help_text=_("For badges and table cards.")
    )
    honorific = models.CharField(_("title or honorific"), max_length=60, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    country = CountryField(_("country or region"), blank=True)
    language = models.CharField(_("preferred language"), max_length=10, default="en")
    email = models.EmailField(_("email"), blank=True, db_index=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The fields an organizer keeps in the directory, in the order it shows them.
    DIRECTORY_FIELDS = (
        "family_name",
        "given_name",
        "romanised_family_name",
        "romanised_given_name",
        "chinese_name",
        "honorific",
        "gender",
        "organisation",
        "position",
        "country",
        "language",
        "email",
        "phone",
        "notes",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["romanised_family_name", "family_name", "given_name"]
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the person's own script and order: every page, email, export and PDF uses it."""
        return names.full_name(
            family=self.family_name, given=self.given_name, language=self.language, country=self.country.code
        )

    @property
    def romanised_name(self) -> str:
        family = self.romanised_family_name or names.romanise_chinese(self.family_name)
        given = self.romanised_given_name or names.romanise_chinese(self.given_name)
        return names.full_name(family=family, given=given, language=self.language, country=self.country.code)

    @property
    def badge_chinese_name(self) -> str:
        if self.chinese_name:
            return self.chinese_name
        return self.display_name if names.is_cjk(self.display_name) else ""
