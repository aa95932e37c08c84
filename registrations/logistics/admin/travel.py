"""Travel: every guest's arrival and departure, one guest's logistics and itinerary, airports and settings."""

from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.models import ModelLogEntry

from registrations import permissions as perms
from registrations.admin.guests import QuickSelect, admin_url
from registrations.admin.people import search_people
from registrations.domain.errors import RegistrationError
from registrations.logistics.admin.base import DeleteAction, FormPage, LogisticsMixin, LogisticsPage, url
from registrations.logistics.domain.itinerary import by_day, itinerary
from registrations.logistics.domain.needs import save_needs
from registrations.logistics.domain.transfers import save_transfer_settings, when
from registrations.logistics.domain.travel import delete_hub, save_hub, save_travel
from registrations.logistics.interfaces.calendar import itinerary_ics
from registrations.logistics.interfaces.forms import HubForm, NeedsForm, StaffTravelForm, TransferSettingsForm
from registrations.logistics.models import Hub, Journey, TripPassenger
from registrations.models import ATTENDING, Registration

ARRIVAL, DEPARTURE = Journey.Direction.ARRIVAL, Journey.Direction.DEPARTURE

MISSING = (
    ("arrival", gettext_lazy("No arrival yet")),
    ("departure", gettext_lazy("No departure yet")),
    ("transfer", gettext_lazy("Needs a transfer, has none")),
)


class TravelFilterSet(WagtailFilterSet):
    missing = ChoiceFilter(label=gettext_lazy("Missing"), choices=MISSING, method="filter_missing", widget=QuickSelect)
    hub = ModelChoiceFilter(
        label=gettext_lazy("Airport or station"), queryset=Hub.objects.none(), method="filter_hub", widget=QuickSelect
    )

    class Meta:
        model = Registration
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, config=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["hub"].queryset = Hub.objects.filter(event=config)

    def filter_hub(self, queryset, name, value):
        return queryset.filter(journeys__hub=value).distinct()

    def filter_missing(self, queryset, name, value):
        if value in (ARRIVAL, DEPARTURE):
            return queryset.exclude(journeys__direction=value)
        riding = TripPassenger.objects.filter(registration=OuterRef("registration"), direction=OuterRef("direction"))
        stranded = Journey.objects.filter(registration=OuterRef("pk"), needs_transfer=True).exclude(Exists(riding))
        return queryset.filter(Exists(stranded))


def journey_text(journey) -> str:
    if journey is None:
        return "—"
    return f"{when(journey.at)} · {journey.number or journey.get_mode_display()} · {journey.place_name}"


class TravelTable(Table):
    """Wagtail's table head, with the rows written in one template (cells as components cost too much)."""

    template_name = "logistics/admin/includes/travel_table.html"

    def __init__(self, columns, data, *, rows, **kwargs):
        super().__init__(columns, data, **kwargs)
        self.travel_rows = rows


class TravelListView(LogisticsMixin, BaseListingView):
    """Every attending guest with their arrival, departure, transfers and room; filter what is missing."""

    template_name = "logistics/admin/travel.html"
    paginate_by = 50
    is_searchable = True
    filterset_class = TravelFilterSet
    header_icon = "site"
    page_title = gettext_lazy("Travel")
    section = "travel"
    verbose_name_plural = gettext_lazy("guests")

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "config": self.config}

    @cached_property
    def columns(self):
        return [
            Column("name", label=_("Guest")),
            Column("category", label=_("Category")),
            Column("arrival", label=_("Arrival")),
            Column("pickup", label=_("Pickup")),
            Column("departure", label=_("Departure")),
            Column("dropoff", label=_("Drop-off")),
            Column("room", label=_("Hotel")),
        ]

    def _transfer(self, registration, direction) -> dict:
        trip = self.picture.trip_in(registration.pk, direction)
        if trip is not None:
            return {"text": trip.reference, "url": url("trip", self.config, trip.pk)}
        journey = self.picture.journey(registration.pk, direction)
        if journey is not None and journey.needs_transfer:
            return {"text": _("None yet"), "missing": True}
        return {"text": "—"}

    def _room(self, registration) -> dict:
        rooms = self.picture.rooms_of(registration.pk)
        if rooms:
            return {"text": _(", ").join(sorted({room.block.hotel.name for room in rooms}))}
        if self.picture.needs_room(registration.pk):
            return {"text": _("None yet"), "missing": True}
        return {"text": "—"}

    def rows(self, registrations) -> list[dict]:
        """Each guest of the page with their travel, worked out from the event's picture."""
        picture = self.picture
        rows = []
        for registration in registrations:
            person, category = registration.person, registration.category
            name, romanised = person.display_name, person.romanised_name
            rows.append(
                {
                    "url": url("guest", self.config, registration.pk),
                    "name": name,
                    "romanised": romanised if romanised != name else "",
                    "category": category.name,
                    "colour": category.colour,
                    "arrival": journey_text(picture.journey(registration.pk, ARRIVAL)),
                    "pickup": self._transfer(registration, ARRIVAL),
                    "departure": journey_text(picture.journey(registration.pk, DEPARTURE)),
                    "dropoff": self._transfer(registration, DEPARTURE),
                    "room": self._room(registration),
                }
            )
        return rows

    def get_table(self, object_list):
        return TravelTable(self.columns, object_list, rows=self.rows(object_list), **self.get_table_kwargs())

    def get_base_queryset(self):
        return (
            Registration.objects.filter(event=self.config, status__in=ATTENDING)
            .select_related("person", "category")
            .order_by("person__romanised_family_name", "person__family_name", "person__given_name", "pk")
        )

    def search_queryset(self, queryset):
        return search_people(queryset, self.search_query, prefix="person__") if self.is_searching else queryset

    def get_index_url(self):
        return url("travel", self.config)

    def get_index_results_url(self):
        return url("travel_results", self.config)


