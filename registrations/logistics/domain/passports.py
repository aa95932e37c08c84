"""Passport data: the guest gives it with a separate consent, staff read it (every read logged), it is purged.

Nothing outside this module hands out unmasked passport data: screens, exports and
letters get it from `read_passports`, which writes who read whose data, when and why to
the audit log (Wagtail's `ModelLogEntry`, on the guest's registration: managers see it on
the guest's page and on the event's passport log).
"""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from registrations.domain.errors import RegistrationError
from registrations.domain.guests import deadline_passed
from registrations.logistics.models import LetterheadSettings, PassportData
from registrations.models import HOLDING_PLACE, EventConfig, Registration, Status

READ = "logistics.passport_read"
SUBMITTED = "logistics.passport_submitted"
PURGED = "logistics.passport_purged"
DELETED = "logistics.passport_deleted"
FIELDS = (
    "surname",
    "given_names",
    "number",
    "nationality",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "date_of_issue",
    "date_of_expiry",
)
# Why staff read passport data: recorded with each read.
PURPOSES = ("view", "letter", "export")
# Consulates want a passport valid six months past the visit.
VALID_BEYOND_VISIT = timedelta(days=183)


def may_submit(registration: Registration, *, now=None) -> bool:
    """A guest who holds a place may give passport data until the event ends; an invited guest
    while they may still answer the invitation (until the RSVP deadline)."""
    now = now or timezone.now()
    if registration.status == Status.INVITED:
        status_ok = not deadline_passed(registration, now=now)
    else:
        status_ok = registration.status in HOLDING_PLACE
    return status_ok and registration.event.event.end > now


def check_fields(*, registration: Registration, today: date | None = None, **fields) -> list[tuple[str, str]]:
    """What is wrong with the data, field by field (empty when it can be saved)."""
    today = today or timezone.localdate()
    errors = []
    number = fields.get("number", "")
    if not (5 <= len(number) <= 20 and number.isascii() and number.isalnum()):
        errors.append(("number", _("A passport number has 5 to 20 letters and digits.")))
    born, issued, expires = fields.get("date_of_birth"), fields.get("date_of_issue"), fields.get("date_of_expiry")
    if born and (born >= today or born.year < 1900):
        errors.append(("date_of_birth", _("Enter the date of birth written in the passport.")))
    if issued and issued > today:
        errors.append(("date_of_issue", _("The date of issue cannot be in the future.")))
    if issued and born and issued < born:
        errors.append(("date_of_issue", _("The passport cannot be issued before its holder was born.")))
    if expires and issued and expires <= issued:
        errors.append(("date_of_expiry", _("The passport expires after it was issued.")))
    end = timezone.localdate(registration.event.event.end)
    if expires and expires <= end:
        errors.append(
            ("date_of_expiry", _("This passport expires before the end of the visit: please renew it first."))
        )
    return errors


def expires_soon(passport: PassportData) -> bool:
    """Whether the passport expires within six months after the visit (consulates may refuse it)."""
    end = timezone.localdate(passport.registration.event.event.end)
    return passport.date_of_expiry < end + VALID_BEYOND_VISIT


@transaction.atomic
def submit_passport(*, registration: Registration, consent: bool, by=None, **fields) -> PassportData:
    """Save the guest's passport data, replacing what they gave before. Needs their explicit consent."""
    registration = Registration.objects.select_for_update().select_related("event__event").get(pk=registration.pk)
    if not consent:
        raise RegistrationError("no_consent", _("Please agree to the use of your passport data first."))
    if not may_submit(registration):
        raise RegistrationError("not_now", _("Passport data can no longer be given for this event."))
    fields = {key: fields[key] for key in FIELDS if key in fields}
    fields["number"] = "".join(str(fields.get("number", "")).split()).upper()
    fields["surname"] = str(fields.get("surname", "")).strip().upper()
    fields["given_names"] = str(fields.get("given_names", "")).strip().upper()
    errors = check_fields(registration=registration, **fields)
    if errors:
        raise RegistrationError("invalid", errors[0][1], errors=errors)
    passport, created = PassportData.objects.update_or_create(
        registration=registration, defaults={**fields, "consent_at": timezone.now()}
    )
    log(instance=registration, action=SUBMITTED, user=by, data={"created": created})
    return passport


@transaction.atomic
def delete_passport(*, registration: Registration, by=None) -> bool:
    """Delete a guest's passport data at their request (they withdraw consent) or staff's."""
    deleted, _rows = PassportData.objects.filter(registration=registration).only("pk").delete()
    if deleted:
        log(instance=registration, action=DELETED, user=by)
    return bool(deleted)


def masked(passport: PassportData | None) -> dict | None:
    """What anyone may see of passport data: that it was given, when, the last digits of its number."""
    if passport is None:
        return None
    return {
        "number": passport.masked_number,
        "name": passport.name_in_passport,
        "nationality": passport.nationality.name,
        "expiry_year": passport.date_of_expiry.year,
        "submitted_at": passport.updated_at,
    }


def log_for_guests(registrations, *, action: str, by=None, data=None) -> None:
    """One audit-log entry per guest (on their registration), written in one statement.

    `data` is a dict for all, or a function of the registration giving each its own.
    """
    registrations = list(registrations)
    if not registrations:
        return
    content_type = ContentType.objects.get_for_model(Registration)
    now = timezone.now()
    user = by if getattr(by, "pk", None) else None
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            label=str(registration.person),
            action=action,
            data=data(registration) if callable(data) else (data or {}),
            user=user,
            object_id=str(registration.pk),
            timestamp=now,
        )
        for registration in registrations
    )


def record_reads(*, registrations, by, purpose: str) -> None:
    """Log that `by` read these guests' passport data, and why."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    log_for_guests(registrations, action=READ, by=by, data={"purpose": purpose})


def read_passports(*, event: EventConfig, registrations=None, by, purpose: str) -> dict[int, PassportData]:
    """The unmasked passport data of these guests of the event (all with data when None), each read logged."""
    passports = PassportData.objects.filter(registration__event=event).select_related("registration__person")
    if registrations is not None:
        passports = passports.filter(registration__in=[r.pk for r in registrations])
    found = {p.registration_id: p for p in passports.order_by("registration_id")}
    record_reads(registrations=[p.registration for p in found.values()], by=by, purpose=purpose)
    return found


def read_log(event: EventConfig):
    """Every read of the event's passport data, the latest first (for managers)."""
    ids = Registration.objects.filter(event=event).values_list("pk", flat=True)
    return (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration),
            action__in=(READ, SUBMITTED, DELETED, PURGED),
            object_id__in=[str(pk) for pk in ids],
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )


def retention_days() -> int:
    return LetterheadSettings.load().passport_retention_days


@transaction.atomic
def purge_passports(*, days: int | None = None, now=None, dry_run: bool = False) -> dict[int, int]:
    """Delete the passport data of every event that ended more than `days` ago: {event id: guests purged}.

    It never decrypts the data, so it purges even what an old, lost key encrypted.
    """
    days = retention_days() if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    due = dict(
        PassportData.objects.filter(registration__event__event__end__lt=cutoff).values_list("pk", "registration_id")
    )
    registrations = list(Registration.objects.filter(pk__in=due.values()).select_related("person").order_by("pk"))
    purged: dict[int, int] = {}
    for registration in registrations:
        purged[registration.event_id] = purged.get(registration.event_id, 0) + 1
    if dry_run or not registrations:
        return purged
    PassportData.objects.filter(pk__in=list(due)).only("pk").delete()  # only("pk"): nothing decrypted
    log_for_guests(registrations, action=PURGED, data={"days": days})
    return purged
