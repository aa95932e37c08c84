"""Invitations, applications, answers and decisions about registrations."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from registrations.domain.errors import RegistrationError
from registrations.domain.messages import queue_message, queue_messages
from registrations.domain.places import has_room, join_waiting_list, locked, offer_freed_places
from registrations.models import Activity, Category, EventConfig, Person, Registration, Status


def _record(registration, kind, *, by=None, **detail):
    Activity.objects.create(registration=registration, kind=kind, by=by, detail=detail)
    if kind in (Activity.Kind.STATUS, Activity.Kind.ANSWERED, Activity.Kind.DETAILS, Activity.Kind.CREATED):
        log(instance=registration, action=f"registrations.{kind}", user=by, data=detail)


def _set_status(registration, status, *, by=None, **detail):
    registration.status = status
    registration.save()
    _record(registration, Activity.Kind.STATUS, by=by, status=status, **detail)


def _check_category(config: EventConfig, category: Category):
    if category.event_id != config.pk:
        raise RegistrationError("wrong_category", _("This category belongs to another event."))


@transaction.atomic
def invite_guests(*, event: EventConfig, people, category: Category, by=None) -> list[Registration]:
    """Invite each person who is not yet registered for the event; each gets an email in their language.

    Written in bulk: an organizer invites hundreds of guests from one spreadsheet.
    """
    _check_category(event, category)
    people = list(people)
    already = set(Registration.objects.filter(event=event, person__in=people).values_list("person_id", flat=True))
    invited = Registration.objects.bulk_create(
        Registration(event=event, person=person, category=category, status=Status.INVITED)
        for person in people
        if person.pk not in already
    )
    for registration, person in zip(invited, (p for p in people if p.pk not in already), strict=True):
        registration.person = person
    Activity.objects.bulk_create(
        Activity(registration=registration, kind=kind, by=by, detail=detail)
        for registration in invited
        for kind, detail in ((Activity.Kind.CREATED, {"status": Status.INVITED}), (Activity.Kind.INVITED, {}))
    )
    _log_in_bulk(invited, "registrations.created", by, {"status": Status.INVITED})
    queue_messages(invited, "invitation")
    return invited


def _log_in_bulk(registrations, action, by, data):
    """Wagtail's audit log, one entry per registration, in one statement."""
    if not registrations:
        return
    content_type = ContentType.objects.get_for_model(Registration)
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            label=str(registration.person),
            action=action,
            data=data,
            user=by,
            object_id=str(registration.pk),
            timestamp=now,
        )
        for registration in registrations
    )


@transaction.atomic
def remind(*, registrations, by=None) -> int:
    """Remind guests who have not answered their invitation yet."""
    count = 0
    for registration in registrations:
        if registration.status != Status.INVITED:
            continue
        queue_message(registration, "reminder")
        _record(registration, Activity.Kind.REMINDED, by=by)
        count += 1
    return count


def _answerable(registration: Registration):
    deadline = registration.event.rsvp_deadline
    if deadline and timezone.now() > deadline:
        raise RegistrationError("deadline_passed", _("The deadline for answering this invitation has passed."))


@transaction.atomic
def answer_invitation(*, registration: Registration, accept: bool, answers=None, by=None) -> Registration:
    """The guest (or an organizer on their behalf) accepts or declines.

    Accepting takes a place; when none is left the guest joins the waiting list.
    """
    config = locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if by is None:
        _answerable(registration)
    if registration.status not in (Status.INVITED, Status.ACCEPTED, Status.DECLINED):
        raise RegistrationError("not_invited", _("This invitation can no longer be answered here."))
    if answers is not None:
        registration.answers = answers
    registration.responded_at = timezone.now()
    before = registration.status
    if not accept:
        registration.status = Status.DECLINED
        registration.save()
        _record(registration, Activity.Kind.ANSWERED, by=by, accept=False)
        if before == Status.ACCEPTED:
            offer_freed_places(config, by=by)
        queue_message(registration, "declined")
        return registration
    if before == Status.ACCEPTED:
        registration.save()
    elif has_room(config, registration.category):
        registration.status = Status.ACCEPTED
        registration.save()
        queue_message(registration, "confirmation")
    else:
        join_waiting_list(registration)
        registration.save()
        queue_message(registration, "waitlisted")
    _record(registration, Activity.Kind.ANSWERED, by=by, accept=True, status=registration.status)
    return registration


