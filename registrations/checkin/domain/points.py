"""Check-in points: made, changed and deleted in the back office."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from events.models import EventSession
from registrations.checkin.models import CheckinPoint
from registrations.domain.errors import RegistrationError
from registrations.models import EventConfig


def event_sessions(config: EventConfig):
    """The sessions a point of the event may belong to: those of the event's page (the source translation)."""
    return EventSession.objects.filter(page_id=config.event_id).order_by("start", "pk")


@transaction.atomic
def save_point(
    *,
    config: EventConfig,
    point: CheckinPoint | None = None,
    name_zh: str,
    name_en: str,
    direction: str = CheckinPoint.Direction.ENTRY,
    session=None,
    categories=(),
    opens=None,
    closes=None,
    multiple_entry: bool = False,
    entry_after_exit: bool = True,
    by=None,
) -> CheckinPoint:
    """Create or change a point; every reference must be of this event, and it must open before it closes."""
    if point is not None and point.event_id != config.pk:
        raise RegistrationError("wrong_event", _("This belongs to another event."))
    name_zh, name_en = (name_zh or "").strip(), (name_en or "").strip()
    if not name_zh or not name_en:
        raise RegistrationError("needs_name", _("Give the point a name in Chinese and in English."))
    if direction not in CheckinPoint.Direction.values:
        raise RegistrationError("bad_direction", _("Choose entry or exit."))
    if session is not None and not event_sessions(config).filter(pk=session.pk).exists():
        raise RegistrationError("wrong_session", _("This session belongs to another event."))
    categories = list(categories)
    if any(category.event_id != config.pk for category in categories):
        raise RegistrationError("wrong_category", _("This category belongs to another event."))
    if opens is not None and closes is not None and opens >= closes:
        raise RegistrationError("bad_window", _("The point must open before it closes."))
    creating = point is None
    point = point or CheckinPoint(event=config)
    point.name_zh, point.name_en, point.direction, point.session = name_zh[:100], name_en[:100], direction, session
    point.opens, point.closes = opens, closes
    point.multiple_entry, point.entry_after_exit = bool(multiple_entry), bool(entry_after_exit)
    point.save()
    point.categories.set(categories)
    log(
        instance=point,
        action="wagtail.create" if creating else "wagtail.edit",
        user=by,
        data={"categories": sorted(c.code for c in categories)},
    )
    return point


@transaction.atomic
def delete_point(*, point: CheckinPoint, by=None) -> None:
    """Only a point nobody used: its scans are the record of who came in, its devices would go with it."""
    if point.scans.exists():
        raise RegistrationError(
            "point_in_use", _("%(point)s has scans on record: it cannot be deleted.") % {"point": point.name}
        )
    if point.devices.exists():
        raise RegistrationError(
            "point_has_devices",
            _("%(point)s has devices: give them another point or delete them first.") % {"point": point.name},
        )
    log(instance=point, action="wagtail.delete", user=by)
    point.delete()
