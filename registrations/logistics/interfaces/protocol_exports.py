"""Spreadsheets for the protocol desk: the interpreter schedule and the seating list (XLSX).

Names as `Person.display_name` and `romanised_name` write them; headers, countries and
labels in the language asked for; text never read as a formula. No passport data here.
"""

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from registrations.logistics.domain.interpreters import assignments_of, subject_label
from registrations.logistics.domain.seating import seat_label
from registrations.logistics.models.interpreters import pair_label


def _workbook(title: str, header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for values in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value:
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif hasattr(cell.value, "hour"):
                cell.number_format = "yyyy-mm-dd hh:mm"
    for index, name in enumerate(header, start=1):
        widest = max(
            [_width(name), *(_width(values[index - 1]) for values in rows[:200])],
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 8), 60)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _width(value) -> int:
    if hasattr(value, "hour"):
        return 16
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value if value is not None else ""))


def _naive(moment):
    """Beijing time without a zone: spreadsheets have none."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def interpreter_schedule(config, *, language: str = "zh-hans") -> bytes:
    """One row per assignment, in time order: who interprets what, when, where, for whom."""
    with translation.override(language):
        header = [
            _("Date"),
            _("From"),
            _("Until"),
            _("Interpreter"),
            _("Phone"),
            _("Languages"),
            _("Assignment"),
            _("Kind"),
            _("Place"),
            _("Delegation"),
            _("Interprets for"),
        ]
        kinds = {"session": _("Session"), "meeting": _("Meeting"), "delegation": _("Delegation")}
        rows = []
        for a in assignments_of(config):
            if a.session_id:
                place = a.session.room.name if a.session.room else ""
            elif a.meeting_id:
                place = a.meeting.place
            else:
                place = ""
            delegation = a.delegation or (a.meeting.delegation if a.meeting_id else None)
            rows.append(
                [
                    timezone.localtime(a.start).date(),
                    _naive(a.start),
                    _naive(a.end),
                    a.interpreter.name,
                    a.interpreter.phone.as_e164 if a.interpreter.phone else "",
                    pair_label(a.language_pair),
                    subject_label(a),
                    str(kinds[a.kind]),
                    place,
                    delegation.name if delegation else "",
                    a.principal.person.display_name if a.principal_id else "",
                ]
            )
        for row in rows:
            row[0] = row[0].isoformat()
        return _workbook(_("Interpreter schedule"), header, rows)


def seating_list(plan, *, language: str = "zh-hans") -> bytes:
    """One row per seat, table by table: the list the banquet staff and ushers work from."""
    with translation.override(language):
        header = [
            _("Table"),
            _("Table name"),
            _("Seat"),
            _("Seat as announced"),
            _("Name"),
            _("Chinese name"),
            _("Name (Latin letters)"),
            _("Title or honorific"),
            _("Organisation"),
            _("Position"),
            _("Country or region"),
            _("Delegation"),
            _("Guest category"),
            _("Protocol class"),
            _("Interpreter behind"),
        ]
        seats = list(
            plan.seats.select_related(
                "table", "registration__person", "registration__delegation", "registration__category", "interpreter"
            ).order_by("table__number", "number", "behind")
        )
        behind = {(s.table_id, s.number): s.interpreter.name for s in seats if s.behind}
        rows = []
        for seat in seats:
            if seat.behind:
                continue
            registration = seat.registration
            person = registration.person
            rows.append(
                [
                    seat.table.number,
                    seat.table.name,
                    seat.number,
                    seat_label(seat.table.number, seat.number),
                    person.display_name,
                    person.badge_chinese_name,
                    person.romanised_name,
                    person.honorific,
                    person.organisation,
                    person.position,
                    str(person.country.name) if person.country else "",
                    registration.delegation.name if registration.delegation_id else "",
                    registration.category.name,
                    registration.protocol_class if registration.protocol_class is not None else "",
                    behind.get((seat.table_id, seat.number), ""),
                ]
            )
        return _workbook(_("Seating list"), header, rows)
