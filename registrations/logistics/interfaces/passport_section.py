"""The passport section of the guest's RSVP page: a form with its own, explicit consent.

The form never shows passport data back: once given, the page shows it masked (the last
digits of the number, the name and nationality to check) and offers to replace or delete it.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.domain.errors import RegistrationError
from registrations.forms import country_choices
from registrations.logistics.domain import passports
from registrations.logistics.models import PassportData
from registrations.sections import GuestSection

ACTION = "passport"


def _date(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("For example 1980-05-31."),
        **kwargs,
    )


class PassportForm(forms.Form):
    surname = forms.CharField(
        label=gettext_lazy("Surname, as in the passport"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    given_names = forms.CharField(
        label=gettext_lazy("Given names, as in the passport"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    number = forms.CharField(
        label=gettext_lazy("Passport number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    nationality = forms.ChoiceField(label=gettext_lazy("Nationality"), choices=country_choices)
    sex = forms.ChoiceField(
        label=gettext_lazy("Sex, as in the passport"), choices=[("", "—"), *PassportData.Sex.choices]
    )
    date_of_birth = _date(gettext_lazy("Date of birth"))
    place_of_birth = forms.CharField(label=gettext_lazy("Place of birth"), max_length=100)
    date_of_issue = _date(gettext_lazy("Date of issue"))
    date_of_expiry = _date(gettext_lazy("Date of expiry"))
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the organizers keep this passport data to write my visa invitation letter. Only the staff "
            "who write the letters see it; it is deleted after the event."
        ),
        error_messages={"required": gettext_lazy("Please agree to the use of your passport data first.")},
    )
    delete = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, registration, prefix, existing=None):
        super().__init__(data, prefix=prefix)
        self.registration = registration
        self.existing = existing
        if data is not None and self.data.get(self.add_prefix("delete")):
            # Deleting needs no other field.
            for name, field in self.fields.items():
                field.required = name == "delete"

    def clean_number(self):
        # As printed: "K 1234567" and "k1234567" are the same passport.
        return "".join(self.cleaned_data["number"].split()).upper()

    def clean(self):
        data = super().clean()
        if data.get("delete"):
            return data
        for field, message in passports.check_fields(registration=self.registration, **data):
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data


def _perform(registration, form):
    data = dict(form.cleaned_data)
    if data.pop("delete", False):
        if not passports.delete_passport(registration=registration):
            raise RegistrationError("nothing", _("There was no passport data to delete."))
        return _("Your passport data has been deleted.")
    consent = data.pop("consent")
    passports.submit_passport(registration=registration, consent=consent, **data)
    return _("Thank you. Your passport data has been received for your visa invitation letter.")


def _existing(registration):
    passport = PassportData.objects.filter(registration=registration).first()
    return {"existing": passports.masked(passport)}


PASSPORT = GuestSection(
    action=ACTION,
    template="logistics/protocol/passport_section.html",
    form_class=PassportForm,
    perform=_perform,
    available=passports.may_submit,
    order=60,
    form_kwargs=_existing,
)
