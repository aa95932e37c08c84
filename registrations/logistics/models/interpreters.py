"""Interpreters of an event, bilateral meetings, and who interprets where."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from registrations.models.setup import in_language

# Languages an interpreter may work between; the office works from and into Chinese.
LANGUAGES = {
    "zh": ("中文", "Chinese"),
    "en": ("英语", "English"),
    "ru": ("俄语", "Russian"),
    "fr": ("法语", "French"),
    "de": ("德语", "German"),
    "es": ("西班牙语", "Spanish"),
    "pt": ("葡萄牙语", "Portuguese"),
    "ar": ("阿拉伯语", "Arabic"),
    "ja": ("日语", "Japanese"),
    "ko": ("韩语", "Korean"),
    "it": ("意大利语", "Italian"),
    "hu": ("匈牙利语", "Hungarian"),
    "pl": ("波兰语", "Polish"),
    "vi": ("越南语", "Vietnamese"),
    "th": ("泰语", "Thai"),
    "ms": ("马来语", "Malay"),
    "id": ("印尼语", "Indonesian"),
    "sw": ("斯瓦希里语", "Swahili"),
    "tr": ("土耳其语", "Turkish"),
    "fa": ("波斯语", "Persian"),
    "nl": ("荷兰语", "Dutch"),
    "cs": ("捷克语", "Czech"),
}


def language_name(code: str) -> str:
    zh, en = LANGUAGES.get(code, (code, code))
    return in_language(zh, en)


def pair_label(pair: str) -> str:
    """'zh-en' as 中文↔英语 or Chinese↔English."""
    first, _sep, second = pair.partition("-")
    if second == "zh":  # Chinese first: the office works from and into it
        first, second = second, first
    return f"{language_name(first)}↔{language_name(second)}"


def normalise_pair(text: str) -> str:
    """'EN<->zh', 'zh/en', 'zh-en' → 'en-zh' sorted, so a pair is written one way only."""
    cleaned = text.strip().lower()
    for separator in ("<->", "↔", "<>", "/", "–", "—", "_", " "):
        cleaned = cleaned.replace(separator, "-")
    codes = [part for part in cleaned.split("-") if part]
    if len(codes) != 2 or codes[0] == codes[1] or any(code not in LANGUAGES for code in codes):
        raise ValueError(text)
    return "-".join(sorted(codes))


class Interpreter(models.Model):
    """Someone on the event's roster of interpreters."""

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="interpreters"
    )
    name = models.CharField(_("name"), max_length=120)
    language_pairs = models.JSONField(
        _("language pairs"), default=list, help_text=_("Such as zh-en, zh-ru: the languages they work between.")
    )
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            self.language_pairs = sorted({normalise_pair(pair) for pair in self.language_pairs})
        except (ValueError, TypeError, AttributeError):
            raise ValidationError({"language_pairs": _("Give language pairs such as zh-en.")}) from None

    @property
    def pairs_label(self) -> str:
        return in_language("、", ", ").join(pair_label(pair) for pair in self.language_pairs)

    def covers(self, language: str, *, with_language: str = "zh") -> bool:
        return "-".join(sorted((language, with_language))) in self.language_pairs


class Meeting(models.Model):
    """A bilateral meeting outside the agenda: a delegation or guests meet a host, at a time and place."""

    event = models.ForeignKey(
        "registrations.EventConfig", verbose_name=_("event"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    delegation = models.ForeignKey(
        "registrations.Delegation",
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    participants = models.ManyToManyField(
        "registrations.Registration", verbose_name=_("guests"), blank=True, related_name="meetings"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A meeting ends after it starts.")})


class InterpreterAssignment(models.Model):
    """An interpreter at a session, at a meeting, or with a delegation, from `start` to `end`."""

    interpreter = models.ForeignKey(
        Interpreter, verbose_name=_("interpreter"), on_delete=models.CASCADE, related_name="assignments"
    )
    session = models.ForeignKey(
        "events.EventSession",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    delegation = models.ForeignKey(
        "registrations.Delegation",
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interpreter_assignments",
    )
    principal = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("interprets for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpreter_assignments",
        help_text=_("The guest they sit behind at the table."),
    )
    language_pair = models.CharField(_("language pair"), max_length=10)
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("interpreter assignment")
        verbose_name_plural = _("interpreter assignments")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                name="assignment_has_exactly_one_subject",
                condition=(
                    models.Q(session__isnull=False, meeting__isnull=True, delegation__isnull=True)
                    | models.Q(session__isnull=True, meeting__isnull=False, delegation__isnull=True)
                    | models.Q(session__isnull=True, meeting__isnull=True, delegation__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="assignment_ends_after_it_starts", condition=models.Q(end__gt=models.F("start"))
            ),
        ]
        indexes = [models.Index(fields=["interpreter", "start"])]

    def __str__(self):
        return f"{self.interpreter} · {self.subject_label}"

    @property
    def kind(self) -> str:
        return "session" if self.session_id else "meeting" if self.meeting_id else "delegation"

    @property
    def subject_label(self) -> str:
        if self.session_id:
            return self.session.title
        if self.meeting_id:
            return self.meeting.title
        return self.delegation.name
