"""Forms of the guests' pages: the public application, the RSVP and its side forms.

They only parse and check input; every change goes through registrations.domain.
"""

from datetime import date

from django import forms
from django.conf import settings
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries
from phonenumber_field.formfields import PhoneNumberField

from registrations.domain.guests import DETAIL_FIELDS, MEMBER_FIELDS, PERSON_FIELDS
from registrations.models import Category, Person, Question, Status

LANGUAGE_NAMES = {"zh-hans": "中文", "en": "English"}
YES, NO = "yes", "no"


def country_choices():
    # Evaluated for each form, so country names follow the page's language.
    return [("", "—"), *countries]


def language_choices():
    return [(code, LANGUAGE_NAMES.get(code, str(name))) for code, name in settings.LANGUAGES]


def yes_no(value) -> bool | None:
    return {YES: True, NO: False}.get(value)


def _text(label, max_length, *, required=False, autocomplete=None, **kwargs):
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=forms.TextInput(attrs=attrs), **kwargs
    )


def _email(label=None):
    return forms.EmailField(
        label=label or gettext_lazy("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


def _phone():
    return PhoneNumberField(
        label=gettext_lazy("Phone"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("With the country code, for example +44 20 7946 0958."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )


def _country(required=True):
    return forms.ChoiceField(
        label=gettext_lazy("Country or region"),
        choices=country_choices,
        required=required,
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )


def _language():
    return forms.ChoiceField(
        label=gettext_lazy("Preferred language"),
        choices=language_choices,
        help_text=gettext_lazy("We write to you in this language."),
    )


def question_field(question: Question) -> forms.Field:
    """A form field for one of the event's questions. Whether an answer is required is checked in the form."""
    common = {"label": question.label, "required": False}
    kind = question.kind
    if kind == Question.Kind.CHOICE:
        return forms.ChoiceField(choices=question.choice_pairs(), widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(choices=question.choice_pairs(), widget=forms.CheckboxSelectMultiple, **common)
    if kind == Question.Kind.DATE:
        return forms.DateField(
            input_formats=["%Y-%m-%d"],
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            help_text=_("For example 2027-09-18."),
            **common,
        )
    if kind == Question.Kind.YES_NO:
        return forms.TypedChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))],
            coerce=yes_no,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if kind == Question.Kind.COUNTRY:
        return forms.ChoiceField(choices=country_choices, **common)
    return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common)


def _stored(question: Question, value):
    """An answer as kept in `Registration.answers` (JSON), or None for no answer."""
    if value is None or value == "" or value == []:
        return None
    if question.kind == Question.Kind.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    return value


def _shown(question: Question, value):
    """A stored answer as the form field's initial value."""
    if question.kind == Question.Kind.YES_NO and isinstance(value, bool):
        return YES if value else NO
    return value


class QuestionsMixin:
    """Adds the event's questions to a form, as fields named q_<code>."""

    def add_questions(self, questions, *, initial=None, note_categories=False):
        self.questions = list(questions)
        for question in self.questions:
            field = question_field(question)
            field.show_required = question.required
            only_for = list(question.categories.all()) if note_categories else []
            if only_for:
                field.help_text = _("Only for: %(categories)s") % {
                    "categories": ", ".join(category.name for category in only_for)
                }
            self.fields[self.question_name(question)] = field
            if initial and question.code in initial:
                self.initial[self.question_name(question)] = _shown(question, initial[question.code])

    @staticmethod
    def question_name(question) -> str:
        return f"q_{question.code}"

    @property
    def question_fields(self):
        return [self[self.question_name(question)] for question in self.questions]

    def collect_answers(self, questions, *, required: bool, answers=None) -> dict:
        """The answers to `questions`, added to `answers`; a missing required answer is an error when `required`."""
        answers = dict(answers or {})
        for question in questions:
            name = self.question_name(question)
            if name in self.errors:
                continue
            value = _stored(question, self.cleaned_data.get(name))
            if value is None:
                answers.pop(question.code, None)
                if required and question.required:
                    self.add_error(name, forms.Field.default_error_messages["required"])
            else:
                answers[question.code] = value
        return answers


class ApplicationForm(QuestionsMixin, forms.Form):
    family_name = _text(
        gettext_lazy("Family name"),
        100,
        required=True,
        autocomplete="family-name",
        help_text=gettext_lazy("As in your passport, in your own script."),
    )
    given_name = _text(
        gettext_lazy("Given name"),
        100,
        autocomplete="given-name",
        help_text=gettext_lazy("Leave empty if you have only one name."),
    )
    romanised_family_name = _text(gettext_lazy("Family name in Latin letters"), 100)
    romanised_given_name = _text(gettext_lazy("Given name in Latin letters"), 100)
    chinese_name = _text(
        gettext_lazy("Chinese name"), 100, help_text=gettext_lazy("If you have one: it is printed on your badge.")
    )
    honorific = _text(
        gettext_lazy("Title or honorific"),
        60,
        autocomplete="honorific-prefix",
        help_text=gettext_lazy("For example Dr, Prof. or H.E."),
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Gender"), choices=[("", "—"), *Person.Gender.choices], required=False
    )
    organisation = _text(gettext_lazy("Organisation"), 200, autocomplete="organization")
    position = _text(gettext_lazy("Position"), 200, autocomplete="organization-title")
    country = _country()
    language = _language()
    email = _email()
    phone = _phone()
    category = forms.ModelChoiceField(
        label=gettext_lazy("I am attending as"),
        queryset=Category.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the Foreign Affairs Office of Hunan Province keeps and uses these details "
            "to organise my participation in the event."
        ),
        error_messages={
            "required": gettext_lazy("Please agree to the use of your details, or we cannot register you.")
        },
    )
    consent.summary_label = gettext_lazy("Consent")

    def __init__(self, *args, categories, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        self.fields["category"].queryset = Category.objects.filter(pk__in=[c.pk for c in self.categories])
        if self.categories and "category" not in self.initial:
            default = next((c for c in self.categories if c.code == "guest"), self.categories[0])
            self.initial["category"] = default.pk
        self.initial.setdefault("language", "zh-hans" if (get_language() or "").startswith("zh") else "en")
        self.add_questions(questions, note_categories=True)
        self.answers = {}

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category is not None:
            asked = [q for q in self.questions if not q.categories.all() or category in q.categories.all()]
            self.answers = self.collect_answers(asked, required=True)
        return cleaned

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}

    @property
    def name_fields(self):
        return [self[name] for name in ("honorific", "family_name", "given_name")]

    @property
    def more_name_fields(self):
        return [self[name] for name in ("romanised_family_name", "romanised_given_name", "chinese_name", "gender")]

    @property
    def contact_fields(self):
        return [self[name] for name in ("organisation", "position", "country", "language", "email", "phone")]


