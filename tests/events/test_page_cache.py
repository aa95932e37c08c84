"""Published pages are served from the cache, and publishing makes them fresh at once."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import days_from_now
from tests.factories import make_brand, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(locales, index_pages):
    brand = make_brand(locales["zh-hans"])
    return make_event(index_pages["zh-hans"], brand=brand, start=days_from_now(20), sessions=2)


def test_second_anonymous_request_is_a_cache_hit(event):
    client = Client()
    first = client.get(event.url)
    second = client.get(event.url)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Language"] == "zh-hans"


def test_cache_hit_costs_one_query(event, django_assert_num_queries):
    client = Client()
    client.get(event.url)
    with django_assert_num_queries(1):
        assert client.get(event.url)["X-Page-Cache"] == "hit"


def test_publishing_a_change_is_seen_at_once(event):
    client = Client()
    client.get(event.url)
    event.title = "2027一带一路湘江论坛（更新）"
    event.save_revision().publish()
    response = client.get(event.url)
    assert response["X-Page-Cache"] == "miss"
    assert "2027一带一路湘江论坛（更新）" in response.content.decode()


def test_a_saved_draft_is_not_published(event):
    client = Client()
    client.get(event.url)
    event.title = "草稿标题"
    event.save_revision()
    assert "草稿标题" not in client.get(event.url).content.decode()


def test_unpublishing_removes_the_page_from_the_cache(event):
    client = Client()
    assert client.get(event.url).status_code == 200
    url = event.url
    event.unpublish()
    assert client.get(url).status_code == 404


def test_listing_sees_a_newly_published_event(event, index_pages):
    client = Client()
    index_url = index_pages["zh-hans"].url
    assert "汉语桥决赛" not in client.get(index_url).content.decode()
    make_event(index_pages["zh-hans"], brand=event.brand, start=days_from_now(30), title="汉语桥决赛", slug="bridge")
    assert "汉语桥决赛" in client.get(index_url).content.decode()


def test_brand_colour_change_reaches_cached_pages(event):
    client = Client()
    before = client.get(event.url).content.decode()
    assert "?v=9E1B32C9A227" in before
    event.brand.primary_colour = "#123456"
    event.brand.save()
    assert "?v=123456C9A227" in client.get(event.url).content.decode()


def test_editors_are_never_served_from_the_cache(event):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-for-tests-only")
    Client().get(event.url)
    client = Client()
    client.force_login(editor)
    response = client.get(event.url)
    assert "X-Page-Cache" not in response
    assert 'id="wagtail-userbar' in response.content.decode() or "wagtail-userbar" in response.content.decode()


def test_calendar_is_cached_and_refreshed_too(event):
    client = Client()
    client.get(event.calendar_url)
    assert client.get(event.calendar_url)["X-Page-Cache"] == "hit"
    event.title = "新标题"
    event.save_revision().publish()
    assert "SUMMARY:新标题" in client.get(event.calendar_url).content.decode()


def test_query_strings_are_cached_separately(event, index_pages):
    client = Client()
    url = index_pages["zh-hans"].url
    assert client.get(url + "?when=past")["X-Page-Cache"] == "miss"
    assert client.get(url + "?when=upcoming")["X-Page-Cache"] == "miss"
    assert client.get(url + "?when=past")["X-Page-Cache"] == "hit"
