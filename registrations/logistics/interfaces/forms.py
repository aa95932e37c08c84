"""Forms of logistics: travel and needs (the guest's, and the staff's), vehicles, trips, hotels and rooms.

They only parse and check input; every change goes through registrations.logistics.domain.
"""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from registrations.logistics.domain.hotels import BLOCK_FIELDS, HOTEL_FIELDS
from registrations.logistics.domain.transfers import SETTINGS_FIELDS, VEHICLE_FIELDS
from registrations.logistics.domain.travel import HUB_FIELDS
from registrations.logistics.models import (
    Access,
    Diet,
    GuestNeeds,
    Hotel,
    Hub,
    Journey,
    Meal,
    RoomBlock,
    TransferSettings,
    Trip,
    Vehicle,
)
from registrations.models import ATTENDING, Registration

ARRIVAL, DEPARTURE = Journey.Direction.ARRIVAL, Journey.Direction.DEPARTURE
OTHER_PLACE = "other"
# What a guest sees of each direction: the legend, the other end, the transfer they may ask for.
DIRECTION_TEXTS = {
    ARRIVAL: (
        gettext_lazy("Your arrival"),
        gettext_lazy("Coming from"),
        gettext_lazy("Please pick me up on arrival"),
    ),
    DEPARTURE: (
        gettext_lazy("Your departure"),
        gettext_lazy("Going to"),
        gettext_lazy("Please take me to the airport or station"),
    ),
}
JOURNEY_PARTS = ("mode", "number", "date", "time", "hub", "place", "terminal", "other_end", "transfer")