class GuestView(LogisticsPage):
    """One guest's logistics: their itinerary as they see it, travel and needs to correct, rooms and trips.

    POST (with EDIT_LOGISTICS): `action=travel` or `action=needs`, one domain call each.
    """

    template_name = "logistics/admin/guest.html"
    header_icon = "user"
    section = "travel"

    @cached_property
    def registration(self):
        return get_object_or_404(
            Registration.objects.select_related("person", "category", "delegation", "event__event"),
            event=self.config,
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return self.registration.person.display_name

    def forms(self, data=None, action=None):
        registration = self.registration
        return {
            "travel": StaffTravelForm(data if action == "travel" else None, registration=registration, prefix="travel"),
            "needs": NeedsForm(data if action == "needs" else None, registration=registration, prefix="needs"),
        }

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(forms=self.forms()))

    def post(self, request, *args, **kwargs):
        self.require(perms.EDIT_LOGISTICS)
        action = request.POST.get("action")
        forms = self.forms(request.POST, action)
        form = forms.get(action)
        if form is None:
            messages.error(request, _("Unknown action."))
            return redirect(url("guest", self.config, self.registration.pk))
        if form.is_valid():
            try:
                if action == "travel":
                    save_travel(
                        registration=self.registration, arrival=form.arrival, departure=form.departure, by=request.user
                    )
                else:
                    save_needs(registration=self.registration, by=request.user, **form.needs())
            except RegistrationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect(url("guest", self.config, self.registration.pk))
        messages.error(request, _("This could not be saved: correct the errors below."))
        return self.render_to_response(self.get_context_data(forms=forms, posted=action))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        picture = self.picture
        rooms = [
            {"room": room, "others": [picture.guests[pk] for pk in room.guest_ids if pk != registration.pk]}
            for room in picture.rooms_of(registration.pk)
        ]
        warnings = [w for w in self.warnings if registration.pk in w.registrations]
        context.update(
            registration=registration,
            person=registration.person,
            days=by_day(itinerary(registration)),
            rooms=rooms,
            trips=picture.trips_of(registration.pk),
            warnings=warnings,
            needs_room=picture.needs_room(registration.pk),
            calendar_url=url("guest_calendar", self.config, registration.pk),
            room_add_url=url("room_add", self.config) + f"?guest={registration.pk}",
            trip_url=url("trip", self.config, 0).removesuffix("0/"),
            room_url=url("room_edit", self.config, 0).removesuffix("0/"),
            hotel_url=url("hotel", self.config, 0).removesuffix("0/"),
            guest_page_url=url("guest", self.config, 0).removesuffix("0/"),
            registration_url=admin_url("guest", self.config.pk, registration.pk)
            if perms.VIEW_GUESTS in self.allowed
            else None,
            log_entries=ModelLogEntry.objects.for_instance(registration)
            .filter(action__startswith="logistics.")
            .select_related("user")
            .order_by("-timestamp")[:50],
        )
        return context


class GuestCalendarView(GuestView):
    """The guest's itinerary as an .ics, as their personal link gives it, in the admin's language."""

    def get(self, request, *args, **kwargs):
        registration = self.registration
        content = itinerary_ics(
            itinerary(registration), name=registration.person.display_name, language=get_language() or "zh-hans"
        )
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="itinerary-{registration.pk}.ics"'
        return response


# Settings and airports -----------------------------------------------------------------------


class SetupView(FormPage):
    """The event's transfer settings, and its airports and stations."""

    template_name = "logistics/admin/setup.html"
    page_title = gettext_lazy("Logistics settings")
    header_icon = "cog"
    section = "setup"
    form_class = TransferSettingsForm

    @cached_property
    def object(self):
        return self.picture.settings

    def save(self, form):
        return save_transfer_settings(event=self.config, by=self.request.user, **form.cleaned_data)

    def success_url(self, obj):
        return url("setup", self.config)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            hubs=Hub.objects.filter(event=self.config),
            hub_form=kwargs.get("hub_form") or HubForm(),
            hub_add_url=url("hub_add", self.config),
            delete_url=None,
        )
        return context


class HubFormPage(FormPage):
    page_title = gettext_lazy("Airport or station")
    section = "setup"
    form_class = HubForm

    def get_queryset(self):
        return Hub.objects.filter(event=self.config)

    def save(self, form):
        return save_hub(event=self.config, hub=self.object, by=self.request.user, **form.cleaned_data)

    def success_url(self, obj):
        return url("setup", self.config)

    def delete_url(self):
        return url("hub_delete", self.config, self.object.pk)


class HubDelete(DeleteAction):
    def get_queryset(self):
        return Hub.objects.filter(event=self.config)

    def delete(self, obj):
        delete_hub(hub=obj, by=self.request.user)

    def success_url(self, obj):
        return url("setup", self.config)