class RsvpForm(QuestionsMixin, forms.Form):
    accept = forms.TypedChoiceField(
        label=gettext_lazy("Will you attend?"),
        choices=[(YES, gettext_lazy("Yes, I will attend")), (NO, gettext_lazy("No, I cannot attend"))],
        coerce=yes_no,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, registration, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration
        if registration.status in (Status.ACCEPTED, Status.DECLINED):
            self.initial["accept"] = YES if registration.status == Status.ACCEPTED else NO
        self.add_questions(questions, initial=registration.answers)
        self.answers = None

    def clean(self):
        cleaned = super().clean()
        # Required questions need an answer from those who come, not from those who decline.
        self.answers = self.collect_answers(
            self.questions, required=cleaned.get("accept") is True, answers=self.registration.answers
        )
        return cleaned


class DetailsForm(forms.Form):
    organisation = _text(gettext_lazy("Organisation"), 200, autocomplete="organization")
    position = _text(gettext_lazy("Position"), 200, autocomplete="organization-title")
    email = _email()
    phone = _phone()
    language = _language()

    def __init__(self, *args, registration, **kwargs):
        person = registration.person
        kwargs.setdefault("initial", {name: getattr(person, name) for name in DETAIL_FIELDS})
        super().__init__(*args, **kwargs)
        codes = [code for code, _name in language_choices()]
        if "language" in self.fields and person.language and person.language not in codes:
            # Keep a language the directory knows but this form does not offer, rather than change it silently.
            self.fields["language"].choices = [*language_choices(), (person.language, person.language)]

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS if name in self.fields}


class MemberDetailsForm(DetailsForm):
    """A delegation member's details, as their head or liaison corrects them: the guest's own checks."""

    language = None  # the member chooses the language we write to them in

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, registration=registration, **kwargs)
        self.registration = registration
        for field in self.fields.values():
            # Not the head's own address book: the browser must not offer their own contact details here.
            field.widget.attrs["autocomplete"] = "off"

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEMBER_FIELDS}


class SubstituteForm(forms.Form):
    honorific = _text(gettext_lazy("Title or honorific"), 60)
    family_name = _text(gettext_lazy("Family name"), 100, required=True)
    given_name = _text(gettext_lazy("Given name"), 100)
    organisation = _text(gettext_lazy("Organisation"), 200)
    position = _text(gettext_lazy("Position"), 200)
    country = _country()
    language = _language()
    email = _email(gettext_lazy("Their email"))

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration

    def person_fields(self) -> dict:
        return dict(self.cleaned_data)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.lower() == (self.registration.person.email or "").lower():
            raise forms.ValidationError(_("Please give your substitute's own email address."))
        return email


class OfferForm(forms.Form):
    """Taking an offered place: a button, nothing to fill in."""

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration
