"""Guest lists out of the system: CSV (UTF-8 with BOM, for Excel) and XLSX.

Every name is written the way `Person.display_name` writes it; categories, statuses,
countries and question labels in the language asked for.
"""

import csv
import io
import re

from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries

from registrations.models import Question, Registration, Status

FORMATS = ("csv", "xlsx")
CHUNK = 2000
# A cell that Excel would run as a formula; a phone number like +8613800000000 is not one.
_FORMULA_START = ("=", "@", "\t", "\r", "+", "-")
_PLAIN_NUMBER = re.compile(r"[+-]?[\d ().-]*")
# Rows measured to size the XLSX columns.
WIDTH_SAMPLE = 200


def export_registrations(queryset, *, format: str = "csv", language: str = "zh-hans") -> bytes:
    """The registrations as a spreadsheet file, one guest a row, headers in `language`."""
    if format not in FORMATS:
        raise ValueError(f"Unknown export format {format!r}; use one of {FORMATS}.")
    with translation.override(language):
        questions = _questions(queryset)
        header = [
            pgettext("a person's", "Name"),
            pgettext("a person's", "Name (Latin letters)"),
            _("Chinese name"),
            _("Title or honorific"),
            _("Organisation"),
            _("Position"),
            _("Country or region"),
            _("Email"),
            _("Phone"),
            _("Guest category"),
            _("Status"),
            _("Delegation"),
            _("Protocol class"),
            *(question.label for question in questions),
        ]
        rows = (_row(registration, questions) for registration in _registrations(queryset))
        if format == "csv":
            return _csv(header, rows)
        return _xlsx(header, rows)


def _registrations(queryset):
    """The caller's order, or by protocol class (unclassed last), category and name."""
    queryset = queryset.select_related("person", "category", "delegation")
    if not queryset.ordered:
        queryset = queryset.order_by(
            F("protocol_class").asc(nulls_last=True),
            "category__sort_order",
            "person__family_name",
            "person__given_name",
            "pk",
        )
    return queryset.iterator(chunk_size=CHUNK)


def _questions(queryset) -> list[Question]:
    event_ids = queryset.order_by().values("event_id").distinct()
    return list(Question.objects.filter(event_id__in=event_ids).order_by("event_id", "sort_order", "pk"))


def _row(registration: Registration, questions: list[Question]) -> list[str | int]:
    person = registration.person
    return [
        person.display_name,
        person.romanised_name,
        person.badge_chinese_name,
        person.honorific,
        person.organisation,
        person.position,
        _country_name(person.country.code),
        person.email,
        _phone(person.phone),
        registration.category.name,
        _status_label(registration.status),
        registration.delegation.name if registration.delegation else "",
        "" if registration.protocol_class is None else registration.protocol_class,
        *(
            _answer(question, registration.answers.get(question.code))
            if question.event_id == registration.event_id
            else ""
            for question in questions
        ),
    ]


_country_names: dict[tuple[str, str], str] = {}


def _country_name(code: str) -> str:
    if not code:
        return ""
    key = (translation.get_language(), code)
    if key not in _country_names:
        _country_names[key] = str(countries.name(code)) or code
    return _country_names[key]


def _phone(phone) -> str:
    if not phone:
        return ""
    return phone.as_e164 if getattr(phone, "is_valid", lambda: False)() else str(phone)


def _status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def _answer(question: Question, value) -> str:
    """A stored answer as the guest would read it: labels, not values."""
    if value is None or value == "" or value == []:
        return ""
    kind = question.kind
    if kind in (Question.Kind.CHOICE, Question.Kind.MULTIPLE):
        labels = dict(question.choice_pairs())
        values = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(v), str(v)) for v in values)
    if kind == Question.Kind.YES_NO:
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return str(value)
    if kind == Question.Kind.COUNTRY:
        return _country_name(str(value))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def safe_cell(value: str) -> str:
    """Text that Excel shows as text: a leading ' keeps =, +, - and @ from starting a formula."""
    if value and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) if isinstance(value, str) else value for value in row])
    # The byte order mark tells Excel the file is UTF-8: without it, Chinese comes out garbled.
    return out.getvalue().encode("utf-8-sig")


def _display_width(text: str) -> int:
    # Chinese characters take two columns of Excel's width unit.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _xlsx(header: list[str], rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def clean(value):
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    # Measure the first rows to size the columns, then stream all of them.
    sample = []
    for row in rows:
        sample.append([clean(value) for value in row])
        if len(sample) >= WIDTH_SAMPLE:
            break

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Guests")[:31])
    sheet.freeze_panes = "A2"
    for index, title in enumerate(header):
        widest = max([_display_width(title), *(_display_width(str(row[index])) for row in sample)])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(widest + 2, 8), 60)

    def text_cell(value) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value if value != "" else None)
        if isinstance(value, str) and value:
            cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell

    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=clean(title))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in sample:
        sheet.append([text_cell(value) for value in row])
    for row in rows:
        sheet.append([text_cell(clean(value)) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
