"""Who gets a pass shown, emailed and printed; which badges a print run holds, in what order; reprints.

A pass is shown only to an attending guest whose pass is not revoked: a declined or
cancelled guest has none, and a revoked pass is refused at every gate, so printing or
sending it would only mislead.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.checkin.models import Pass
from registrations.domain.errors import RegistrationError
from registrations.models import ATTENDING, Category, Delegation, EventConfig, Registration

BY_DELEGATION = "delegation"
BY_NAME = "name"
ORDERS = (BY_DELEGATION, BY_NAME)
# The formats a badge is printed in (registrations.checkin.interfaces.badges).
CR80 = "cr80"
A6 = "a6"
SIZES = (CR80, A6)


class BadgeError(RegistrationError):
    """A badge that cannot be printed: `not_attending`, `pass_revoked`, `bad_size`, `bad_order`, `nothing_to_print`."""


@dataclass(frozen=True)
class PassState:
    shown: bool  # the QR may be shown, sent and printed
    revoked: bool  # attending, but the pass was revoked: say so instead of showing it
    reason: str = ""


NO_PASS = PassState(shown=False, revoked=False)


def pass_state(registration: Registration) -> PassState:
    """Whether the registration's QR pass may be shown (attending, pass not revoked)."""
    if registration.status not in ATTENDING:
        return NO_PASS
    current = Pass.objects.filter(registration=registration).only("revoked_at", "revoked_reason").first()
    if current is not None and current.revoked_at is not None:
        return PassState(shown=False, revoked=True, reason=current.revoked_reason)
    return PassState(shown=True, revoked=False)


def _name_order():
    # Latin letters first where the directory has them, as the guest list sorts: 张 among the Z's.
    return (
        Coalesce(NullIf("person__romanised_family_name", Value("")), "person__family_name"),
        Coalesce(NullIf("person__romanised_given_name", Value("")), "person__given_name"),
    )


def badge_registrations(
    *,
    config: EventConfig,
    order: str = BY_DELEGATION,
    category: Category | None = None,
    delegation: Delegation | None = None,
    ids=None,
) -> list[Registration]:
    """The attending guests of a print run, whose pass is not revoked, sorted by delegation
    (then name; guests of no delegation last) or by name. `ids` narrows it to a selection."""
    if order not in ORDERS:
        raise BadgeError("bad_order", _("Sort the badges by delegation or by name."))
    queryset = (
        Registration.objects.filter(event=config, status__in=ATTENDING)
        .exclude(checkin_pass__revoked_at__isnull=False)
        .select_related("person", "category", "delegation")
    )
    if category is not None:
        queryset = queryset.filter(category=category)
    if delegation is not None:
        queryset = queryset.filter(delegation=delegation)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    family, given = _name_order()
    queryset = queryset.annotate(_family=family, _given=given)
    names = [F("_family").asc(), F("_given").asc(), "pk"]
    if order == BY_DELEGATION:
        queryset = queryset.order_by(F("delegation__name").asc(nulls_last=True), "delegation_id", *names)
    else:
        queryset = queryset.order_by(*names)
    return list(queryset)


def check_size(size: str) -> str:
    if size not in SIZES:
        raise BadgeError("bad_size", _("Choose a badge size: CR80 card or A6."))
    return size


def reprint_badge(*, registration: Registration, size: str, by=None) -> bytes:
    """One guest's badge, printed again at the desk, recorded in their audit log.

    Refused for a guest who is not attending or whose pass is revoked (re-issue it first).
    Nothing is logged unless the PDF was made.
    """
    from registrations.checkin.interfaces.badges import badges_pdf

    check_size(size)
    state = pass_state(registration)
    if state.revoked:
        raise BadgeError("pass_revoked", _("This guest's pass is revoked: re-issue the pass before printing a badge."))
    if not state.shown:
        raise BadgeError("not_attending", _("Only an attending guest has a badge."))
    pdf = badges_pdf(registration.event, [registration], size=size)
    with transaction.atomic():
        log(instance=registration, action="checkin.badge_reprinted", user=by, data={"size": size})
    return pdf


def print_badges(
    *,
    config: EventConfig,
    size: str,
    order: str = BY_DELEGATION,
    category: Category | None = None,
    delegation: Delegation | None = None,
    ids=None,
) -> tuple[bytes, int]:
    """A print run as one PDF, and how many badges it holds. Refused when it would be empty."""
    from registrations.checkin.interfaces.badges import badges_pdf

    check_size(size)
    for chosen in (category, delegation):
        if chosen is not None and chosen.event_id != config.pk:
            raise BadgeError("other_event", _("That belongs to another event."))
    registrations = badge_registrations(config=config, order=order, category=category, delegation=delegation, ids=ids)
    if not registrations:
        raise BadgeError("nothing_to_print", _("No attending guest with a valid pass matches this choice."))
    return badges_pdf(config, registrations, size=size), len(registrations)
