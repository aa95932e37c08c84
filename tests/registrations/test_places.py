"""Capacity, quotas and the waiting list, including many applicants racing for the last places."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from events.models import EventPage
from registrations.domain.actions import (
    accept_offer,
    answer_invitation,
    apply,
    cancel,
    decide,
    expire_offers,
    invite_guests,
)
from registrations.domain.errors import RegistrationError
from registrations.domain.events import config_for
from registrations.models import Message, Registration, Status
from tests.registrations.conftest import make_person

pytestmark = pytest.mark.django_db


def set_capacity(config, capacity, mode=EventPage.RegistrationMode.OPEN):
    EventPage.objects.filter(pk=config.event_id).update(capacity=capacity, registration_mode=mode)
    config.event.refresh_from_db()


def test_open_registration_confirms_until_full_then_waitlists(config, guest_category):
    set_capacity(config, 2)
    statuses = [apply(event=config, person=make_person(i), category=guest_category).status for i in range(4)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]
    positions = list(
        Registration.objects.filter(status=Status.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )
    assert positions == [1, 2]


def test_category_quota_is_respected_even_with_room_in_the_event(config, guest_category):
    guest_category.quota = 1
    guest_category.save()
    first = apply(event=config, person=make_person(1), category=guest_category)
    second = apply(event=config, person=make_person(2), category=guest_category)
    press = apply(event=config, person=make_person(3), category=config.categories.get(code="press"))
    assert (first.status, second.status, press.status) == (Status.CONFIRMED, Status.WAITLISTED, Status.CONFIRMED)


def test_cancelling_offers_the_place_to_the_first_in_line(config, guest_category):
    set_capacity(config, 1)
    holder = apply(event=config, person=make_person(1), category=guest_category)
    first = apply(event=config, person=make_person(2), category=guest_category)
    second = apply(event=config, person=make_person(3), category=guest_category)
    cancel(registration=holder)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.OFFERED
    assert second.status == Status.WAITLISTED
    assert first.offer_expires_at == pytest.approx(timezone.now() + timedelta(hours=48), abs=timedelta(minutes=1))
    assert Message.objects.filter(registration=first, kind="offer").count() == 1
    accept_offer(registration=first)
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED


def test_a_lapsed_offer_passes_to_the_next_in_line(config, guest_category):
    set_capacity(config, 1)
    holder = apply(event=config, person=make_person(1), category=guest_category)
    first = apply(event=config, person=make_person(2), category=guest_category)
    second = apply(event=config, person=make_person(3), category=guest_category)
    cancel(registration=holder)
    assert expire_offers(now=timezone.now() + timedelta(hours=49)) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert second.status == Status.OFFERED
    with pytest.raises(RegistrationError) as error:
        accept_offer(registration=first)
    assert error.value.code == "no_offer"


def test_approval_mode_keeps_applicants_pending_until_decided(config, guest_category):
    set_capacity(config, 5, EventPage.RegistrationMode.APPROVAL)
    registration = apply(event=config, person=make_person(1), category=guest_category)
    assert registration.status == Status.PENDING
    assert Message.objects.get(registration=registration).kind == "received"
    decide(registration=registration, approve=True)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    with pytest.raises(RegistrationError) as error:
        decide(registration=registration, approve=False)
    assert error.value.code == "not_pending"


def test_invitation_only_events_refuse_applications(config, guest_category):
    set_capacity(config, 5, EventPage.RegistrationMode.INVITATION)
    with pytest.raises(RegistrationError) as error:
        apply(event=config, person=make_person(1), category=guest_category)
    assert error.value.code == "invitation_only"
    assert Registration.objects.count() == 0


def test_closed_registration_is_refused(config, guest_category):
    EventPage.objects.filter(pk=config.event_id).update(registration_closes=timezone.now() - timedelta(hours=1))
    config.event.refresh_from_db()
    with pytest.raises(RegistrationError) as error:
        apply(event=config, person=make_person(1), category=guest_category)
    assert error.value.code == "closed"


def test_the_same_person_cannot_register_twice(config, guest_category):
    person = make_person(1)
    apply(event=config, person=person, category=guest_category)
    with pytest.raises(RegistrationError) as error:
        apply(event=config, person=person, category=guest_category)
    assert error.value.code == "already_registered"
    assert Registration.objects.count() == 1


def test_accepting_an_invitation_when_full_joins_the_waiting_list(config, guest_category):
    set_capacity(config, 1, EventPage.RegistrationMode.INVITATION)
    a, b = invite_guests(event=config, people=[make_person(1), make_person(2)], category=guest_category)
    assert answer_invitation(registration=a, accept=True).status == Status.ACCEPTED
    assert answer_invitation(registration=b, accept=True).status == Status.WAITLISTED
    answer_invitation(registration=a, accept=False)
    b.refresh_from_db()
    assert b.status == Status.OFFERED


def test_translations_share_one_set_of_registrations(forum_page, locales):
    english = forum_page.get_translation(locales["en"]).specific
    assert config_for(english).pk == config_for(forum_page).pk
    forum_page.unpublish()
    assert config_for(english).pk == config_for(forum_page).pk


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="the in-memory SQLite test database cannot take concurrent connections"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_applicants_race_for_the_last_three_places(config, guest_category):
    """Real threads, real connections: on PostgreSQL the row lock decides; nothing is oversold."""
    set_capacity(config, 10)
    for i in range(7):
        apply(event=config, person=make_person(100 + i), category=guest_category)
    people = [make_person(i) for i in range(20)]
    barrier = threading.Barrier(20)
    errors = []

    def applicant(person):
        try:
            barrier.wait(timeout=10)
            apply(event=config, person=person, category=guest_category)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=applicant, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    racers = Registration.objects.filter(person__in=people)
    assert racers.filter(status=Status.CONFIRMED).count() == 3
    assert racers.filter(status=Status.WAITLISTED).count() == 17
    assert Registration.objects.filter(event=config).holding_place().count() == 10
    positions = sorted(racers.filter(status=Status.WAITLISTED).values_list("waitlist_position", flat=True))
    assert positions == list(range(1, 18))


def test_inviting_records_history_audit_log_and_one_email_each(config, guest_category, django_user_model):
    from wagtail.models import ModelLogEntry

    organizer = django_user_model.objects.create_user("organizer")
    people = [make_person(i) for i in range(3)]
    invite_guests(event=config, people=people[:1], category=guest_category, by=organizer)
    invited = invite_guests(event=config, people=people, category=guest_category, by=organizer)
    assert [r.person for r in invited] == people[1:]
    assert Registration.objects.filter(event=config, status=Status.INVITED).count() == 3
    entries = ModelLogEntry.objects.filter(action="registrations.created")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        str(r.pk) for r in Registration.objects.filter(event=config)
    )
    assert set(entries.values_list("user", flat=True)) == {organizer.pk}
    assert Message.objects.filter(kind="invitation").count() == 3
    kinds = sorted(invited[0].activities.values_list("kind", flat=True))
    assert kinds == ["created", "invited"]
