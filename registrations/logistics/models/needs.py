"""What a guest eats and needs to get around, and which sessions of the agenda are meals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Diet(models.TextChoices):
    HALAL = "halal", _("Halal")
    KOSHER = "kosher", _("Kosher")
    VEGETARIAN = "vegetarian", _("Vegetarian")
    VEGAN = "vegan", _("Vegan")
    NO_PORK = "no_pork", _("No pork")
    NO_BEEF = "no_beef", _("No beef")
    NO_SEAFOOD = "no_seafood", _("No fish or seafood")
    GLUTEN_FREE = "gluten_free", _("Gluten-free")
    LACTOSE_FREE = "lactose_free", _("Lactose-free")
    NOT_SPICY = "not_spicy", _("Not spicy")
    NO_ALCOHOL = "no_alcohol", _("No alcohol")


class Access(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Wheelchair access")
    REDUCED_MOBILITY = "reduced_mobility", _("Walks with difficulty: short distances, no stairs")
    VISUAL = "visual", _("Blind or partially sighted")
    HEARING = "hearing", _("Deaf or hard of hearing")
    COMPANION = "companion", _("Travels with a carer")
    SERVICE_ANIMAL = "service_animal", _("Comes with an assistance dog")


class GuestNeeds(models.Model):
    """A guest's dietary and access needs, and whether the office books them a room."""

    registration = models.OneToOneField(
        "registrations.Registration", verbose_name=_("guest"), on_delete=models.CASCADE, related_name="needs"
    )
    diet = models.JSONField(_("diet"), default=list, blank=True)  # Diet values
    allergies = models.CharField(
        _("food allergies"), max_length=300, blank=True, help_text=_("Empty: none. For example: peanuts, shellfish.")
    )
    access = models.JSONField(_("access"), default=list, blank=True)  # Access values
    access_note = models.CharField(_("access note"), max_length=300, blank=True)
    # None: not said, then a guest who arrives from elsewhere is taken to need one.
    needs_room = models.BooleanField(_("needs a hotel room"), null=True, blank=True)
    notes = models.CharField(_("other requests"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: the guest entered it
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dietary and access needs")
        verbose_name_plural = _("dietary and access needs")

    def __str__(self):
        return str(self.registration)

    @property
    def diet_labels(self) -> list[str]:
        labels = dict(Diet.choices)
        return [str(labels[code]) for code in self.diet if code in labels]

    @property
    def access_labels(self) -> list[str]:
        labels = dict(Access.choices)
        return [str(labels[code]) for code in self.access if code in labels]

    @property
    def is_empty(self) -> bool:
        return not (self.diet or self.allergies or self.access or self.access_note or self.notes)


class Meal(models.Model):
    """A session of the event's agenda that the kitchen cooks for.

    Named by the session's translation key, so it is the same meal in every language of the page.
    """

    class Kind(models.TextChoices):
        BREAKFAST = "breakfast", _("Breakfast")
        LUNCH = "lunch", _("Lunch")
        DINNER = "dinner", _("Dinner")
        BANQUET = "banquet", _("Banquet")
        RECEPTION = "reception", _("Reception")

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="meals"
    )
    session_key = models.UUIDField(_("session"))
    kind = models.CharField(_("meal"), max_length=12, choices=Kind.choices, default=Kind.LUNCH)

    class Meta:
        verbose_name = _("meal")
        verbose_name_plural = _("meals")
        constraints = [models.UniqueConstraint(fields=["event", "session_key"], name="one_meal_per_session")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.session_key}"
