from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.test import Client

from tests.conftest import days_from_now
from tests.factories import make_brand, make_event, make_speakers, make_venue, translate, translate_page

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def forum(locales, index_pages):
    zh, en = locales["zh-hans"], locales["en"]
    brand = make_brand(zh)
    translate(brand, en, name="Xiangjiang Forum", short_name="Forum")
    venue = make_venue(zh)
    translate(venue, en, name="Hunan International Convention Center", city="Changsha")
    page = make_event(
        index_pages["zh-hans"],
        brand=brand,
        start=days_from_now(40),
        venue=venue,
        sessions=3,
        speakers=make_speakers(zh, 1),
    )
    return page, translate_page(page, en, title="2027 Xiangjiang Forum", summary="Forum summary.")


def fetch(url):
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def test_event_calendar_has_event_and_sessions_in_shanghai_time(forum):
    page, _ = forum
    cal = icalendar.Calendar.from_ical(fetch(page.url + "calendar.ics"))
    events = cal.walk("VEVENT")
    assert len(events) == 4
    main = events[0]
    assert str(main["SUMMARY"]) == "2027一带一路湘江论坛"
    assert main["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert main.decoded("DTSTART") == page.start.astimezone(SHANGHAI)
    assert main.decoded("DTSTART").hour == 9
    assert str(main["LOCATION"]) == "湖南国际会展中心，长沙市开福区湘江北路1177号，长沙"
    assert str(main["URL"]) == f"http://localhost{page.url}"
    assert [str(e["SUMMARY"]) for e in events[1:]] == [f"议程{i} · 2027一带一路湘江论坛" for i in (1, 2, 3)]
    assert events[1].decoded("DTEND") - events[1].decoded("DTSTART") == timedelta(minutes=50)
    assert "主会场" in str(events[1]["LOCATION"])
    assert "演讲嘉宾0" in str(events[1]["DESCRIPTION"])
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_event_calendar_parses_with_vobject_too(forum):
    page, _ = forum
    parsed = vobject.readOne(fetch(page.url + "calendar.ics").decode())
    events = parsed.vevent_list
    assert len(events) == 4
    start = events[0].dtstart.value
    assert start.utcoffset() == timedelta(hours=8)
    assert start == page.start
    assert events[0].summary.value == "2027一带一路湘江论坛"


def test_uids_are_the_same_in_both_languages_and_stable(forum):
    page, english = forum
    zh = icalendar.Calendar.from_ical(fetch(page.url + "calendar.ics"))
    en = icalendar.Calendar.from_ical(fetch(english.url + "calendar.ics"))
    zh_uids = [str(e["UID"]) for e in zh.walk("VEVENT")]
    assert zh_uids == [str(e["UID"]) for e in en.walk("VEVENT")]
    assert zh_uids[0] == f"event-{page.translation_key}@events.fao.hunan.gov.cn"
    assert len(set(zh_uids)) == 4
    page.save_revision().publish()
    again = icalendar.Calendar.from_ical(fetch(page.url + "calendar.ics"))
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == zh_uids


def test_english_calendar_is_in_english(forum):
    _, english = forum
    cal = icalendar.Calendar.from_ical(fetch(english.url + "calendar.ics"))
    main = cal.walk("VEVENT")[0]
    assert str(main["SUMMARY"]) == "2027 Xiangjiang Forum"
    assert str(main["LOCATION"]).startswith("Hunan International Convention Center")
    assert str(main["DESCRIPTION"]).startswith("Forum summary.")
    assert str(cal["NAME"]) == "2027 Xiangjiang Forum"


def test_feed_lists_upcoming_events_only(forum, locales, index_pages):
    page, _ = forum
    brand = page.brand
    make_event(index_pages["zh-hans"], brand=brand, start=days_from_now(-100), title="往届论坛", slug="past")
    cal = icalendar.Calendar.from_ical(fetch(index_pages["zh-hans"].url + "calendar.ics"))
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["2027一带一路湘江论坛"]
    parsed = vobject.readOne(fetch(index_pages["zh-hans"].url + "calendar.ics").decode())
    assert len(parsed.vevent_list) == 1


def test_brand_feed_has_only_that_brand(forum, locales, index_pages):
    zh = locales["zh-hans"]
    other = make_brand(zh, slug="chinese-bridge", name="汉语桥", short_name="汉语桥")
    make_event(index_pages["zh-hans"], brand=other, start=days_from_now(20), title="汉语桥决赛", slug="bridge")
    index = index_pages["zh-hans"]
    forum_feed = icalendar.Calendar.from_ical(fetch(index.url + "calendar/xiangjiang-forum.ics"))
    bridge_feed = icalendar.Calendar.from_ical(fetch(index.url + "calendar/chinese-bridge.ics"))
    everything = icalendar.Calendar.from_ical(fetch(index.url + "calendar.ics"))
    assert [str(e["SUMMARY"]) for e in forum_feed.walk("VEVENT")] == ["2027一带一路湘江论坛"]
    assert [str(e["SUMMARY"]) for e in bridge_feed.walk("VEVENT")] == ["汉语桥决赛"]
    assert [str(e["SUMMARY"]) for e in everything.walk("VEVENT")] == ["汉语桥决赛", "2027一带一路湘江论坛"]


def test_english_brand_feed_uses_english_titles(forum, index_pages):
    feed = icalendar.Calendar.from_ical(fetch(index_pages["en"].url + "calendar/xiangjiang-forum.ics"))
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["2027 Xiangjiang Forum"]
    assert str(feed["NAME"]) == "Xiangjiang Forum · Events"


def test_unknown_brand_feed_is_a_404(forum, index_pages):
    response = Client().get(index_pages["zh-hans"].url + "calendar/no-such-brand.ics")
    assert response.status_code == 404
    assert "<h1>页面没有找到</h1>" in response.content.decode()


def test_index_advertises_feeds(forum, index_pages):
    html = Client().get(index_pages["zh-hans"].url).content.decode()
    url = index_pages["zh-hans"].url
    assert f'<link rel="alternate" type="text/calendar" title="即将举行的活动" href="{url}calendar.ics">' in html
    assert f'href="{url}calendar/xiangjiang-forum.ics"' in html
