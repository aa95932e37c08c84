"""The guest's itinerary: on the pass, as an .ics (read by icalendar and by vobject), for staff, and from hooks."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
import vobject
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from registrations.domain.actions import cancel
from registrations.logistics.domain.hotels import assign_room, save_block, save_hotel
from registrations.logistics.domain.itinerary import ItineraryItem, itinerary
from registrations.logistics.domain.transfers import plan_trip, save_vehicle
from registrations.logistics.domain.travel import save_travel
from tests.conftest import SHANGHAI
from tests.logistics.conftest import at, attending, first_day, journey
from tests.registrations.test_backoffice import superuser  # noqa: F401
from tests.registrations.test_guest_pages import pass_url, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest(event, airport, forum_page):
    """A guest with two sessions, an arrival, a pickup, two nights in a shared room, and a departure."""
    from events.models import EventSession

    for i, (zh, en) in enumerate((("开幕式", "Opening"), ("欢迎宴会", "Welcome banquet"))):
        zh_session = EventSession.objects.create(
            page=forum_page, locale=forum_page.locale, title=zh, start=at(event, 0, f"{10 + 8 * i}:00"),
            end=at(event, 0, f"{11 + 8 * i}:30"), sort_order=i,
        )  # fmt: skip
        english = forum_page.get_translation(forum_page.locale.__class__.objects.get(language_code="en"))
        EventSession.objects.create(
            page=english, locale=english.locale, translation_key=zh_session.translation_key, title=en,
            start=zh_session.start, end=zh_session.end, sort_order=i,
        )  # fmt: skip
    registration = attending(event, 1, chinese_name="安娜")
    roommate = attending(event, 2)
    save_travel(
        registration=registration,
        arrival=journey(at(event, -1, "14:05"), airport, number="CA1347", terminal="T2", other_end="Beijing"),
        departure=journey(at(event, 1, "19:40"), airport, number="CA1358"),
    )
    hotel = save_hotel(
        event=event,
        name_zh="长沙华天大酒店",
        name_en="Huatian Hotel",
        address_zh="解放东路300号",
        address_en="300 Jiefang Road East",
    )
    night = first_day(event) - dt.timedelta(days=1)
    nights = {"check_in": night, "check_out": night + dt.timedelta(days=2)}
    block = save_block(hotel=hotel, room_type_zh="豪华双床房", room_type_en="Deluxe twin", rooms=2, **nights)
    assign_room(
        block=block,
        registrations=[registration, roommate],
        check_in=night,
        check_out=night + dt.timedelta(days=2),
        room_number="808",
    )
    van = save_vehicle(
        event=event, name="VIP 1", seats=3, plate="湘A·H9001", driver_name="刘建华", driver_phone="138 0731 2001"
    )
    plan_trip(
        event=event, passengers=[registration], direction="arrival", pickup_at=at(event, -1, "14:45"), duration=45,
        hub=airport, hotel=hotel, meeting_point="T2 到达大厅", vehicle=van,
    )  # fmt: skip
    return registration


def kinds_and_titles(items):
    return [(item.kind, item.title) for item in items]


def test_the_itinerary_puts_everything_in_time_order_in_the_active_language(guest):
    with translation.override("en"):
        items = itinerary(guest)
    assert kinds_and_titles(items) == [
        ("arrival", "Arrival: CA1347"),
        ("transfer", "Transfer to Huatian Hotel"),
        ("hotel", "Huatian Hotel"),
        ("session", "Opening"),
        ("session", "Welcome banquet"),
        ("departure", "Departure: CA1358"),
    ]
    arrival, transfer, hotel = items[:3]
    assert (arrival.place, arrival.detail) == ("Changsha Huanghua International Airport (CSX) T2", "From Beijing")
    assert transfer.place == "Changsha Huanghua International Airport (CSX) · T2 到达大厅"
    assert transfer.detail == "VIP 1 (湘A·H9001), 刘建华, 138 0731 2001"
    assert hotel.detail == "2 nights · Deluxe twin · room 808 · shared with Anna2 Smith"
    # In the room once the pickup arrives, 15:30 (check-in opens at 14:00); out by noon.
    assert (f"{hotel.start.astimezone(SHANGHAI):%H:%M}", f"{hotel.end.astimezone(SHANGHAI):%H:%M}") == (
        "15:30",
        "12:00",
    )


def test_uids_are_the_same_in_both_languages_and_sessions_share_the_event_calendars(guest, event):
    with translation.override("en"):
        english = [item.uid for item in itinerary(guest)]
    with translation.override("zh-hans"):
        chinese = itinerary(guest)
    assert english == [item.uid for item in chinese]
    assert len(set(english)) == len(english)
    session = next(item for item in chinese if item.kind == "session")
    assert session.title == "开幕式"
    key = event.event.sessions.get(title="开幕式").translation_key
    assert session.uid == f"session-{key}@events.fao.hunan.gov.cn"


def test_the_pass_shows_the_itinerary_below_the_card(guest):
    html = Client().get(pass_url(guest, "en")).content.decode()
    assert html.index("</article>") < html.index("Your programme")
    page = text(Client().get(pass_url(guest, "zh-hans")))
    assert "开幕式" in page
    assert "长沙华天大酒店" in page


def ics(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode()


def test_the_ics_is_read_alike_by_icalendar_and_vobject_in_beijing_time(guest):
    url = reverse("logistics:itinerary", args=[guest.token])
    with translation.override("en"):
        url = reverse("logistics:itinerary", args=[guest.token])
    content = ics(Client().get(url))
    calendar = icalendar.Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        "Arrival: CA1347", "Transfer to Huatian Hotel", "Huatian Hotel", "Opening", "Welcome banquet",
        "Departure: CA1358",
    ]  # fmt: skip
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    first = events[0]["DTSTART"].dt
    assert (str(first.tzinfo), first.hour, first.minute) == ("Asia/Shanghai", 14, 5)
    assert "TZID=Asia/Shanghai" in content

    parsed = vobject.readOne(content)
    by_vobject = [(str(e.uid.value), e.summary.value, e.dtstart.value) for e in parsed.vevent_list]
    by_icalendar = [(str(e["UID"]), str(e["SUMMARY"]), e["DTSTART"].dt) for e in events]
    assert by_vobject == by_icalendar
    assert by_vobject[0][2].astimezone(zoneinfo.ZoneInfo("UTC")).hour == (14 - 8)


def test_the_ics_uids_stay_when_the_language_changes(guest):
    def uids(language):
        with translation.override(language):
            url = reverse("logistics:itinerary", args=[guest.token])
        return [str(e["UID"]) for e in icalendar.Calendar.from_ical(ics(Client().get(url))).walk("VEVENT")]

    assert uids("zh-hans") == uids("en")


def test_an_unknown_token_or_a_guest_who_is_not_attending_gets_the_ordinary_404(guest):
    client = Client()
    assert client.get("/en/itinerary/not-a-real-token.ics").status_code == 404
    cancel(registration=guest)
    assert client.get(reverse("logistics:itinerary", args=[guest.token])).status_code == 404


def test_other_parts_add_items_through_the_hook(guest):
    seat = ItineraryItem(
        kind="seat",
        start=dt.datetime(2030, 1, 1, 18, 30, tzinfo=SHANGHAI),
        end=None,
        title="Table 3, seat 5",
        uid="seat-1@x",
    )
    with hooks.register_temporarily(
        "logistics_itinerary_items", lambda registration: [seat] if registration == guest else []
    ):
        items = itinerary(guest)
        calendar = icalendar.Calendar.from_ical(ics(Client().get(reverse("logistics:itinerary", args=[guest.token]))))
    assert items[-1] == seat
    assert "Table 3, seat 5" in [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]


def test_staff_see_the_same_itinerary_and_download_it(client, guest, superuser):  # noqa: F811
    client.force_login(superuser)
    page = client.get(reverse("logistics_admin:guest", args=[guest.event_id, guest.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    with translation.override("en"):
        titles = [item.title for item in itinerary(guest)]
    assert titles[0] == "Arrival: CA1347"
    for title in titles:
        assert title in html
    download = client.get(reverse("logistics_admin:guest_calendar", args=[guest.event_id, guest.pk]))
    assert len(icalendar.Calendar.from_ical(ics(download)).walk("VEVENT")) == 6
