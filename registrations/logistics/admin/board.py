"""The arrivals and departures board, and the summary of every warning."""

import datetime as dt

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
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


def _hhmm(moment) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def board_rows(rows, *, arriving: bool, urls: dict) -> str:
    """The rows of a board's table, written in Python: a day can bring two hundred arrivals at one airport,
    and a template would resolve each of their forty values one lookup at a time."""
    none_yet, not_needed = _("None yet"), _("Not needed")
    other_end = _("From %(place)s") if arriving else _("To %(place)s")
    html = []
    for row in rows:
        journey, trip, guest = row.journey, row.trip, row.guest
        person, category = guest.person, guest.category
        name, romanised = person.display_name, person.romanised_name
        where = journey.place + " · " if not journey.hub_id and journey.place else ""
        flight = format_html(
            '<span class="lg-nowrap">{}{}</span><div class="reg-romanised">{}{}</div>',
            journey.number or journey.get_mode_display(),
            format_html(' <span class="lg-tag">{}</span>', journey.terminal) if journey.terminal else "",
            where,
            other_end % {"place": journey.other_end or "—"},
        )
        who = format_html(
            '<a href="{}{}/">{}</a>{}<span class="reg-category"><svg class="reg-category__dot" width="10" height="10"'
            ' viewBox="0 0 10 10" aria-hidden="true" focusable="false"><circle cx="5" cy="5" r="5" fill="{}"/></svg>'
            "{}</span>{}",
            urls["guest"],
            guest.pk,
            name,
            format_html(' <span class="reg-romanised">{}</span> ', romanised) if romanised != name else " ",
            category.colour,
            category.name,
            format_html('<div class="reg-romanised">{}</div>', guest.delegation.name) if guest.delegation else "",
        )
        if trip is not None:
            vehicle = trip.vehicle
            car = ""
            if vehicle is not None:
                parts = [vehicle.name, vehicle.plate, trip.driver[0]]
                car = format_html('<div class="reg-romanised">{}</div>', " · ".join(p for p in parts if p))
            flags = format_html_join(
                "",
                '<span class="lg-flag lg-flag--{}" title="{}" data-code="{}">{}</span>',
                ((w.severity, w.message, w.code, label) for label, w in row.trip_flags),
            )
            transfer = format_html(
                '<a class="lg-nowrap" href="{}{}/">{} · {}</a>{}{}',
                urls["trip"],
                trip.pk,
                trip.reference,
                _hhmm(trip.pickup_at),
                car,
                flags,
            )
        elif journey.needs_transfer:
            transfer = format_html('<span class="lg-missing">{}</span>', none_yet)
        else:
            transfer = format_html('<span class="reg-romanised">{}</span>', not_needed)
        hotel = format_html('<a href="{}{}/">{}</a>', urls["hotel"], row.hotel.pk, row.hotel.name) if row.hotel else "—"
        warnings = ""
        if row.warnings:
            warnings = format_html(
                '<ul class="lg-warnings">{}</ul>',
                format_html_join(
                    "",
                    '<li class="lg-warning lg-warning--{}" data-code="{}">{}</li>',
                    ((w.severity, w.code, w.message) for w in row.warnings),
                ),
            )
        html.append(
            format_html(
                '<tr class="{}" data-guest="{}"><td class="lg-time"><time datetime="{}">{}</time></td>'
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                "lg-row--warned" if row.warnings or row.trip_flags else "",
                guest.pk,
                timezone.localtime(journey.at).isoformat(),
                _hhmm(journey.at),
                flight,
                who,
                transfer,
                hotel,
                warnings,
            )
        )
    return mark_safe("".join(html))  # every part went through format_html


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
        urls = {name: url(name, self.config, 0).removesuffix("0/") for name in ("guest", "trip", "hotel")}
        places = board(self.picture, day, self.warnings) if day else []
        for place in places:
            place.arrivals_html = board_rows(place.arrivals, arriving=True, urls=urls)
            place.departures_html = board_rows(place.departures, arriving=False, urls=urls)
        context.update(
            day=day,
            days=[{"day": d, "url": f"{base}?day={d.isoformat()}", "current": d == day} for d in days],
            places=places,
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
