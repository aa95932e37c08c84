"""What an organizer sets up per event: guest categories with quotas, and extra questions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models.snippets import hex_colour


def in_language(zh: str, en: str) -> str:
    """The Chinese or English label, by the active language, falling back to the other."""
    if (get_language() or "zh-hans").startswith("zh"):
        return zh or en
    return en or zh


class EventConfig(models.Model):
    """Registration rules of one event, shared by all its translations.

    Keyed on the event page's translation key: translating, moving or unpublishing
    the page never splits its registrations. The row also serves as the lock that
    serialises decisions about the event's places.
    """

    event = models.OneToOneField(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="registration_config"
    )
    rsvp_deadline = models.DateTimeField(_("RSVP deadline"), null=True, blank=True)
    changes_need_approval = models.BooleanField(_("changes after confirmation need approval"), default=False)
    offer_hours = models.PositiveIntegerField(
        _("hours to accept a freed place"), default=48, help_text=_("For guests on the waiting list.")
    )

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")

    def __str__(self):
        return str(self.event)


class Category(models.Model):
    event = models.ForeignKey(EventConfig, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"), max_length=40)
    name_zh = models.CharField(_("name in Chinese"), max_length=80)
    name_en = models.CharField(_("name in English"), max_length=80)
    colour = models.CharField(_("colour"), max_length=7, default="#555555", validators=[hex_colour])
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True, help_text=_("Empty: no limit of its own."))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("guest category")
        verbose_name_plural = _("guest categories")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="category_code_unique_per_event")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_zh, self.name_en)


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        DATE = "date", _("Date")
        YES_NO = "yesno", _("Yes or no")
        COUNTRY = "country", _("Country or region")

    event = models.ForeignKey(EventConfig, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=40, help_text=_("Names the answer in exports."))
    label_zh = models.CharField(_("question in Chinese"), max_length=300)
    label_en = models.CharField(_("question in English"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For choice questions: a list of {"value": ..., "zh": ..., "en": ...}.'),
    )
    required = models.BooleanField(_("required"), default=False)
    categories = models.ManyToManyField(
        Category, verbose_name=_("only for"), blank=True, help_text=_("Empty: asked of every guest.")
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="question_code_unique_per_event")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return in_language(self.label_zh, self.label_en)

    def clean(self):
        if self.kind in (self.Kind.CHOICE, self.Kind.MULTIPLE):
            values = [c.get("value") for c in self.choices if isinstance(c, dict)]
            if not values or len(values) != len(self.choices) or len(set(values)) != len(values):
                raise ValidationError({"choices": _("Give each choice a distinct value and labels.")})

    def choice_pairs(self) -> list[tuple[str, str]]:
        return [(str(c["value"]), in_language(c.get("zh", ""), c.get("en", ""))) for c in self.choices]
