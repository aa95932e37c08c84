"""Importing a guest list: check every row, then write all of them or none.

`preview_import` reads the file, applies the column mapping and says, row by row, whom
it will create or find in the directory, in which category, and what is wrong.
`apply_import` does the same inside one transaction and, only when no row has an
error, writes the people and invites them. Rows are numbered as the spreadsheet shows
them: the header is row 1, the first guest row 2.
"""

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from registrations import names
from registrations.domain.actions import invite_guests
from registrations.domain.errors import RegistrationError
from registrations.interfaces.importers import (
    FIELD_NAMES,
    NAME_FIELDS,
    Sheet,
    header_key,
    parse_phone,
    propose_mapping,
    read_upload,
    resolve_country,
    resolve_gender,
    resolve_language,
    split_full_name,
)
from registrations.models import Category, Delegation, EventConfig, ImportUpload, Person, Registration

# Person fields a row can fill, in the order the directory shows them.
PERSON_FIELDS = list(Person.DIRECTORY_FIELDS)
# Guests in a matched person's row never change these, even where the directory has them empty.
NEVER_FILLED = {"language"}
# Where a missing name is reported, in this order of preference.
NAME_COLUMNS_FIRST = ["family_name", "full_name", "chinese_name", "romanised_family_name", "romanised_name"]
QUERY_CHUNK = 2000
PREVIEW_ROWS = 50


class RowError(NamedTuple):
    """Why a row (or, on the header row, the mapping) cannot be imported."""

    row: int
    column: str
    reason: str


@dataclass
class ImportRow:
    number: int
    values: dict  # Person field -> cleaned value ("" when the row leaves it empty)
    person: Person  # a new, unsaved person, or the one found in the directory
    existing: bool = False
    category: Category | None = None
    delegation: str = ""
    protocol_class: int | None = None
    already_registered: bool = False
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportPreview:
    header: list[str]
    mapping: dict[str, str]
    rows: list[ImportRow]
    errors: list[RowError]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def first_rows(self) -> list[ImportRow]:
        return self.rows[:PREVIEW_ROWS]

    @property
    def new_people(self) -> int:
        return sum(1 for row in self.rows if not row.existing)

    @property
    def matched_people(self) -> int:
        return sum(1 for row in self.rows if row.existing)

    @property
    def already_registered(self) -> int:
        return sum(1 for row in self.rows if row.already_registered)

    def per_category(self) -> list[tuple[Category, int]]:
        """How many guests each category receives (people already registered are left as they are)."""
        counts = Counter(row.category.pk for row in self.rows if row.category and not row.already_registered)
        seen = {row.category.pk: row.category for row in self.rows if row.category}
        ordered = sorted(seen.values(), key=lambda c: (c.sort_order, c.pk))
        return [(category, counts[category.pk]) for category in ordered if counts[category.pk]]


@dataclass
class ImportResult:
    created: int
    updated: int
    matched: int
    invited: int
    already_registered: int
    per_category: dict[str, int]

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "matched": self.matched,
            "invited": self.invited,
            "already_registered": self.already_registered,
            "per_category": self.per_category,
        }


def preview_import(
    *, upload: ImportUpload, mapping: dict | None = None, default_category: Category | None = None
) -> ImportPreview:
    """What importing the file would do, row by row, without writing anything.

    `mapping` maps each column header to a field name (or "" to leave the column out);
    without one, the upload's saved mapping is used, or else the one proposed from the
    header. Rows without a category of their own go to `default_category`. A file that
    cannot be read raises `ImportFileError`.
    """
    sheet = read_upload(upload)
    if mapping is None:
        mapping = (upload.mapping or {}).get("columns") or propose_mapping(sheet.header)
    return check_rows(config=upload.event, sheet=sheet, mapping=mapping, default_category=default_category)


