"""Spreadsheets for the people who run the logistics: the motor pool, the hotels, the kitchen.

Names are written as `Person.romanised_name` (Latin letters, as in the passport) and
`Person.badge_chinese_name`; headers, kinds and labels in the language asked for; dates
and times as real spreadsheet dates and times, in Beijing time.
"""

import datetime as dt
import io
import re

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from registrations.logistics.domain.needs import kitchen_totals
from registrations.logistics.domain.transfers import trip_end
from registrations.logistics.domain.travel import Picture
from registrations.logistics.models import Access, Diet, Journey

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT, TIME_FORMAT = "yyyy-mm-dd", "hh:mm"
_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def workbook(sheets) -> bytes:
    """An XLSX file of sheets given as (title, header, rows); text is never read as a formula."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        rows = [list(row) for row in rows]
        sheet = book.create_sheet(title=_SHEET_TITLE.sub(" ", title)[:31] or "-")
        sheet.freeze_panes = "A2"
        for index, name in enumerate(header):
            widest = max([_width(name), *(_width(row[index]) for row in rows[:200])])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(widest + 2, 8), 50)
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet, value):
    """The value as openpyxl writes it; a cell object only where plain values would go wrong.

    Text that starts with "=" would be a formula, and times get hours and minutes only. Cell
    objects cost several times a plain value, and a schedule has thousands of cells.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not value:
            return None
        if value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value
    if isinstance(value, dt.time):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = TIME_FORMAT
        return cell
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _width(value) -> int:
    if isinstance(value, (dt.date, dt.time)):
        return 10
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value if value is not None else ""))


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def _phone(phone) -> str:
    if not phone:
        return ""
    return phone.as_e164 if getattr(phone, "is_valid", lambda: False)() else str(phone)


def _needs_note(picture: Picture, registration_id: int) -> str:
    needs = picture.needs.get(registration_id)
    return _("; ").join(needs.access_labels + ([needs.access_note] if needs.access_note else [])) if needs else ""


# The motor pool ------------------------------------------------------------------------------


def pickup_schedule(picture: Picture, *, day: dt.date | None = None, language: str = "zh-hans") -> bytes:
    """Every trip in time order (of one day, if given), one row per passenger, as a motor pool plans it."""
    with translation.override(language):
        header = [
            _("Date"),
            _("Pickup time"),
            _("Trip"),
            _("Kind"),
            _("Pickup place"),
            _("Flight or train"),
            _("Lands or leaves"),
            _("Guest (Latin letters)"),
            _("Guest (Chinese)"),
            _("Phone"),
            _("Vehicle"),
            _("Plate"),
            _("Driver"),
            _("Driver's phone"),
            _("Destination"),
            _("Arrives at destination"),
            _("Notes"),
        ]
        rows = []
        for trip in picture.trips.values():
            pickup = _local(trip.pickup_at)
            if day is not None and pickup.date() != day:
                continue
            driver, driver_phone = trip.driver
            vehicle = trip.vehicle
            common = [
                pickup.date(),
                pickup.time(),
                trip.reference,
                trip.get_direction_display(),
                trip.origin,
            ]
            tail = [
                f"{vehicle.name} · {vehicle.get_kind_display()}" if vehicle else "",
                vehicle.plate if vehicle else "",
                driver,
                driver_phone,
                trip.destination,
                _local(trip_end(trip)).time(),
            ]
            riders = [picture.guests[pk] for pk in trip.passenger_ids]
            journeys = [picture.journey(r.pk, trip.direction) for r in riders]
            order = sorted(zip(riders, journeys, strict=True), key=lambda rj: (rj[1].at if rj[1] else pickup, rj[0].pk))
            if not order:
                rows.append([*common, "", "", "", "", "", *tail, trip.notes])
            for registration, journey in order:
                person = registration.person
                notes = _("; ").join(part for part in (trip.notes, _needs_note(picture, registration.pk)) if part)
                rows.append(
                    [
                        *common,
                        journey.number if journey else "",
                        _local(journey.at).time() if journey else "",
                        person.romanised_name,
                        person.badge_chinese_name,
                        _phone(person.phone),
                        *tail,
                        notes,
                    ]
                )
        return workbook([(_("Pickup schedule"), header, rows)])


# The hotels ----------------------------------------------------------------------------------