@transaction.atomic
def nominate_substitute(*, registration: Registration, substitute: Person, by=None) -> Registration:
    """An invited guest who cannot come names someone else, who awaits the organizers' approval."""
    config = locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if by is None:
        _answerable(registration)
    if registration.status not in (Status.INVITED, Status.ACCEPTED):
        raise RegistrationError("not_invited", _("This invitation can no longer be answered here."))
    if Registration.objects.filter(event=config, person=substitute).exists():
        raise RegistrationError("already_registered", _("This person is already registered for the event."))
    freed = registration.status == Status.ACCEPTED
    _set_status(registration, Status.REPLACED, by=by)
    replacement = Registration.objects.create(
        event=config,
        person=substitute,
        category=registration.category,
        delegation=registration.delegation,
        status=Status.PENDING,
        substitute_for=registration,
    )
    _record(replacement, Activity.Kind.CREATED, by=by, status=Status.PENDING, substitute_for=registration.pk)
    if freed:
        offer_freed_places(config, by=by)
    return replacement


@transaction.atomic
def apply(*, event: EventConfig, person: Person, category: Category, answers=None) -> Registration:
    """Open registration: take a place (confirmed, or pending approval) or join the waiting list."""
    config = locked(event)
    _check_category(config, category)
    page = config.event
    now = timezone.now()
    if page.registration_mode == page.RegistrationMode.INVITATION:
        raise RegistrationError("invitation_only", _("This event is by invitation only."))
    if page.registration_opens and now < page.registration_opens:
        raise RegistrationError("not_open", _("Registration has not opened yet."))
    if (page.registration_closes and now > page.registration_closes) or now > page.end:
        raise RegistrationError("closed", _("Registration for this event has closed."))
    if person.pk is None:
        person.save()
    registration = Registration(event=config, person=person, category=category, answers=answers or {})
    if not has_room(config, category):
        join_waiting_list(registration)
    elif page.registration_mode == page.RegistrationMode.APPROVAL:
        registration.status = Status.PENDING
    else:
        registration.status = Status.CONFIRMED
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise RegistrationError("already_registered", _("This person is already registered for the event.")) from None
    _record(registration, Activity.Kind.CREATED, status=registration.status)
    queue_message(
        registration,
        {Status.CONFIRMED: "confirmation", Status.PENDING: "received"}.get(registration.status, "waitlisted"),
    )
    return registration


@transaction.atomic
def decide(*, registration: Registration, approve: bool, by=None) -> Registration:
    """An organizer approves or rejects an application or a substitute."""
    config = locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.PENDING:
        raise RegistrationError("not_pending", _("Only registrations awaiting approval can be approved or rejected."))
    if approve:
        _set_status(registration, Status.CONFIRMED, by=by)
        queue_message(registration, "confirmation")
    else:
        _set_status(registration, Status.REJECTED, by=by)
        queue_message(registration, "rejection")
        offer_freed_places(config, by=by)
    return registration


@transaction.atomic
def cancel(*, registration: Registration, by=None, notify: bool = True) -> Registration:
    """Cancel a registration; its place goes to the waiting list."""
    config = locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status in (Status.CANCELLED, Status.REPLACED, Status.REJECTED, Status.DECLINED):
        raise RegistrationError("not_active", _("This registration is no longer active."))
    freed = registration.holds_place
    _set_status(registration, Status.CANCELLED, by=by)
    if notify:
        queue_message(registration, "cancelled")
    if freed:
        offer_freed_places(config, by=by)
    return registration


@transaction.atomic
def accept_offer(*, registration: Registration) -> Registration:
    """A guest on the waiting list takes the place offered to them, before the offer lapses."""
    locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.OFFERED:
        raise RegistrationError("no_offer", _("There is no place on offer for this registration."))
    if registration.offer_expires_at and registration.offer_expires_at < timezone.now():
        raise RegistrationError("offer_expired", _("The offer of a place has expired."))
    registration.offer_expires_at = None
    registration.waitlist_position = None
    _set_status(registration, Status.CONFIRMED)
    queue_message(registration, "confirmation")
    return registration


def expire_offers(*, now=None) -> int:
    """Lapsed offers are withdrawn and the place passes to the next in line. Run on a schedule."""
    now = now or timezone.now()
    lapsed = Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lt=now)
    count = 0
    for config_id in set(lapsed.values_list("event_id", flat=True)):
        with transaction.atomic():
            config = locked(EventConfig(pk=config_id))
            for registration in lapsed.filter(event=config).select_for_update():
                _set_status(registration, Status.CANCELLED, reason="offer_lapsed")
                count += 1
            offer_freed_places(config)
    return count


@transaction.atomic
def change_category(*, registrations, category: Category, by=None) -> int:
    count = 0
    for registration in registrations:
        _check_category(registration.event, category)
        if registration.category_id != category.pk:
            registration.category = category
            registration.save(update_fields=["category", "updated_at"])
            _record(registration, Activity.Kind.DETAILS, by=by, category=category.code)
            count += 1
    return count