@transaction.atomic
def apply_import(
    *,
    upload: ImportUpload,
    mapping: dict | None = None,
    by=None,
    invite: bool = True,
    default_category: Category | None = None,
) -> ImportResult:
    """Import every row of the file, or none: any row with an error refuses the whole file.

    New people are added to the directory; people found by email get their empty fields
    filled, nothing overwritten. With `invite`, everyone not yet registered for the event
    is invited in their category (their emails go out after the transaction commits).
    """
    upload = ImportUpload.objects.select_for_update().select_related("event").get(pk=upload.pk)
    if upload.applied_at is not None:
        raise RegistrationError("import_applied", _("This file has already been imported."))
    config = upload.event
    if default_category is not None and default_category.event_id != config.pk:
        raise RegistrationError("wrong_category", _("This category belongs to another event."))
    preview = preview_import(upload=upload, mapping=mapping, default_category=default_category)
    if preview.errors:
        count = len({error.row for error in preview.errors})
        raise RegistrationError(
            "import_invalid",
            ngettext(
                "%(count)d row has errors; nothing was imported.",
                "%(count)d rows have errors; nothing was imported.",
                count,
            )
            % {"count": count},
            errors=preview.errors,
        )
    created = _create_people(preview.rows)
    updated = _fill_matched_people(preview.rows)
    invited = []
    if invite:
        invited = _invite(config, preview.rows, by=by)
    result = ImportResult(
        created=created,
        updated=updated,
        matched=preview.matched_people,
        invited=len(invited),
        already_registered=preview.already_registered,
        per_category=dict(Counter(registration.category.code for registration in invited)),
    )
    upload.applied_at = timezone.now()
    upload.mapping = {**(upload.mapping or {}), "columns": preview.mapping, "result": result.as_dict()}
    upload.save(update_fields=["applied_at", "mapping"])
    log(instance=upload, action="registrations.import", user=by, data=result.as_dict())
    return result


# Checking rows ----------------------------------------------------------------------------------


def check_rows(
    *, config: EventConfig, sheet: Sheet, mapping: dict, default_category: Category | None = None
) -> ImportPreview:
    """Clean and check every row of a sheet against the directory and the event's categories."""
    mapping = {column: mapping.get(column) or "" for column in sheet.header}
    errors = _mapping_errors(sheet, mapping)
    column_of = {}
    for column, name in mapping.items():
        if name in FIELD_NAMES:
            column_of.setdefault(name, column)
    if errors:
        return ImportPreview(header=sheet.header, mapping=mapping, rows=[], errors=errors)

    categories = _category_index(config)
    indexes = [(sheet.header.index(column), name) for name, column in column_of.items()]
    rows, first_row_of_email = [], {}
    for number, cells in sheet.rows:
        raw = {name: cells[i] for i, name in indexes}
        row = _clean_row(number, raw, column_of, categories, default_category)
        email_key = row.values["email"].lower()
        if email_key:
            if email_key in first_row_of_email:
                row.errors.append(
                    RowError(
                        number,
                        column_of["email"],
                        _("The same email is already in row %(row)d.") % {"row": first_row_of_email[email_key]},
                    )
                )
            else:
                first_row_of_email[email_key] = number
        rows.append(row)

    _match_people(config, rows)
    # In each row, problems in the order of the file's columns.
    position = {column: i for i, column in enumerate(sheet.header)}
    for row in rows:
        row.errors.sort(key=lambda error: position.get(error.column, -1))
    all_errors = [error for row in rows for error in row.errors]
    return ImportPreview(header=sheet.header, mapping=mapping, rows=rows, errors=all_errors)


def _mapping_errors(sheet: Sheet, mapping: dict) -> list[RowError]:
    errors, taken = [], {}
    header_row = sheet.header_row
    for column, name in mapping.items():
        if not name:
            continue
        if name not in FIELD_NAMES:
            errors.append(RowError(header_row, column, _("Unknown field “%(field)s”.") % {"field": name}))
        elif name in taken:
            errors.append(
                RowError(
                    header_row,
                    column,
                    _("Column “%(other)s” already holds this field.") % {"other": taken[name]},
                )
            )
        else:
            taken[name] = column
    if not errors and not NAME_FIELDS & set(taken):
        errors.append(RowError(header_row, "", _("Choose the column that holds the guests' names.")))
    return errors


def _category_index(config: EventConfig) -> dict[str, Category]:
    index = {}
    categories = list(config.categories.all())
    for attribute in ("code", "name_zh", "name_en"):
        for category in categories:
            key = header_key(getattr(category, attribute))
            if key:
                index.setdefault(key, category)
    return index


def _max_length(name: str) -> int | None:
    return Person._meta.get_field(name).max_length


