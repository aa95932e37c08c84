"""Forms of the protocol desk's admin screens: they parse input; the domain layer decides."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from registrations.logistics.domain.interpreters import parse_pairs
from registrations.logistics.models import LetterSettings, ProtocolRules, Table
from registrations.logistics.models.interpreters import pair_label
from registrations.models import Registration


class GuestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.person.display_name


# Django 6.1's "- Select an option -" has no Chinese translation yet.
NONE = _("— none —")


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def guests_of(config):
    return Registration.objects.filter(event=config).select_related("person").order_by("person__family_name", "pk")


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    session = forms.ModelChoiceField(label=_("Session"), queryset=None, required=False, empty_label=NONE)
    start = forms.DateTimeField(label=_("Starts"), required=False, widget=AdminDateTimeInput)
    end = forms.DateTimeField(label=_("Ends"), required=False, widget=AdminDateTimeInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    host = GuestChoiceField(label=_("Host"), queryset=None, required=False, empty_label=NONE)
    principal_guest = GuestChoiceField(
        label=_("Principal guest"), queryset=None, required=False, empty_label=_("— the first guest by precedence —")
    )
    categories = CategoryChoiceField(
        label=_("Guests seated"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick the categories this plan seats, such as VIPs and officials for the banquet. "
            "None ticked: every attending guest. The host and principal guest are always seated."
        ),
    )
    is_main = forms.BooleanField(label=_("Show these seats at the gate and on badges"), required=False)

    def __init__(self, *args, config, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = config.categories.all()
        self.fields["session"].queryset = config.event.sessions.order_by("start", "sort_order")
        self.fields["host"].queryset = guests_of(config)
        self.fields["principal_guest"].queryset = guests_of(config)

    def clean(self):
        data = super().clean()
        if not data.get("session") and not (data.get("start") and data.get("end")):
            raise forms.ValidationError(_("Choose a session, or give the start and end."))
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("It ends after it starts."))
        if data.get("host") and data.get("host") == data.get("principal_guest"):
            self.add_error("principal_guest", _("The principal guest is not the host."))
        return data


class NewPlanForm(PlanForm):
    tables = forms.IntegerField(label=_("Number of tables"), min_value=1, max_value=200, initial=10)
    seats = forms.IntegerField(label=_("Seats at each table"), min_value=1, max_value=60, initial=10)
    shape = forms.ChoiceField(label=_("Tables"), choices=Table.Shape.choices, initial=Table.Shape.ROUND)
    head_table = forms.BooleanField(label=_("Table 1 is a head table facing the hall"), required=False)


class TableForm(forms.Form):
    shape = forms.ChoiceField(label=_("Shape"), choices=Table.Shape.choices)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=60)
    name = forms.CharField(label=_("Name"), max_length=60, required=False)
    DELETE = forms.BooleanField(label=_("Remove"), required=False)


TableFormSet = forms.formset_factory(TableForm, extra=1, max_num=200, validate_max=True)


class RulesForm(forms.Form):
    tie_breaker = forms.ChoiceField(
        label=_("Guests of the same rank are ordered by"), choices=ProtocolRules.TieBreaker.choices
    )


class InterpreterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    pairs = forms.CharField(label=_("Language pairs"), max_length=200, help_text=_("Such as zh-en, zh-ru."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def clean_pairs(self):
        from registrations.domain.errors import RegistrationError

        try:
            return parse_pairs(self.cleaned_data["pairs"])
        except RegistrationError as error:
            raise forms.ValidationError(error.message) from None

    def clean_phone(self):
        from phonenumber_field.phonenumber import to_python

        text = self.cleaned_data["phone"].strip()
        if not text:
            return ""
        number = to_python(text, region="CN")
        if not number or not number.is_valid():
            raise forms.ValidationError(_("Enter a valid phone number, such as +86 138 0000 0000."))
        return number


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    start = forms.DateTimeField(label=_("Starts"), widget=AdminDateTimeInput)
    end = forms.DateTimeField(label=_("Ends"), widget=AdminDateTimeInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=None, required=False, empty_label=NONE)
    participants = forms.ModelMultipleChoiceField(
        label=_("Guests"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )

    def __init__(self, *args, config, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = config.delegations.all()
        self.fields["participants"].queryset = guests_of(config)
        self.fields["participants"].label_from_instance = lambda r: r.person.display_name

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("A meeting ends after it starts."))
        return data


class AssignmentForm(forms.Form):
    interpreter = forms.ModelChoiceField(label=_("Interpreter"), queryset=None, empty_label=_("— choose —"))
    language_pair = forms.ChoiceField(label=_("Language pair"), choices=())
    session = forms.ModelChoiceField(label=_("Session"), queryset=None, required=False, empty_label=NONE)
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None, required=False, empty_label=NONE)
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=None, required=False, empty_label=NONE)
    principal = GuestChoiceField(label=_("Interprets for"), queryset=None, required=False, empty_label=NONE)
    start = forms.DateTimeField(label=_("From"), required=False, widget=AdminDateTimeInput)
    end = forms.DateTimeField(label=_("Until"), required=False, widget=AdminDateTimeInput)

    def __init__(self, *args, config, **kwargs):
        super().__init__(*args, **kwargs)
        interpreters = config.interpreters.all()
        self.fields["interpreter"].queryset = interpreters
        pairs = sorted({pair for i in interpreters for pair in i.language_pairs})
        self.fields["language_pair"].choices = [(pair, pair_label(pair)) for pair in pairs]
        self.fields["session"].queryset = config.event.sessions.order_by("start", "sort_order")
        self.fields["meeting"].queryset = config.meetings.all()
        self.fields["delegation"].queryset = config.delegations.all()
        self.fields["principal"].queryset = guests_of(config)

    def clean(self):
        data = super().clean()
        chosen = [name for name in ("session", "meeting", "delegation") if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose one session, meeting or delegation."))
        return data


class LetterSettingsForm(forms.ModelForm):
    class Meta:
        model = LetterSettings
        fields = [
            "purpose_zh",
            "purpose_en",
            "places_zh",
            "places_en",
            "visit_start",
            "visit_end",
            "costs",
            "reference_prefix",
        ]
        widgets = {"visit_start": AdminDateInput, "visit_end": AdminDateInput}

    def clean(self):
        data = super().clean()
        if data.get("visit_start") and data.get("visit_end") and data["visit_end"] < data["visit_start"]:
            self.add_error("visit_end", _("The visit cannot end before it starts."))
        return data
