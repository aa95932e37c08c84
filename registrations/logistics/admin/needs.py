"""Dietary and access needs with the kitchen's totals per meal; the exports."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages

from registrations import permissions as perms
from registrations.domain.errors import RegistrationError
from registrations.logistics.admin.base import LogisticsMixin, LogisticsPage, as_int, url
from registrations.logistics.domain.needs import kitchen_totals, sessions_with_meals, set_meals
from registrations.logistics.interfaces.exports import CONTENT_TYPE, kitchen_sheet, pickup_schedule, rooming_lists
from registrations.logistics.interfaces.forms import MealsForm
from registrations.logistics.models import Access, Diet, Hotel


class NeedsView(LogisticsPage):
    """What the kitchen cooks for each meal, which sessions are meals, and every guest with a need."""

    template_name = "logistics/admin/needs.html"
    page_title = gettext_lazy("Dietary and access needs")
    header_icon = "group"
    section = "needs"

    @cached_property
    def sessions(self):
        return sessions_with_meals(self.config)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        picture = self.picture
        totals = kitchen_totals(picture, self.sessions)
        people = [
            {"guest": registration, "needs": picture.needs[pk]}
            for pk, registration in picture.guests.items()
            if picture.attending(pk) and pk in picture.needs and not picture.needs[pk].is_empty
        ]
        people.sort(key=lambda row: row["guest"].person.romanised_name.casefold())
        # On screen, only the diets someone eats (the spreadsheet has them all).
        shown = [code for code in Diet.values if any(meal.diets[code] for meal in totals)]
        labels = dict(Diet.choices)
        context.update(
            totals=[
                {
                    "meal": meal,
                    "diets": [meal.diets[code] for code in shown],
                    "wheelchair": meal.access[Access.WHEELCHAIR],
                }
                for meal in totals
            ],
            diet_labels=[labels[code] for code in shown],
            people=people,
            meals_form=kwargs.get("meals_form") or MealsForm(sessions=self.sessions),
            meals_url=url("meals", self.config),
            guest_url=url("guest", self.config, 0).removesuffix("0/"),
            attending=sum(1 for pk in picture.guests if picture.attending(pk)),
        )
        return context


class MealsView(LogisticsMixin, View):
    """POST: which sessions of the agenda are meals."""

    required = perms.EDIT_LOGISTICS
    http_method_names = ["post"]

    def post(self, request, config_id):
        form = MealsForm(request.POST, sessions=sessions_with_meals(self.config))
        if not form.is_valid():
            messages.error(request, _("Choose breakfast, lunch, dinner, banquet or reception."))
            return redirect(url("needs", self.config))
        try:
            changed = set_meals(event=self.config, kinds=form.kinds(), by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Meals saved (%(count)d changed).") % {"count": changed})
        return redirect(url("needs", self.config))


# Exports -------------------------------------------------------------------------------------


class ExportsView(LogisticsPage):
    template_name = "logistics/admin/exports.html"
    page_title = gettext_lazy("Exports")
    header_icon = "download"
    section = "exports"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pickups = url("export_pickups", self.config)
        days = sorted({timezone.localtime(t.pickup_at).date() for t in self.picture.trips.values()})
        context.update(
            pickups_url=pickups,
            pickup_days=[{"day": d, "url": f"{pickups}?day={d.isoformat()}"} for d in days],
            rooming_url=url("export_rooming", self.config),
            hotels=Hotel.objects.filter(event=self.config),
            kitchen_url=url("export_kitchen", self.config),
        )
        return context


def spreadsheet(content: bytes, name: str, config) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    filename = f"{name}-{config.event.slug}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PickupScheduleExport(LogisticsMixin, View):
    """The motor pool's schedule: every trip (of one day with ?day=), a row per passenger."""

    def get(self, request, config_id):
        try:
            day = dt.date.fromisoformat(request.GET.get("day", ""))
        except ValueError:
            day = None
        content = pickup_schedule(self.picture, day=day, language=get_language() or "zh-hans")
        return spreadsheet(content, f"pickups-{day.isoformat()}" if day else "pickups", self.config)


class RoomingListExport(LogisticsMixin, View):
    """The rooming lists: of one hotel with ?hotel=, else of every hotel, a sheet each."""

    def get(self, request, config_id):
        hotels = Hotel.objects.filter(event=self.config)
        one = as_int(request.GET.get("hotel"))
        if one is not None:
            hotels = hotels.filter(pk=one)
        hotels = list(hotels)
        content = rooming_lists(self.picture, hotels=hotels, language=get_language() or "zh-hans")
        name = f"rooming-{hotels[0].name_en or hotels[0].pk}" if one is not None and hotels else "rooming"
        return spreadsheet(content, name.replace(" ", "-").replace('"', ""), self.config)


class KitchenExport(LogisticsMixin, View):
    def get(self, request, config_id):
        return spreadsheet(kitchen_sheet(self.picture, language=get_language() or "zh-hans"), "kitchen", self.config)