MAX_LENGTHS = {name: _max_length(name) for name in PERSON_FIELDS if name not in ("country", "phone")}
DELEGATION_NAME_MAX = Delegation._meta.get_field("name").max_length
PROTOCOL_CLASS_MAX = 32767


def _clean_row(number, raw, column_of, categories, default_category) -> ImportRow:
    errors = []

    def error(name, reason):
        errors.append(RowError(number, column_of.get(name, ""), reason))

    values = {name: raw.get(name, "") for name in PERSON_FIELDS}
    _fill_names(values, raw)
    if not values["family_name"]:
        error(next(n for n in NAME_COLUMNS_FIRST if n in column_of), _("A name is required."))

    for name, limit in MAX_LENGTHS.items():
        if limit and len(values[name]) > limit:
            source = name if name in column_of else _name_source(name, column_of)
            error(source, _("Too long: at most %(limit)d characters.") % {"limit": limit})

    if values["gender"]:
        gender = resolve_gender(values["gender"])
        if gender is None:
            error(
                "gender", _("Unknown gender “%(value)s”: write 男, 女, male or female.") % {"value": values["gender"]}
            )
        values["gender"] = gender or ""
    if values["country"]:
        code = resolve_country(values["country"])
        if code is None:
            error("country", _("Unknown country or region “%(value)s”.") % {"value": values["country"]})
        values["country"] = code or ""
    if values["language"]:
        language = resolve_language(values["language"])
        if language is None:
            error("language", _("Unknown language “%(value)s”.") % {"value": values["language"]})
        values["language"] = language or ""
    if not values["language"]:
        values["language"] = "zh-hans" if names.is_cjk(values["family_name"] + values["given_name"]) else "en"
    if values["email"]:
        email = _fold(values["email"]).removeprefix("mailto:")
        try:
            validate_email(email)
        except ValidationError:
            error("email", _("Not a valid email address."))
        values["email"] = email
    phone = None
    if values["phone"]:
        phone = parse_phone(values["phone"], region=values["country"])
        if phone is None:
            error("phone", _("Not a valid phone number; write it with its country code, e.g. +86 138 0000 0000."))
        values["phone"] = phone.as_e164 if phone else ""

    category = default_category
    if raw.get("category"):
        category = categories.get(_cached_key(raw["category"]))
        if category is None:
            error("category", _("Unknown guest category “%(value)s”.") % {"value": raw["category"]})
    elif category is None:
        error("category", _("No guest category: fill it in, or choose one for rows without it."))

    delegation = " ".join(raw.get("delegation", "").split())
    if len(delegation) > DELEGATION_NAME_MAX:
        error("delegation", _("Too long: at most %(limit)d characters.") % {"limit": DELEGATION_NAME_MAX})

    protocol_class = None
    if raw.get("protocol_class"):
        text = _fold(raw["protocol_class"])
        if text.isdigit() and 1 <= int(text) <= PROTOCOL_CLASS_MAX:
            protocol_class = int(text)
        else:
            error("protocol_class", _("The protocol class is a whole number from 1 (the highest) upwards."))

    return ImportRow(
        number=number,
        values=values,
        person=Person(**{**values, "phone": phone or ""}),  # parsed once, not again by the field
        category=category,
        delegation=delegation,
        protocol_class=protocol_class,
        errors=errors,
    )


@lru_cache(maxsize=4096)
def _cached_key(text: str) -> str:
    return header_key(text)


def _fold(text: str) -> str:
    """Full-width letters and digits (as Chinese input methods type them) folded to ASCII."""
    return unicodedata.normalize("NFKC", text).strip()


def _fill_names(values: dict, raw: dict) -> None:
    """Family and given names from whichever name columns the file has; explicit columns win."""
    for whole, family, given in (
        ("full_name", "family_name", "given_name"),
        ("romanised_name", "romanised_family_name", "romanised_given_name"),
    ):
        if raw.get(whole):
            split_family, split_given = split_full_name(raw[whole])
            if not values[family] and not values[given]:
                values[family], values[given] = split_family, split_given
    if not values["family_name"] and values["chinese_name"]:
        values["family_name"], values["given_name"] = split_full_name(values["chinese_name"])
    if not values["family_name"] and values["romanised_family_name"]:
        values["family_name"] = values["romanised_family_name"]
        values["given_name"] = values["given_name"] or values["romanised_given_name"]
    for name in ("family_name", "given_name", "romanised_family_name", "romanised_given_name", "chinese_name"):
        values[name] = " ".join(values[name].split())