def _text(label, max_length, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


class TravelForm(forms.Form):
    """A guest's arrival and departure, each optional; an empty one is no journey (or removes it).

    Times are local times in Changsha (Beijing time), as on tickets to Changsha.
    """

    with_notes = False
    texts = DIRECTION_TEXTS

    def __init__(self, data=None, *, registration, prefix=None, hubs=None):
        super().__init__(data, prefix=prefix)
        self.registration = registration
        self.hubs = list(hubs if hubs is not None else Hub.objects.filter(event_id=registration.event_id))
        hub_choices = [("", "—"), *((str(hub.pk), hub.name) for hub in self.hubs), (OTHER_PLACE, _("Another place"))]
        existing = {j.direction: j for j in Journey.objects.filter(registration=registration)}
        for direction in (ARRIVAL, DEPARTURE):
            _legend, other_end, transfer = self.texts[direction]
            when = _("Landing or arrival time") if direction == ARRIVAL else _("Departure time")
            self.fields[f"{direction}_mode"] = forms.ChoiceField(
                label=_("Travelling by"), choices=Journey.Mode.choices, initial=Journey.Mode.FLIGHT, required=False
            )
            self.fields[f"{direction}_number"] = _text(
                _("Flight or train number"), 20, help_text=_("For example CA1234 or G502.")
            )
            self.fields[f"{direction}_date"] = forms.DateField(
                label=_("Date"),
                required=False,
                input_formats=["%Y-%m-%d"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields[f"{direction}_time"] = forms.TimeField(
                label=when,
                required=False,
                input_formats=["%H:%M", "%H:%M:%S"],
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                help_text=_("Local time in Changsha (Beijing time)."),
            )
            self.fields[f"{direction}_hub"] = forms.ChoiceField(
                label=_("Airport or station"), choices=hub_choices, required=False
            )
            self.fields[f"{direction}_place"] = _text(
                _("Other place"), 200, help_text=_("If you choose another place: which one.")
            )
            self.fields[f"{direction}_terminal"] = _text(_("Terminal"), 20, help_text=_("If you know it."))
            self.fields[f"{direction}_other_end"] = _text(other_end, 200, help_text=_("City and airport or station."))
            self.fields[f"{direction}_transfer"] = forms.BooleanField(label=transfer, required=False, initial=True)
            if self.with_notes:
                self.fields[f"{direction}_notes"] = _text(_("Notes"), 500)
            if direction in existing:
                self.initial.update(self._initial(direction, existing[direction]))
        self.arrival = self.departure = None

    @staticmethod
    def _initial(direction, journey: Journey) -> dict:
        local = timezone.localtime(journey.at)
        values = {
            "mode": journey.mode,
            "number": journey.number,
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "hub": str(journey.hub_id) if journey.hub_id else (OTHER_PLACE if journey.place else ""),
            "place": journey.place,
            "terminal": journey.terminal,
            "other_end": journey.other_end,
            "transfer": journey.needs_transfer,
            "notes": journey.notes,
        }
        return {f"{direction}_{name}": value for name, value in values.items()}

    @property
    def journeys(self) -> list[dict]:
        """Each direction with its legend and its fields, for the templates."""
        names = [*JOURNEY_PARTS, "notes"] if self.with_notes else JOURNEY_PARTS
        return [
            {
                "direction": direction,
                "legend": self.texts[direction][0],
                "fields": [self[f"{direction}_{name}"] for name in names],
            }
            for direction in (ARRIVAL, DEPARTURE)
        ]

    def clean(self):
        cleaned = super().clean()
        for direction in (ARRIVAL, DEPARTURE):
            setattr(self, direction, self._journey(direction, cleaned))
        return cleaned

    def _journey(self, direction, cleaned) -> dict | None:
        def value(name):
            return cleaned.get(f"{direction}_{name}")

        if any(f"{direction}_{name}" in self.errors for name in JOURNEY_PARTS):
            return None
        given = [value(name) for name in ("number", "date", "time", "hub", "place", "terminal", "other_end")]
        if not any(given):
            return None  # nothing said: no journey
        mode = value("mode") or Journey.Mode.FLIGHT
        for name, message in (("date", _("Please give the date.")), ("time", _("Please give the time."))):
            if not value(name):
                self.add_error(f"{direction}_{name}", message)
        hub_choice = value("hub")
        if mode != Journey.Mode.ROAD and not hub_choice:
            self.add_error(f"{direction}_hub", _("Please choose the airport or station."))
        if hub_choice == OTHER_PLACE and not value("place"):
            self.add_error(f"{direction}_place", _("Please say which place."))
        if mode != Journey.Mode.ROAD and not value("number"):
            self.add_error(f"{direction}_number", _("Please give the flight or train number."))
        if any(f"{direction}_{name}" in self.errors for name in JOURNEY_PARTS):
            return None
        hub = next((h for h in self.hubs if str(h.pk) == hub_choice), None)
        journey = {
            "mode": mode,
            "number": (value("number") or "").upper().replace(" ", ""),
            "at": timezone.make_aware(dt.datetime.combine(value("date"), value("time"))),
            "hub": hub,
            "place": value("place") if hub is None else "",
            "terminal": (value("terminal") or "").upper(),
            "other_end": value("other_end") or "",
            "needs_transfer": bool(value("transfer")),
        }
        if self.with_notes:
            journey["notes"] = value("notes") or ""
        return journey


class StaffTravelForm(TravelForm):
    """The same, for staff, with notes on each journey."""

    with_notes = True
    texts = {
        ARRIVAL: (gettext_lazy("Arrival"), gettext_lazy("Coming from"), gettext_lazy("Needs a pickup")),
        DEPARTURE: (gettext_lazy("Departure"), gettext_lazy("Going to"), gettext_lazy("Needs a drop-off")),
    }


class NeedsForm(forms.Form):
    diet = forms.MultipleChoiceField(
        label=gettext_lazy("Diet"), choices=Diet.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    has_allergies = forms.BooleanField(label=gettext_lazy("I have a food allergy"), required=False)
    allergies = forms.CharField(
        label=gettext_lazy("Which allergies?"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("For example: peanuts, shellfish. The kitchen is told."),
    )
    access = forms.MultipleChoiceField(
        label=gettext_lazy("Access"), choices=Access.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    access_note = forms.CharField(
        label=gettext_lazy("Anything else we should know to help you get around?"), max_length=300, required=False
    )
    needs_room = forms.TypedChoiceField(
        label=gettext_lazy("Should the organizers book you a hotel room?"),
        choices=[("yes", gettext_lazy("Yes, please")), ("no", gettext_lazy("No, I do not need one"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=gettext_lazy("Other requests"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, *, registration, prefix=None):
        super().__init__(data, prefix=prefix)
        self.registration = registration
        needs = GuestNeeds.objects.filter(registration=registration).first()
        if needs is not None:
            self.initial.update(
                diet=needs.diet,
                has_allergies=bool(needs.allergies),
                allergies=needs.allergies,
                access=needs.access,
                access_note=needs.access_note,
                needs_room={True: "yes", False: "no"}.get(needs.needs_room),
                notes=needs.notes,
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_allergies") and not cleaned.get("allergies"):
            self.add_error("allergies", _("Please say which allergies."))
        if not cleaned.get("has_allergies"):
            cleaned["allergies"] = ""
        return cleaned

    def needs(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("diet", "allergies", "access", "access_note", "needs_room", "notes")}


# Back office ---------------------------------------------------------------------------------


class TransferSettingsForm(forms.ModelForm):
    class Meta:
        model = TransferSettings
        fields = list(SETTINGS_FIELDS)


class OptionalOrderMixin:
    """The order may be left empty: it is 0, and rows of the same order keep the order they were added in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort_order"].required = False

    def clean_sort_order(self):
        value = self.cleaned_data.get("sort_order")
        return 0 if value is None else value


class HubForm(OptionalOrderMixin, forms.ModelForm):
    class Meta:
        model = Hub
        fields = list(HUB_FIELDS)


class VehicleForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        fields = list(VEHICLE_FIELDS)


class TripForm(forms.ModelForm):
    class Meta:
        model = Trip
        fields = [
            "direction",
            "pickup_at",
            "duration",
            "hub",
            "meeting_point",
            "hotel",
            "place",
            "vehicle",
            "driver_name",
            "driver_phone",
            "notes",
        ]
        widgets = {"pickup_at": AdminDateTimeInput}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Hub.objects.filter(event=event)
        self.fields["hotel"].queryset = Hotel.objects.filter(event=event)
        self.fields["vehicle"].queryset = Vehicle.objects.filter(event=event)
        for name in ("hub", "hotel"):
            self.fields[name].empty_label = "—"
        self.fields["vehicle"].empty_label = pgettext("vehicle", "Later")
        self.fields["pickup_at"].help_text = _("Beijing time.")


class HotelForm(OptionalOrderMixin, forms.ModelForm):
    class Meta:
        model = Hotel
        fields = list(HOTEL_FIELDS)


class RoomBlockForm(forms.ModelForm):
    class Meta:
        model = RoomBlock
        fields = list(BLOCK_FIELDS)
        widgets = {"check_in": AdminDateInput, "check_out": AdminDateInput}


class GuestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, registration):
        person = registration.person
        romanised = person.romanised_name
        name = person.display_name
        return f"{name} ({romanised})" if romanised != name else name


def attending_guests(event):
    return (
        Registration.objects.filter(event=event, status__in=ATTENDING)
        .select_related("person")
        .order_by("person__romanised_family_name", "person__family_name", "person__given_name", "pk")
    )


class RoomForm(forms.Form):
    """One room: its block, nights, number and up to four guests who share it."""

    MAX_GUESTS = 4

    block = forms.ModelChoiceField(
        label=gettext_lazy("Room block"),
        queryset=RoomBlock.objects.none(),
        empty_label=gettext_lazy("Choose a room block"),
    )
    check_in = forms.DateField(label=pgettext_lazy("hotel", "Check-in"), widget=AdminDateInput)
    check_out = forms.DateField(label=pgettext_lazy("hotel", "Check-out"), widget=AdminDateInput)
    room_number = forms.CharField(label=gettext_lazy("Room number"), max_length=20, required=False)
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=300, required=False)

    def __init__(self, data=None, *, event, initial=None, prefix=None, guests=None):
        super().__init__(data, initial=initial, prefix=prefix)
        self.fields["block"].queryset = RoomBlock.objects.filter(hotel__event=event).select_related("hotel")
        self.fields["block"].label_from_instance = lambda block: (
            f"{block.hotel.name} · {block.room_type} · {block.check_in:%m-%d}–{block.check_out:%m-%d}"
        )
        choices = guests if guests is not None else attending_guests(event)
        for i in range(self.MAX_GUESTS):
            self.fields[f"guest_{i}"] = GuestChoiceField(
                label=_("Guest") if i == 0 else _("Shared with"),
                queryset=choices,
                required=i == 0,
                empty_label=_("Choose a guest") if i == 0 else "—",
            )

    def clean(self):
        cleaned = super().clean()
        guests = [cleaned.get(f"guest_{i}") for i in range(self.MAX_GUESTS)]
        chosen = [g for g in guests if g is not None]
        if len({g.pk for g in chosen}) != len(chosen):
            raise forms.ValidationError(_("Choose each guest once."))
        cleaned["guests"] = chosen
        return cleaned

    def room(self) -> dict:
        data = self.cleaned_data
        return {
            "registrations": data["guests"],
            "check_in": data["check_in"],
            "check_out": data["check_out"],
            "room_number": data["room_number"],
            "notes": data["notes"],
        }


class MealsForm(forms.Form):
    """Which of the agenda's sessions are meals, and which."""

    def __init__(self, data=None, *, sessions):
        super().__init__(data)
        self.sessions = sessions
        for session in sessions:
            self.fields[f"meal_{session.translation_key}"] = forms.ChoiceField(
                label=session.title,
                choices=[("", _("Not a meal")), *Meal.Kind.choices],
                required=False,
                initial=session.meal,
            )

    @property
    def rows(self):
        return [(session, self[f"meal_{session.translation_key}"]) for session in self.sessions]

    def kinds(self) -> dict:
        return {
            session.translation_key: self.cleaned_data[f"meal_{session.translation_key}"] for session in self.sessions
        }
