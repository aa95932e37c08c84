"""The arrivals and departures board, and the summary of every warning."""

import datetime as dt

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

from registrations.logistics.admin.base import LogisticsPage, url
from registrations.logistics.domain.board import board, board_days


def chosen_day(request, days: list[dt.date]) -> dt.date | None:
    """The day asked for (?day=YYYY-MM-DD), else today if guests travel today, else the first day of travel."""
    asked = request.GET.get("day", "")
    try:
        return dt.date.fromisoformat(asked)
    except ValueError:
        pass
    today = timezone.localdate()
    if today in days:
        return today
    upcoming = [day for day in days if day >= today]
    return (upcoming or days or [None])[0]


class BoardView(LogisticsPage):
    """Who arrives and leaves on a day, per airport or station, with their transfer, hotel and warnings."""

    template_name = "logistics/admin/board.html"
    page_title = gettext_lazy("Arrivals and departures")
    header_icon = "calendar"
    section = "board"

    @cached_property
    def days(self):
        return board_days(self.picture)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = chosen_day(self.request, self.days)
        base = url("board", self.config)
        days = list(self.days)
        if day is not None and day not in days:
            days = sorted([*days, day])
        context.update(
            day=day,
            days=[{"day": d, "url": f"{base}?day={d.isoformat()}", "current": d == day} for d in days],
            places=board(self.picture, day, self.warnings) if day else [],
            guest_url=url("guest", self.config, 0).removesuffix("0/"),
            trip_url=url("trip", self.config, 0).removesuffix("0/"),
            hotel_url=url("hotel", self.config, 0).removesuffix("0/"),
        )
        return context


class WarningsView(LogisticsPage):
    """Every warning of the event's logistics, errors first, each with links to what to fix."""

    template_name = "logistics/admin/warnings.html"
    page_title = gettext_lazy("Warnings")
    header_icon = "warning"
    section = "warnings"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        picture = self.picture
        hotel_of_block = {block.pk: block.hotel for block in picture.blocks.values()}
        rows = []
        for warning in sorted(self.warnings, key=lambda w: w.severity != "error"):
            links = [
                {"url": url("guest", self.config, pk), "label": picture.guests[pk].person.display_name}
                for pk in warning.registrations
                if pk in picture.guests
            ]
            links += [
                {"url": url("trip", self.config, pk), "label": picture.trips[pk].reference}
                for pk in warning.trips
                if pk in picture.trips
            ]
            hotels = {hotel_of_block[pk] for pk in warning.blocks if pk in hotel_of_block}
            links += [{"url": url("hotel", self.config, hotel.pk), "label": hotel.name} for hotel in hotels]
            rows.append({"warning": warning, "links": links})
        context.update(rows=rows, errors=sum(1 for w in self.warnings if w.severity == "error"))
        return context
