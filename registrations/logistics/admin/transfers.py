"""Transfers: the day's trips and suggested trips, one trip with its passengers, the vehicles."""

import datetime as dt

from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.widgets.button import HeaderButton

from registrations import permissions as perms
from registrations.domain.errors import RegistrationError
from registrations.logistics.admin.base import DeleteAction, FormPage, LogisticsMixin, LogisticsPage, as_int, back, url
from registrations.logistics.admin.board import chosen_day
from registrations.logistics.domain.transfers import (
    ARRIVAL,
    OTHER,
    add_passengers,
    delete_trip,
    delete_vehicle,
    plan_trip,
    remove_passenger,
    save_trip,
    save_vehicle,
    suggest_trips,
    trip_end,
)
from registrations.logistics.interfaces.forms import TripForm, VehicleForm
from registrations.logistics.models import Hotel, Hub, Trip, Vehicle
from registrations.models import Registration


def local_day(moment) -> dt.date:
    return timezone.localtime(moment).date()


class TransfersView(LogisticsPage):
    """A day's trips in time order with their warnings, and the trips suggested for who has none."""

    template_name = "logistics/admin/transfers.html"
    page_title = gettext_lazy("Transfers")
    header_icon = "link"
    section = "transfers"

    def get_header_buttons(self):
        if not self.can_edit:
            return []
        return [
            HeaderButton(_("New trip"), url("trip_add", self.config), icon_name="plus"),
            HeaderButton(_("Vehicles"), url("vehicles", self.config), icon_name="list-ul"),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        picture = self.picture
        suggestions = suggest_trips(picture)
        days = sorted(
            {local_day(t.pickup_at) for t in picture.trips.values()} | {local_day(s.pickup_at) for s in suggestions}
        )
        day = chosen_day(self.request, days)
        base = url("transfers", self.config)
        if day is not None and day not in days:
            days = sorted([*days, day])
        by_trip = {}
        for warning in self.warnings:
            for pk in warning.trips:
                by_trip.setdefault(pk, []).append(warning)
        trips = [t for t in picture.trips.values() if local_day(t.pickup_at) == day]
        context.update(
            day=day,
            days=[{"day": d, "url": f"{base}?day={d.isoformat()}", "current": d == day} for d in days],
            trips=[
                {
                    "trip": trip,
                    "end": trip_end(trip),
                    "riders": len(trip.passenger_ids),
                    "warnings": by_trip.get(trip.pk, []),
                }
                for trip in trips
            ],
            suggestions=[s for s in suggestions if local_day(s.pickup_at) == day],
            vehicles=list(picture.vehicles.values()),
            plan_url=url("plan_trip", self.config),
            trip_url=url("trip", self.config, 0).removesuffix("0/"),
            guest_url=url("guest", self.config, 0).removesuffix("0/"),
            default_place=self.config.event.venue.name if self.config.event.venue_id else "",
        )
        return context


class PlanTripView(LogisticsMixin, View):
    """POST: turn a suggestion into a trip, with its passengers, in one domain call."""

    required = perms.EDIT_LOGISTICS
    http_method_names = ["post"]

    def post(self, request, config_id):
        data = request.POST
        fallback = url("transfers", self.config)
        hub = Hub.objects.filter(event=self.config, pk=as_int(data.get("hub"))).first()
        hotel = Hotel.objects.filter(event=self.config, pk=as_int(data.get("hotel"))).first()
        vehicle = Vehicle.objects.filter(event=self.config, pk=as_int(data.get("vehicle"))).first()
        pickup = parse_datetime(data.get("pickup_at", ""))
        ids = [as_int(value) for value in data.getlist("passenger")]
        passengers = list(Registration.objects.filter(event=self.config, pk__in=[i for i in ids if i]))
        direction = data.get("direction")
        if hub is None or pickup is None or direction not in Trip.Direction.values or not passengers:
            messages.error(request, _("This suggestion is no longer valid: look at the trips again."))
            return back(request, fallback)
        if timezone.is_naive(pickup):
            pickup = timezone.make_aware(pickup)
        try:
            trip = plan_trip(
                event=self.config,
                passengers=passengers,
                direction=direction,
                pickup_at=pickup,
                hub=hub,
                hotel=hotel,
                place="" if hotel else (data.get("place") or "").strip()[:200],
                vehicle=vehicle,
                by=request.user,
            )
        except RegistrationError as error:
            messages.error(request, error.message)
            return back(request, fallback)
        messages.success(
            request,
            _("Trip %(trip)s planned with %(count)d passengers.") % {"trip": trip.reference, "count": len(passengers)},
        )
        return back(request, f"{fallback}?day={local_day(trip.pickup_at).isoformat()}")


class TripFormPage(FormPage):
    """A new trip, or a trip's details changed."""

    page_title = gettext_lazy("Trip")
    section = "transfers"
    form_class = TripForm

    def get_page_title(self):
        return self.object.reference if self.object else _("New trip")

    def get_queryset(self):
        return Trip.objects.filter(event=self.config)

    def form_kwargs(self):
        kwargs = {"event": self.config}
        if self.object is None:
            kwargs["initial"] = {"duration": self.picture.settings.trip_minutes}
        return kwargs

    def save(self, form):
        return save_trip(event=self.config, trip=self.object, by=self.request.user, **form.cleaned_data)

    def saved_message(self, obj):
        return _("Trip %(trip)s saved.") % {"trip": obj.reference}

    def success_url(self, obj):
        return url("trip", self.config, obj.pk)

    def delete_url(self):
        return url("trip_delete", self.config, self.object.pk)


class TripView(LogisticsPage):
    """One trip: where and when, the vehicle, its passengers with their flights, and who could join."""

    template_name = "logistics/admin/trip.html"
    header_icon = "link"
    section = "transfers"

    @cached_property
    def trip(self):
        trip = self.picture.trips.get(as_int(self.kwargs["pk"]))
        if trip is None:
            get_object_or_404(Trip, event=self.config, pk=self.kwargs["pk"])  # a 404 for another event's
        return trip

    def get_page_title(self):
        return _("Trip %(trip)s") % {"trip": self.trip.reference}

    def get_header_buttons(self):
        if not self.can_edit:
            return []
        return [HeaderButton(_("Edit the trip"), url("trip_edit", self.config, self.trip.pk), icon_name="edit")]

    def candidates(self) -> list[dict]:
        """Attending guests who could ride: on the same day and at the same place, without such a trip yet."""
        picture, trip = self.picture, self.trip
        day = local_day(trip.pickup_at)
        rows = []
        for registration_id, registration in picture.guests.items():
            if not picture.attending(registration_id) or registration_id in trip.passenger_ids:
                continue
            journey = None
            if trip.direction != OTHER:
                journey = picture.journey(registration_id, trip.direction)
                if journey is None or journey.hub_id != trip.hub_id or local_day(journey.at) != day:
                    continue
                if picture.trip_in(registration_id, trip.direction) is not None:
                    continue
            rows.append({"guest": registration, "journey": journey})
        if trip.direction != OTHER:
            rows.sort(key=lambda row: abs(row["journey"].at - trip.pickup_at))
        else:
            rows.sort(key=lambda row: row["guest"].person.romanised_name.casefold())
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        picture, trip = self.picture, self.trip
        riders = [
            {
                "guest": picture.guests[pk],
                "journey": picture.journey(pk, trip.direction) if trip.direction != OTHER else None,
                "warnings": [w for w in self.warnings if pk in w.registrations and trip.pk in w.trips],
            }
            for pk in trip.passenger_ids
        ]
        context.update(
            trip=trip,
            end=trip_end(trip),
            riders=riders,
            candidates=self.candidates() if self.can_edit else [],
            trip_warnings=[w for w in self.warnings if trip.pk in w.trips and not w.registrations],
            passengers_url=url("trip_passengers", self.config, trip.pk),
            guest_url=url("guest", self.config, 0).removesuffix("0/"),
            arriving=trip.direction == ARRIVAL,
        )
        return context


class TripPassengersView(LogisticsMixin, View):
    """POST: add the chosen guests to a trip (`add`), or take one off (`remove`)."""

    required = perms.EDIT_LOGISTICS
    http_method_names = ["post"]

    def post(self, request, config_id, pk):
        trip = get_object_or_404(Trip, event=self.config, pk=pk)
        target = url("trip", self.config, trip.pk)
        try:
            if "remove" in request.POST:
                registration = get_object_or_404(Registration, event=self.config, pk=as_int(request.POST["remove"]))
                remove_passenger(trip=trip, registration=registration, by=request.user)
                messages.success(
                    request, _("%(name)s taken off the trip.") % {"name": registration.person.display_name}
                )
            else:
                ids = [as_int(value) for value in request.POST.getlist("passenger")]
                chosen = list(Registration.objects.filter(event=self.config, pk__in=[i for i in ids if i]))
                if not chosen:
                    messages.warning(request, _("Choose the guests to add first."))
                    return redirect(target)
                added = add_passengers(trip=trip, registrations=chosen, by=request.user)
                messages.success(request, _("%(count)d passengers added.") % {"count": len(added)})
        except RegistrationError as error:
            messages.error(request, error.message)
        return redirect(target)


class TripDelete(DeleteAction):
    def get_queryset(self):
        return Trip.objects.filter(event=self.config)

    def delete(self, obj):
        delete_trip(trip=obj, by=self.request.user)

    def success_url(self, obj):
        return f"{url('transfers', self.config)}?day={local_day(obj.pickup_at).isoformat()}"


# Vehicles ------------------------------------------------------------------------------------


class VehiclesView(LogisticsPage):
    template_name = "logistics/admin/vehicles.html"
    page_title = gettext_lazy("Vehicles")
    header_icon = "list-ul"
    section = "transfers"

    def get_header_buttons(self):
        if not self.can_edit:
            return []
        return [HeaderButton(_("Add a vehicle"), url("vehicle_add", self.config), icon_name="plus")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trips = {}
        for trip in self.picture.trips.values():
            if trip.vehicle_id:
                trips.setdefault(trip.vehicle_id, []).append(trip)
        context.update(
            vehicles=[{"vehicle": v, "trips": trips.get(v.pk, [])} for v in self.picture.vehicles.values()],
            seats=sum(v.seats for v in self.picture.vehicles.values()),
            edit_url=url("vehicle_edit", self.config, 0).removesuffix("0/"),
            trip_url=url("trip", self.config, 0).removesuffix("0/"),
        )
        return context


class VehicleFormPage(FormPage):
    page_title = gettext_lazy("Vehicle")
    section = "transfers"
    form_class = VehicleForm

    def get_page_title(self):
        return self.object.name if self.object else _("Add a vehicle")

    def get_queryset(self):
        return Vehicle.objects.filter(event=self.config)

    def save(self, form):
        return save_vehicle(event=self.config, vehicle=self.object, by=self.request.user, **form.cleaned_data)

    def success_url(self, obj):
        return url("vehicles", self.config)

    def cancel_url(self):
        return url("vehicles", self.config)

    def delete_url(self):
        return url("vehicle_delete", self.config, self.object.pk)


class VehicleDelete(DeleteAction):
    def get_queryset(self):
        return Vehicle.objects.filter(event=self.config)

    def delete(self, obj):
        delete_vehicle(vehicle=obj, by=self.request.user)

    def success_url(self, obj):
        return url("vehicles", self.config)
