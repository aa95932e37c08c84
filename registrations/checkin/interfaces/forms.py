"""The back office's check-in forms. They parse and check input; the domain decides and saves."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from registrations.checkin.domain.points import event_sessions
from registrations.checkin.models import CheckinPoint, Scan
from registrations.models.setup import in_language


class SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, session):
        return f"{timezone.localtime(session.start):%m-%d %H:%M} {session.title}"


class CategoryChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, category):
        return in_language(category.name_zh, category.name_en)


class PointForm(forms.Form):
    name_zh = forms.CharField(label=_("name in Chinese"), max_length=100)
    name_en = forms.CharField(label=_("name in English"), max_length=100)
    direction = forms.ChoiceField(label=_("direction"), choices=CheckinPoint.Direction.choices)
    session = SessionChoice(
        label=_("session"), queryset=None, required=False, empty_label="—", help_text=_("Empty: the event as a whole.")
    )
    categories = CategoryChoices(
        label=_("categories admitted"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every category."),
    )
    opens = forms.DateTimeField(label=_("opens"), required=False, widget=AdminDateTimeInput)
    closes = forms.DateTimeField(label=_("closes"), required=False, widget=AdminDateTimeInput)
    multiple_entry = forms.BooleanField(
        label=_("multiple entry"), required=False, help_text=_("A guest may pass more than once.")
    )
    entry_after_exit = forms.BooleanField(
        label=_("entry after exit"),
        required=False,
        initial=True,
        help_text=_("A guest who has gone out through an exit of this event may come in again."),
    )

    def __init__(self, data=None, *, config, point=None):
        initial = None
        if point is not None:
            initial = {
                "name_zh": point.name_zh,
                "name_en": point.name_en,
                "direction": point.direction,
                "session": point.session_id,
                "categories": [c.pk for c in point.categories.all()],
                "opens": point.opens,
                "closes": point.closes,
                "multiple_entry": point.multiple_entry,
                "entry_after_exit": point.entry_after_exit,
            }
        super().__init__(data, initial=initial)
        self.fields["session"].queryset = event_sessions(config)
        self.fields["categories"].queryset = config.categories.all()

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and opens >= closes:
            self.add_error("closes", _("The point must open before it closes."))
        return data


class DeviceForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100, help_text=_("Which phone or tablet, e.g. “Gate 1 iPad”."))
    point = forms.ModelChoiceField(
        label=_("check-in point"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_("Empty: every check-in point of the event."),
    )
    expires_at = forms.DateTimeField(
        label=_("expires"), required=False, widget=AdminDateTimeInput, help_text=_("Empty: until it is revoked.")
    )

    def __init__(self, data=None, *, config):
        super().__init__(data)
        self.fields["point"].queryset = CheckinPoint.objects.filter(event=config)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the device a name."))
        return name

    def clean_expires_at(self):
        expires = self.cleaned_data["expires_at"]
        if expires is not None and expires <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return expires


class RevokePassForm(forms.Form):
    reason = forms.CharField(label=_("reason for revoking"), max_length=200)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the pass is revoked."))
        return reason


class ScanFilterForm(forms.Form):
    """The scan log's filters; a value that is not one of the choices is a form error and filters nothing."""

    point = forms.ModelChoiceField(label=_("check-in point"), queryset=None, required=False, empty_label=_("All"))
    result = forms.ChoiceField(label=_("result"), required=False)
    review = forms.BooleanField(label=_("to review"), required=False)
    offline = forms.BooleanField(label=_("scanned offline"), required=False)
    forced = forms.BooleanField(label=_("admitted by a supervisor"), required=False)

    def __init__(self, data=None, *, config):
        super().__init__(data)
        self.fields["point"].queryset = CheckinPoint.objects.filter(event=config)
        self.fields["result"].choices = [("", _("All")), *Scan.Result.choices]

    def filter(self, scans):
        if not self.is_valid():
            return scans
        data = self.cleaned_data
        if data["point"]:
            scans = scans.filter(point=data["point"])
        if data["result"]:
            scans = scans.filter(result=data["result"])
        for name, field in (("review", "needs_review"), ("offline", "offline"), ("forced", "forced")):
            if data[name]:
                scans = scans.filter(**{field: True})
        return scans
