"""A guest's itinerary as an iCalendar file: each item a VEVENT in Beijing time, with a stable UID."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from events.calendars import PRODID, VENUE_TIME


def itinerary_ics(items, *, name: str, language: str) -> bytes:
    """The items as a calendar; times in Asia/Shanghai with its VTIMEZONE, so calendar apps show the local hour."""
    stamp = timezone.now()
    components = [
        Event.new(
            uid=item.uid,
            start=item.start.astimezone(VENUE_TIME),
            end=item.end.astimezone(VENUE_TIME) if item.end else None,
            summary=item.title,
            location=item.place or None,
            description=item.detail or None,
            stamp=stamp,
        )
        for item in items
    ]
    cal = Calendar.new(prodid=PRODID, name=name, language=language, subcomponents=components)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add_missing_timezones()
    return cal.to_ical()