def rooming_header() -> list[str]:
    return [
        _("Guest (as in the passport)"),
        _("Chinese name"),
        _("Country or region"),
        _("Room type"),
        pgettext("hotel", "Check-in"),
        pgettext("hotel", "Check-out"),
        _("Nights"),
        _("Shared with"),
        _("Room number"),
        _("Arrives"),
        _("Leaves"),
        _("Notes"),
    ]


def rooming_rows(picture: Picture, hotel) -> list[list]:
    """One row per guest in each room of the hotel, by check-in and room, sharers side by side."""
    rooms = sorted(
        (a for a in picture.assignments.values() if a.block.hotel_id == hotel.pk),
        key=lambda a: (a.check_in, a.block.room_type_zh, a.block_id, a.pk),
    )
    rows = []
    for room in rooms:
        for registration_id in room.guest_ids:
            person = picture.guests[registration_id].person
            others = [picture.guests[pk].person.romanised_name for pk in room.guest_ids if pk != registration_id]
            arrival = picture.journey(registration_id, Journey.Direction.ARRIVAL)
            departure = picture.journey(registration_id, Journey.Direction.DEPARTURE)
            guest_notes = picture.needs.get(registration_id)
            notes = [room.notes, _needs_note(picture, registration_id), guest_notes.notes if guest_notes else ""]
            rows.append(
                [
                    person.romanised_name,
                    person.badge_chinese_name,
                    str(person.country.name) if person.country else "",
                    room.block.room_type,
                    room.check_in,
                    room.check_out,
                    len(room.nights),
                    _(", ").join(others),
                    room.room_number,
                    _journey_cell(arrival),
                    _journey_cell(departure),
                    _("; ").join(part for part in notes if part),
                ]
            )
    return rows


def _journey_cell(journey) -> str:
    if journey is None:
        return ""
    return f"{_local(journey.at):%Y-%m-%d %H:%M} {journey.number}".strip()


def rooming_lists(picture: Picture, *, hotels, language: str = "zh-hans") -> bytes:
    """The rooming list of each hotel, one sheet each, as a hotel's front desk expects it."""
    with translation.override(language):
        return workbook([(hotel.name, rooming_header(), rooming_rows(picture, hotel)) for hotel in hotels])


# The kitchen ---------------------------------------------------------------------------------


def kitchen_sheet(picture: Picture, *, language: str = "zh-hans") -> bytes:
    """Per meal, how many guests and how many of each diet; then every guest with a need, by name."""
    with translation.override(language):
        totals = kitchen_totals(picture)
        header = [
            _("Meal"),
            _("Session"),
            _("Date"),
            _("Time"),
            _("Guests"),
            *(str(label) for label in Diet.labels),
            _("Food allergies"),
            str(Access.WHEELCHAIR.label),
        ]
        rows = [
            [
                meal.kind_label,
                meal.session.title,
                _local(meal.session.start).date(),
                _local(meal.session.start).time(),
                meal.guests,
                *(meal.diets[code] for code in Diet.values),
                len(meal.allergies),
                meal.access[Access.WHEELCHAIR],
            ]
            for meal in totals
        ]
        people_header = [
            _("Guest"),
            _("Guest (Latin letters)"),
            _("Chinese name"),
            _("Diet"),
            _("Food allergies"),
            _("Access"),
            _("Other requests"),
            _("Meals"),
        ]
        meals_of = {}
        for meal in totals:
            for registration in meal.special:
                meals_of.setdefault(registration.pk, []).append(meal.session.title)
        people = []
        for registration_id, registration in picture.guests.items():
            needs = picture.needs.get(registration_id)
            if not picture.attending(registration_id) or needs is None or needs.is_empty:
                continue
            person = registration.person
            people.append(
                [
                    person.display_name,
                    person.romanised_name,
                    person.badge_chinese_name,
                    _(", ").join(needs.diet_labels),
                    needs.allergies,
                    _(", ").join(needs.access_labels + ([needs.access_note] if needs.access_note else [])),
                    needs.notes,
                    _(", ").join(meals_of.get(registration_id, [])),
                ]
            )
        people.sort(key=lambda row: row[1].casefold())
        return workbook([(_("Kitchen totals"), header, rows), (_("Guests with needs"), people_header, people)])
