"""Protocol precedence: the order in which an event's guests are honoured, seated and listed.

By protocol class (1 first; unclassed last), then the order within the class (unset
last), then the event's tie-breaker — the date of taking office, earlier first, or the
country's name in Chinese (pinyin or strokes) or in English — then the name.
"""

import functools
import unicodedata
from datetime import date

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from pypinyin import Style, lazy_pinyin
from wagtail.log_actions import log

from registrations.domain.errors import RegistrationError
from registrations.logistics.models import ProtocolDetails, ProtocolRules
from registrations.logistics.strokes import STROKES
from registrations.models import ATTENDING, EventConfig, Registration

TieBreaker = ProtocolRules.TieBreaker
LAST = 10**9
UNKNOWN_STROKES = 99


def rules_for(config: EventConfig) -> ProtocolRules:
    rules = getattr(config, "_protocol_rules", None)
    if rules is None:
        rules = ProtocolRules.objects.filter(event=config).first() or ProtocolRules(event=config)
        config._protocol_rules = rules
    return rules


def _country_name(code: str, language: str) -> str:
    with translation.override(language):
        return str(countries.name(code)) if code else ""


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


@functools.lru_cache(maxsize=1024)
def country_key(code: str, tie_breaker: str) -> tuple:
    """How a country sorts under the tie-breaker; no country sorts last."""
    if not code:
        return (1,)
    if tie_breaker == TieBreaker.COUNTRY_EN:
        return (0, _plain(_country_name(code, "en")))
    name = _country_name(code, "zh-hans")
    pinyin = tuple(lazy_pinyin(name, style=Style.TONE3))
    if tie_breaker == TieBreaker.COUNTRY_STROKES:
        return (0, tuple(STROKES.get(char, UNKNOWN_STROKES) for char in name), pinyin)
    return (0, pinyin)


def precedence_key(registration: Registration, tie_breaker: str, took_office: dict[int, date]) -> tuple:
    person = registration.person
    if tie_breaker == TieBreaker.TOOK_OFFICE:
        day = took_office.get(registration.pk)
        tie = (0, day.toordinal()) if day else (1,)
    else:
        tie = country_key(person.country.code, tie_breaker)
    return (
        LAST if registration.protocol_class is None else registration.protocol_class,
        LAST if registration.protocol_order is None else registration.protocol_order,
        tie,
        _plain(person.romanised_name),
        registration.pk,
    )


def in_precedence(config: EventConfig, registrations) -> list[Registration]:
    """The registrations (with their person loaded) in the event's order of precedence."""
    registrations = list(registrations)
    rules = rules_for(config)
    took_office = {}
    if rules.tie_breaker == TieBreaker.TOOK_OFFICE:
        took_office = dict(
            ProtocolDetails.objects.filter(
                registration__in=[r.pk for r in registrations], took_office_on__isnull=False
            ).values_list("registration_id", "took_office_on")
        )
    keys = {r.pk: precedence_key(r, rules.tie_breaker, took_office) for r in registrations}
    return sorted(registrations, key=lambda r: keys[r.pk])


def attending(config: EventConfig):
    return (
        Registration.objects.filter(event=config, status__in=ATTENDING)
        .select_related("person", "delegation", "category")
        .order_by("pk")
    )


def attending_in_precedence(config: EventConfig) -> list[Registration]:
    return in_precedence(config, attending(config))


@transaction.atomic
def set_rules(*, event: EventConfig, tie_breaker: str, by=None) -> ProtocolRules:
    if tie_breaker not in TieBreaker.values:
        raise RegistrationError("unknown_tie_breaker", _("Choose how guests of the same rank are ordered."))
    rules, _created = ProtocolRules.objects.update_or_create(event=event, defaults={"tie_breaker": tie_breaker})
    event._protocol_rules = rules
    log(instance=rules, action="wagtail.edit", user=by, data={"tie_breaker": tie_breaker})
    return rules


@transaction.atomic
def set_ranks(*, event: EventConfig, ranks: dict[int, dict], by=None) -> int:
    """Save each guest's protocol class, order and date of taking office; return how many changed.

    `ranks` maps a registration id of the event to {"protocol_class", "protocol_order", "took_office_on"}.
    """
    registrations = {r.pk: r for r in Registration.objects.select_for_update().filter(event=event, pk__in=list(ranks))}
    if set(ranks) - set(registrations):
        raise RegistrationError("wrong_event", _("Some of these guests are not registered for this event."))
    details = {d.registration_id: d for d in ProtocolDetails.objects.filter(registration__in=list(registrations))}
    changed_registrations, changed_details, new_details = [], [], []
    for pk, wanted in ranks.items():
        registration = registrations[pk]
        before = (registration.protocol_class, registration.protocol_order)
        after = (wanted.get("protocol_class"), wanted.get("protocol_order"))
        if before != after:
            registration.protocol_class, registration.protocol_order = after
            changed_registrations.append(registration)
        took_office = wanted.get("took_office_on")
        detail = details.get(pk)
        if detail is None and took_office:
            new_details.append(ProtocolDetails(registration_id=pk, took_office_on=took_office))
        elif detail is not None and detail.took_office_on != took_office:
            detail.took_office_on = took_office
            changed_details.append(detail)
    Registration.objects.bulk_update(changed_registrations, ["protocol_class", "protocol_order"])
    ProtocolDetails.objects.bulk_update(changed_details, ["took_office_on"])
    ProtocolDetails.objects.bulk_create(new_details)
    touched = {r.pk for r in changed_registrations} | {d.registration_id for d in changed_details + new_details}
    for pk in sorted(touched):
        registration = registrations[pk]
        log(
            instance=registration,
            action="logistics.rank",
            user=by,
            data={
                "protocol_class": registration.protocol_class,
                "protocol_order": registration.protocol_order,
                "took_office_on": str(ranks[pk].get("took_office_on") or ""),
            },
        )
    return len(touched)
