"""Capacity, quotas and the waiting list.

Every decision that takes or frees a place runs inside `locked(config)`: it holds the
event's settings row for update, so two applicants can never both take the last place
(PostgreSQL row lock; SQLite takes its write lock as the transaction starts).
"""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from registrations.models import Activity, EventConfig, Registration, Status


def locked(config: EventConfig) -> EventConfig:
    """Lock the event for the rest of the current transaction."""
    return EventConfig.objects.select_for_update().select_related("event").get(pk=config.pk)


def has_room(config: EventConfig, category) -> bool:
    """Whether one more guest of this category fits the event's capacity and the category's quota."""
    taken = Registration.objects.filter(event=config).holding_place()
    capacity = config.event.capacity
    if capacity is not None and taken.count() >= capacity:
        return False
    return category.quota is None or taken.filter(category=category).count() < category.quota


def join_waiting_list(registration: Registration) -> None:
    last = Registration.objects.filter(event=registration.event).aggregate(m=Max("waitlist_position"))["m"] or 0
    registration.status = Status.WAITLISTED
    registration.waitlist_position = last + 1
    registration.offer_expires_at = None


def offer_freed_places(config: EventConfig, *, by=None) -> list[Registration]:
    """Offer places to the waiting list, in order, while there is room. Call with the event locked."""
    from registrations.domain.messages import queue_message

    offered = []
    waiting = Registration.objects.filter(event=config, status=Status.WAITLISTED).select_related("category", "person")
    for registration in waiting.order_by("waitlist_position", "pk"):
        if not has_room(config, registration.category):
            if config.event.capacity is not None and not has_room_at_all(config):
                break
            continue  # this category is full; someone further down may fit another one
        registration.status = Status.OFFERED
        registration.offer_expires_at = timezone.now() + timedelta(hours=config.offer_hours)
        registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
        Activity.objects.create(
            registration=registration, kind=Activity.Kind.STATUS, by=by, detail={"status": Status.OFFERED}
        )
        queue_message(registration, "offer")
        offered.append(registration)
    return offered


def has_room_at_all(config: EventConfig) -> bool:
    capacity = config.event.capacity
    return capacity is None or Registration.objects.filter(event=config).holding_place().count() < capacity
