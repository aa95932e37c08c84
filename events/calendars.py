"""iCalendar files: one event with its sessions, and feeds of upcoming events.

UIDs come from translation keys, so the Chinese and English calendars of an
event describe the same VEVENTs and a calendar app never shows them twice.
Times are written in Asia/Shanghai with its VTIMEZONE, as the venue lives them.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils.html import strip_tags
from django.utils.text import slugify
from icalendar import Calendar, Event

from events.localize import localized_map

PRODID = "-//Hunan Foreign Affairs Office//Events//EN"
VENUE_TIME = ZoneInfo(settings.TIME_ZONE)


def _local(moment):
    return moment.astimezone(VENUE_TIME)


def _uid(kind: str, key) -> str:
    return f"{kind}-{key}@{settings.ICAL_UID_DOMAIN}"


def _event_components(request, page, venue, *, with_sessions: bool) -> list[Event]:
    url = page.get_full_url(request)
    stamp = page.last_published_at or page.latest_revision_created_at or page.start
    components = [
        Event.new(
            uid=_uid("event", page.translation_key),
            start=_local(page.start),
            end=_local(page.end),
            summary=page.title,
            description=f"{page.summary}\n\n{url}",
            url=url,
            location=venue.location if venue else None,
            stamp=stamp,
            last_modified=stamp,
        )
    ]
    if with_sessions:
        for session in page.agenda():
            where = ", ".join(x for x in (str(session.local_room or ""), venue.location if venue else "") if x)
            lines = (
                strip_tags(session.description).strip(),
                ", ".join(s.name for s in session.local_speakers),
                url,
            )
            components.append(
                Event.new(
                    uid=_uid("session", session.translation_key),
                    start=_local(session.start),
                    end=_local(session.end),
                    summary=f"{session.title} · {page.title}",
                    description="\n".join(line for line in lines if line),
                    location=where or None,
                    url=url,
                    related_to=_uid("event", page.translation_key),
                    stamp=stamp,
                )
            )
    return components


def _response(name: str, language: str, components: list[Event], filename: str) -> HttpResponse:
    cal = Calendar.new(
        prodid=PRODID, name=name, language=language, refresh_interval=timedelta(hours=6), subcomponents=components
    )
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add_missing_timezones()
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_response(request, page) -> HttpResponse:
    """The event and each of its sessions, in the page's language."""
    venue = localized_map([page.venue], page.locale).get(page.venue_id)
    components = _event_components(request, page, venue, with_sessions=True)
    return _response(page.title, page.locale.language_code, components, f"{page.slug}.ics")


def feed_response(request, events, *, name: str, locale) -> HttpResponse:
    """Upcoming events, without their sessions, for a calendar subscription."""
    events = list(events.select_related("venue"))
    venues = localized_map([e.venue for e in events], locale)
    components = [
        component
        for page in events
        for component in _event_components(request, page, venues.get(page.venue_id), with_sessions=False)
    ]
    return _response(name, locale.language_code, components, f"{slugify(name) or 'events'}.ics")
