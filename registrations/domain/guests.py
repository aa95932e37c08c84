"""What guests do themselves, through their personal link or the public application form."""

import hashlib
from datetime import datetime, time

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from registrations.domain.actions import _answerable, _record, _set_status, apply, nominate_substitute
from registrations.domain.errors import RegistrationError
from registrations.models import Activity, Category, Delegation, EventConfig, Person, Registration, Status

# Categories anyone may choose on the public form. VIPs, officials, delegation members,
# speakers and staff are placed by the organizers, by protocol, never by self-service.
PUBLIC_CATEGORY_CODES = ("guest", "press", "contestant")

# A guest's details as they may correct them on their personal page.
DETAIL_FIELDS = ("organisation", "position", "email", "phone", "language")
# A member's details as their delegation's head or liaison may correct them.
MEMBER_FIELDS = ("organisation", "position", "email", "phone")
# What a guest or applicant tells us about a new person.
PERSON_FIELDS = tuple(field for field in Person.DIRECTORY_FIELDS if field != "notes")

ANSWER, DETAILS, SUBSTITUTE, OFFER = "answer", "details", "substitute", "offer"
# Actions that close with the event's RSVP deadline; taking an offered place has its own expiry.
UNTIL_DEADLINE = (ANSWER, DETAILS, SUBSTITUTE)
INACTIVE = (Status.CANCELLED, Status.REPLACED, Status.REJECTED)


def deadline_passed(registration: Registration, *, now=None) -> bool:
    deadline = registration.event.rsvp_deadline
    return bool(deadline and (now or timezone.now()) > deadline)


def allowed_actions(registration: Registration, *, now=None) -> set[str]:
    """What the guest may do on their personal page right now."""
    now = now or timezone.now()
    status = registration.status
    actions = set()
    if not deadline_passed(registration, now=now):
        if status in (Status.INVITED, Status.ACCEPTED, Status.DECLINED):
            actions.add(ANSWER)
        if status in (Status.INVITED, Status.ACCEPTED):
            actions.add(SUBSTITUTE)
        if status not in INACTIVE:
            actions.add(DETAILS)
    if status == Status.OFFERED and not (registration.offer_expires_at and registration.offer_expires_at < now):
        actions.add(OFFER)
    return actions


def ensure_allowed(*, registration: Registration, action: str) -> None:
    """Refuse, with the reason, an action the guest may not take now."""
    if action in allowed_actions(registration):
        return
    if action in UNTIL_DEADLINE:
        _answerable(registration)  # raises deadline_passed
        if action == DETAILS:
            raise RegistrationError("not_active", _("This registration is no longer active."))
        raise RegistrationError("not_invited", _("This invitation can no longer be answered here."))
    if action == OFFER and registration.status == Status.OFFERED:
        raise RegistrationError("offer_expired", _("The offer of a place has expired."))
    if action == OFFER:
        raise RegistrationError("no_offer", _("There is no place on offer for this registration."))
    raise RegistrationError("unknown_action", _("This action is not available."))


def record_opened(*, registration: Registration) -> bool:
    """Note that the guest opened their personal page: once a day at most, to keep the history readable."""
    today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    if registration.activities.filter(kind=Activity.Kind.OPENED, at__gte=today).exists():
        return False
    _record(registration, Activity.Kind.OPENED)
    return True


@transaction.atomic
def update_details(*, registration: Registration, by=None, **fields) -> Registration:
    """The guest corrects their own contact details (shared with every event they attend)."""
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"update_details() cannot change {', '.join(sorted(unknown))}")
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if by is None:
        _answerable(registration)
    if registration.status in INACTIVE:
        raise RegistrationError("not_active", _("This registration is no longer active."))
    _change_details(registration, fields, by=by)
    return registration


# Statuses that lose the organizers' approval when the details change, if the event asks for it.
APPROVED = (Status.CONFIRMED, Status.ACCEPTED)


def _change_details(registration: Registration, fields: dict, *, by=None, **detail) -> list[str]:
    """Save the person's changed fields, record them, and ask for approval again if the event wants it."""
    person = Person.objects.select_for_update().get(pk=registration.person_id)
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    if not changed:
        return changed
    for name in changed:
        setattr(person, name, fields[name])
    person.save(update_fields=[*changed, "updated_at"])
    # Names of the fields only: the audit log is no second copy of a guest's contact data.
    _record(registration, Activity.Kind.DETAILS, by=by, fields=sorted(changed), **detail)
    if registration.event.changes_need_approval and registration.status in APPROVED:
        _set_status(registration, Status.PENDING, by=by, reason="changed_after_confirmation", **detail)
    return changed


