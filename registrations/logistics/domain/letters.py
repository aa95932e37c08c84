"""Visa invitation letters: issued with a reference number, rendered from the passport data on demand."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.passports import log_for_guests, read_passports
from registrations.logistics.models import LetterSettings, PassportData, VisaLetter
from registrations.models import EventConfig, Registration


def letter_settings(config: EventConfig) -> LetterSettings:
    settings = LetterSettings.objects.filter(event=config).first()
    return settings or LetterSettings(event=config)


@transaction.atomic
def save_letter_settings(*, event: EventConfig, by=None, **fields) -> LetterSettings:
    settings, _created = LetterSettings.objects.update_or_create(event=event, defaults=fields)
    log(instance=settings, action="wagtail.edit", user=by)
    return settings


def default_prefix(config: EventConfig) -> str:
    return f"HNFAO-{timezone.localtime(config.event.start):%Y}-{config.pk:03d}"


@transaction.atomic
def issue_letters(*, event: EventConfig, registrations, by=None) -> tuple[list[VisaLetter], list[Registration]]:
    """A new letter, with the next reference number, for each guest who gave passport data.

    Returns the letters and the guests refused (no passport data). Numbers never repeat:
    the event's letter settings row is locked while they are counted out.
    """
    given = list(registrations)
    loaded = Registration.objects.select_related("person").in_bulk([r.pk for r in given])
    registrations = [loaded[r.pk] for r in given if r.pk in loaded]
    if any(r.event_id != event.pk for r in registrations):
        raise RegistrationError("wrong_event", _("Some of these guests are not registered for this event."))
    with_data = set(
        PassportData.objects.filter(registration__in=[r.pk for r in registrations]).values_list(
            "registration_id", flat=True
        )
    )
    ready = [r for r in registrations if r.pk in with_data]
    refused = [r for r in registrations if r.pk not in with_data]
    if not ready:
        return [], refused
    settings, _created = LetterSettings.objects.get_or_create(event=event)
    settings = LetterSettings.objects.select_for_update().get(pk=settings.pk)
    prefix = settings.reference_prefix or default_prefix(event)
    page = event.event
    start = settings.visit_start or timezone.localdate(page.start)
    end = settings.visit_end or timezone.localdate(page.end)
    if end < start:
        raise RegistrationError("visit_dates", _("The visit cannot end before it starts: correct the letter settings."))
    purpose_zh = settings.purpose_zh or f"参加{page.title}"
    purpose_en = settings.purpose_en or f"To attend {english_title(event)}"
    places_zh = settings.places_zh or "湖南省长沙市"
    places_en = settings.places_en or "Changsha, Hunan Province"
    letters = [
        VisaLetter(
            registration=registration,
            reference=f"{prefix}-{settings.last_number + i:04d}",
            issued_by=by if getattr(by, "pk", None) else None,
            visit_start=start,
            visit_end=end,
            purpose_zh=purpose_zh,
            purpose_en=purpose_en,
            places_zh=places_zh,
            places_en=places_en,
            costs=settings.costs,
        )
        for i, registration in enumerate(ready, start=1)
    ]
    settings.last_number += len(letters)
    settings.save(update_fields=["last_number"])
    VisaLetter.objects.bulk_create(letters)
    references = {letter.registration_id: letter.reference for letter in letters}
    log_for_guests(ready, action="logistics.letter_issued", by=by, data=lambda r: {"reference": references[r.pk]})
    return letters, refused


@transaction.atomic
def withdraw_letter(*, letter: VisaLetter, by=None) -> VisaLetter:
    """Mark a letter withdrawn (say, issued by mistake, or the guest no longer comes): never printed again."""
    letter = VisaLetter.objects.select_for_update().select_related("registration__person").get(pk=letter.pk)
    if letter.revoked_at is None:
        letter.revoked_at = timezone.now()
        letter.save(update_fields=["revoked_at"])
        log(
            instance=letter.registration,
            action="logistics.letter_withdrawn",
            user=by,
            data={"reference": letter.reference},
        )
    return letter


def english_title(config: EventConfig) -> str:
    page = config.event
    translated = page.get_translations().filter(locale__language_code="en").first()
    return translated.title if translated else page.title


def letters_pdf(*, event: EventConfig, letters, by) -> bytes:
    """One PDF of these letters, a page each, read from the guests' passport data (each read logged).

    A withdrawn letter, or one whose guest's passport data was purged or deleted, is refused.
    """
    from registrations.logistics.interfaces.letters import render_letters

    letters = [letter for letter in letters if letter.registration.event_id == event.pk]
    withdrawn = [letter.reference for letter in letters if letter.revoked_at]
    if withdrawn:
        raise RegistrationError(
            "withdrawn", _("Withdrawn letters cannot be printed: %(references)s") % {"references": ", ".join(withdrawn)}
        )
    passports = read_passports(
        event=event, registrations=[letter.registration for letter in letters], by=by, purpose="letter"
    )
    missing = [letter for letter in letters if letter.registration_id not in passports]
    if missing or not letters:
        raise RegistrationError(
            "no_passport_data",
            _("No passport data is kept for %(names)s any more: the letter cannot be printed.")
            % {"names": ", ".join(letter.registration.person.display_name for letter in missing) or "—"},
        )
    return render_letters(event=event, letters=letters, passports=passports)