def _name_source(name: str, column_of: dict) -> str:
    """The field whose column a derived name came from, for error messages."""
    candidates = {
        "family_name": ("full_name", "chinese_name", "romanised_family_name", "romanised_name"),
        "given_name": ("full_name", "chinese_name", "romanised_given_name", "romanised_name"),
        "romanised_family_name": ("romanised_name",),
        "romanised_given_name": ("romanised_name",),
    }.get(name, ())
    return next((c for c in candidates if c in column_of), name)


def _chunks(items: list, size: int = QUERY_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _match_people(config: EventConfig, rows: list[ImportRow]) -> None:
    """Find each row's person in the directory by email (case-insensitive), the oldest entry first."""
    keys = sorted({row.values["email"].lower() for row in rows if row.values["email"]})
    found = {}
    for chunk in _chunks(keys):
        people = Person.objects.annotate(email_key=Lower("email")).filter(email_key__in=chunk).order_by("pk")
        for person in people:
            found.setdefault(person.email_key, person)
    if not found:
        return
    registered = set()
    ids = [person.pk for person in found.values()]
    for chunk in _chunks(ids):
        registered.update(
            Registration.objects.filter(event=config, person_id__in=chunk).values_list("person_id", flat=True)
        )
    for row in rows:
        person = found.get(row.values["email"].lower()) if row.values["email"] else None
        if person is not None:
            row.person, row.existing = person, True
            row.already_registered = person.pk in registered


# Writing ----------------------------------------------------------------------------------------


def _create_people(rows: list[ImportRow]) -> int:
    new = [row.person for row in rows if not row.existing]
    Person.objects.bulk_create(new, batch_size=500)
    return len(new)


def _is_empty(value) -> bool:
    return value is None or str(value) == ""


def _fill_matched_people(rows: list[ImportRow]) -> int:
    """Fill the empty fields of people found in the directory; what they already have stays.

    One small UPDATE per person who gains something: Django's bulk_update builds a CASE
    expression per person and field, many times slower for a thousand people.
    """
    now, count = timezone.now(), 0
    for row in rows:
        if not row.existing:
            continue
        person, changes = row.person, {}
        for name in PERSON_FIELDS:
            if name not in NEVER_FILLED and row.values[name] and _is_empty(getattr(person, name)):
                setattr(person, name, row.values[name])
                changes[name] = getattr(person, name)
        if changes:
            Person.objects.filter(pk=person.pk).update(**changes, updated_at=now)
            count += 1
    return count


def _invite(config: EventConfig, rows: list[ImportRow], *, by=None) -> list[Registration]:
    by_category = defaultdict(list)
    for row in rows:
        if not row.already_registered:
            by_category[row.category].append(row)
    wanted = [row.delegation for row in rows if row.delegation and not row.already_registered]
    delegations = _delegations(config, list(dict.fromkeys(wanted)))
    invited = []
    for category, category_rows in by_category.items():
        registrations = invite_guests(
            event=config, people=[row.person for row in category_rows], category=category, by=by
        )
        of_person = {registration.person_id: registration for registration in registrations}
        details = []
        for row in category_rows:
            registration = of_person.get(row.person.pk)
            if registration is None or not (row.delegation or row.protocol_class):
                continue
            registration.delegation = delegations.get(_delegation_key(row.delegation)) if row.delegation else None
            registration.protocol_class = row.protocol_class
            details.append(registration)
        Registration.objects.bulk_update(details, ["delegation", "protocol_class"], batch_size=500)
        invited.extend(registrations)
    return invited


def _delegations(config: EventConfig, wanted: list[str]) -> dict[str, Delegation]:
    """The event's delegations by name (compared without case or spacing), created where missing
    with the name as first written in the file."""
    index = {}
    for delegation in Delegation.objects.filter(event=config).order_by("pk"):
        index.setdefault(_delegation_key(delegation.name), delegation)
    for name in wanted:
        key = _delegation_key(name)
        if key not in index:
            index[key] = Delegation.objects.create(event=config, name=name)
    return index


def _delegation_key(name: str) -> str:
    return header_key(name) or name.strip()