def contact_delegations(registration: Registration):
    """The delegations this registration leads or looks after, as head or liaison."""
    return Delegation.objects.filter(
        models.Q(head_id=registration.pk) | models.Q(liaison_id=registration.pk), event_id=registration.event_id
    )


@transaction.atomic
def update_member_details(*, by_registration: Registration, member: Registration, **fields) -> Registration:
    """A delegation's head or liaison corrects a member's contact details, through their own personal link."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"update_member_details() cannot change {', '.join(sorted(unknown))}")
    by_registration = Registration.objects.select_related("event").get(pk=by_registration.pk)
    member = Registration.objects.select_for_update().select_related("event").filter(pk=member.pk).first()
    if member is None or not member.delegation_id or member.event_id != by_registration.event_id:
        raise RegistrationError("not_member", _("This person is not a member of your delegation."))
    if not contact_delegations(by_registration).filter(pk=member.delegation_id).exists():
        raise RegistrationError("not_member", _("This person is not a member of your delegation."))
    _answerable(by_registration)
    if by_registration.status in INACTIVE:
        raise RegistrationError("not_active", _("This registration is no longer active."))
    if member.status in INACTIVE:
        raise RegistrationError("member_not_active", _("This member's registration is no longer active."))
    _change_details(member, fields, by_delegation_contact=by_registration.pk)
    return member


def find_or_new_person(*, email: str, **fields) -> Person:
    """The directory's person with this email (any letter case), or a new, unsaved one.

    An existing person is never changed from a public form: whoever types an address
    must not be able to rewrite somebody else's directory entry.
    """
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {', '.join(sorted(unknown))}")
    existing = Person.objects.filter(email__iexact=email).order_by("pk").first() if email else None
    return existing or Person(email=email, **fields)


@transaction.atomic
def nominate_new_substitute(*, registration: Registration, by=None, **person_fields) -> Registration:
    """An invited guest names who comes instead: found in the directory by email, or added to it."""
    substitute = find_or_new_person(**person_fields)
    if substitute.pk is None:
        substitute.save()
    return nominate_substitute(registration=registration, substitute=substitute, by=by)


@transaction.atomic
def apply_with_details(*, event: EventConfig, category: Category, answers=None, **person_fields) -> Registration:
    """A member of the public applies with the public form, consenting to the processing of their data.

    Nothing is written when the application is refused.
    """
    person = find_or_new_person(**person_fields)
    registration = apply(event=event, person=person, category=category, answers=answers)
    _record(registration, Activity.Kind.DETAILS, consent="data_processing", language=get_language() or "")
    return registration


def application_refusal(config: EventConfig) -> RegistrationError | None:
    """Why the public form cannot take applications for this event now, or None if it can.

    The rules `apply` enforces, asked in advance, so the form can say so before anyone fills it in.
    """
    page = config.event
    now = timezone.now()
    if page.registration_mode == page.RegistrationMode.INVITATION:
        return RegistrationError("invitation_only", _("This event is by invitation only."))
    if page.registration_opens and now < page.registration_opens:
        return RegistrationError("not_open", _("Registration has not opened yet."))
    if (page.registration_closes and now > page.registration_closes) or now > page.end:
        return RegistrationError("closed", _("Registration for this event has closed."))
    if not public_categories(config).exists():
        return RegistrationError(
            "no_public_category", _("This event takes no applications online. Please contact the organizers.")
        )
    return None


def public_categories(config: EventConfig):
    return config.categories.filter(code__in=PUBLIC_CATEGORY_CODES)


def questions_for(config: EventConfig, categories=None) -> list:
    """The event's questions asked of everyone or of any of `categories` (all questions when None)."""
    questions = list(config.questions.prefetch_related("categories"))
    if categories is None:
        return questions
    wanted = {category.pk for category in categories}
    return [q for q in questions if not q.categories.all() or wanted & {c.pk for c in q.categories.all()}]


def waiting_list_rank(registration: Registration) -> int | None:
    """The guest's place in line: 1 is next. Positions are never reused, so count who is still ahead."""
    if registration.status != Status.WAITLISTED or registration.waitlist_position is None:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Status.WAITLISTED, waitlist_position__lt=registration.waitlist_position
    ).count()
    return ahead + 1


def reference(registration: Registration) -> str:
    """A short, stable reference the guest can quote on the phone; it reveals nothing of the token."""
    return hashlib.sha256(registration.token.encode()).hexdigest()[:8].upper()
