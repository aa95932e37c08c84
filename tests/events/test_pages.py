import re

import pytest
from django.test import Client

from events.models import EventPage
from tests.conftest import SHANGHAI, days_from_now
from tests.factories import make_brand, make_event, make_speakers, make_venue, translate, translate_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(locales, index_pages):
    zh, en = locales["zh-hans"], locales["en"]
    brand = make_brand(zh)
    translate(brand, en, name="Xiangjiang Forum on the Belt and Road", short_name="Xiangjiang Forum")
    venue = make_venue(zh)
    translate(venue, en, name="Hunan International Convention Center", city="Changsha")
    speakers = make_speakers(zh, 2)
    page = make_event(
        index_pages["zh-hans"], brand=brand, start=days_from_now(30), venue=venue, sessions=3, speakers=speakers
    )
    english = translate_page(page, en, title="2027 Xiangjiang Forum", summary="A forum on the Belt and Road.")
    return page, english


def test_event_page_shows_agenda_in_shanghai_time(forum):
    page, _ = forum
    html = Client().get(page.url).content.decode()
    assert "2027一带一路湘江论坛" in html
    assert html.count('class="agenda__item"') == 3
    assert '<time datetime="' + page.start.astimezone(SHANGHAI).isoformat() + '">09:00</time>' in html
    assert "主会场" in html
    assert "演讲嘉宾0" in html


def test_english_page_shows_localised_brand_and_venue(forum):
    _, english = forum
    html = Client().get(english.url).content.decode()
    assert english.url.startswith("/en/")
    assert '<html lang="en">' in html
    assert "Xiangjiang Forum on the Belt and Road" in html
    assert "Hunan International Convention Center" in html
    assert "2027 Xiangjiang Forum" in html


def test_language_switcher_lands_on_the_same_event(forum):
    page, english = forum
    html = Client().get(page.url).content.decode()
    assert f'<a href="{english.url}" lang="en" hreflang="en">English</a>' in html
    assert f'hreflang="en" href="http://testserver{english.url}"' in html
    assert f'hreflang="zh-hans" href="http://testserver{page.url}"' in html


def test_page_without_translation_links_to_the_other_home(locales, index_pages, homes):
    brand = make_brand(locales["zh-hans"])
    page = make_event(index_pages["zh-hans"], brand=brand, start=days_from_now(10))
    html = Client().get(page.url).content.decode()
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in html
    assert 'hreflang="en" href=' not in html.split("</head>")[0]


def test_brand_colours_come_from_a_stylesheet_not_inline(forum):
    page, _ = forum
    client = Client()
    html = client.get(page.url).content.decode()
    match = re.search(r'<link rel="stylesheet" href="(/brand/\d+\.css\?v=9E1B32C9A227)">', html)
    assert match
    css = client.get(match.group(1))
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert "--brand-primary: #9E1B32;" in css.content.decode()
    assert " style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None


def test_open_graph_and_description(forum):
    page, _ = forum
    html = Client().get(page.url).content.decode()
    assert '<meta property="og:title" content="2027一带一路湘江论坛">' in html
    assert '<meta name="description" content="论坛聚焦共建一带一路高质量发展。">' in html
    assert f'<link rel="canonical" href="http://localhost{page.url}">' in html
    assert '<meta property="og:locale" content="zh_CN">' in html


def test_event_page_advertises_its_calendar(forum):
    page, _ = forum
    html = Client().get(page.url).content.decode()
    assert f'<link rel="alternate" type="text/calendar" title="{page.title}" href="{page.url}calendar.ics">' in html
    assert f'href="{page.url}calendar.ics" download>添加到日历</a>' in html


def test_event_page_query_count_does_not_grow_with_agenda(locales, index_pages, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    zh = locales["zh-hans"]
    brand = make_brand(zh)
    venue = make_venue(zh, rooms=("A", "B", "C"))
    small = make_event(
        index_pages["zh-hans"],
        brand=brand,
        start=days_from_now(5),
        venue=venue,
        sessions=1,
        speakers=make_speakers(zh, 1),
        slug="small",
    )
    big = make_event(
        index_pages["zh-hans"],
        brand=brand,
        start=days_from_now(9),
        venue=venue,
        sessions=25,
        speakers=make_speakers(zh, 8),
        slug="big",
    )
    Client().get("/zh-hans/")  # creates the office settings once
    counts = []
    for page in (small, big):
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 25


def test_end_before_start_is_refused(locales, index_pages):
    from django.core.exceptions import ValidationError

    brand = make_brand(locales["zh-hans"])
    start = days_from_now(5)
    with pytest.raises(ValidationError) as error:
        make_event(index_pages["zh-hans"], brand=brand, start=start, days=-1)
    assert "end" in error.value.message_dict


def test_registration_settings_are_shared_by_all_translations(forum):
    page, english = forum
    english.capacity = 250
    english.registration_mode = "approval"
    english.save_revision().publish()
    page.refresh_from_db()
    assert (page.capacity, page.registration_mode) == (250, "approval")
    assert page.start == english.start


def test_editing_a_translation_starts_from_the_shared_settings(forum):
    page, english = forum
    page.title = "草稿"
    page.save_revision()  # a Chinese draft, written before the English publish
    english.capacity = 250
    english.save_revision().publish()
    draft = EventPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert (draft.title, draft.capacity) == ("草稿", 250)
