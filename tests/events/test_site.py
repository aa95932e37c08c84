"""The index's filters, search, sitemap, robots.txt, error pages and security headers."""

import re
import subprocess
import sys

import pytest
from django.test import Client, override_settings

from tests.conftest import days_from_now
from tests.factories import make_brand, make_event, translate_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(locales, index_pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # search indexing happens on commit
        return _catalogue(locales, index_pages)


def _catalogue(locales, index_pages):
    zh = locales["zh-hans"]
    index = index_pages["zh-hans"]
    forum = make_brand(zh)
    bridge = make_brand(zh, slug="chinese-bridge", name="汉语桥世界大学生中文比赛", short_name="汉语桥")
    pages = {
        "forum-next": make_event(index, brand=forum, start=days_from_now(40), title="第三届湘江论坛", slug="f3"),
        "forum-last": make_event(index, brand=forum, start=days_from_now(-330), title="第二届湘江论坛", slug="f2"),
        "bridge-next": make_event(
            index,
            brand=bridge,
            start=days_from_now(70),
            title="汉语桥湖南赛区决赛",
            slug="b1",
            summary="来自三十个国家的大学生用中文演讲。",
        ),
    }
    translate_page(
        pages["bridge-next"],
        locales["en"],
        title="Chinese Bridge Hunan Final",
        summary="Students from thirty countries speak Chinese.",
    )
    return index, pages


def titles(html):
    return re.findall(r'<h3 class="event-card__title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_index_lists_newest_first(catalogue):
    index, _ = catalogue
    assert titles(Client().get(index.url).content.decode()) == [
        "汉语桥湖南赛区决赛",
        "第三届湘江论坛",
        "第二届湘江论坛",
    ]


def test_index_filters_by_brand_year_and_time(catalogue):
    index, pages = catalogue
    client = Client()
    assert titles(client.get(index.url + "?brand=chinese-bridge").content.decode()) == ["汉语桥湖南赛区决赛"]
    assert titles(client.get(index.url + "?when=upcoming").content.decode()) == ["第三届湘江论坛", "汉语桥湖南赛区决赛"]
    assert titles(client.get(index.url + "?when=past").content.decode()) == ["第二届湘江论坛"]
    year = pages["forum-last"].edition_year
    assert "第二届湘江论坛" in titles(client.get(f"{index.url}?year={year}").content.decode())
    assert titles(client.get(index.url + "?brand=xiangjiang-forum&when=upcoming").content.decode()) == [
        "第三届湘江论坛"
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?brand=nope",
        "?year=abc",
        "?when=tomorrow",
        "?page=999",
        "?page=-1",
        "?page=x",
        "?year=99999999999999999999",
        "?brand=%00",
    ],
)
def test_index_ignores_bad_filters(catalogue, query):
    index, _ = catalogue
    response = Client().get(index.url + query)
    assert response.status_code == 200
    assert len(titles(response.content.decode())) in (3, 0)


def test_index_paginates(catalogue, locales):
    index, pages = catalogue
    for i in range(12):
        make_event(index, brand=pages["forum-next"].brand, start=days_from_now(100 + i), title=f"活动{i}", slug=f"e{i}")
    client = Client()
    first = client.get(index.url).content.decode()
    second = client.get(index.url + "?page=2").content.decode()
    assert len(titles(first)) == 12
    assert len(titles(second)) == 3
    assert "第 1 页，共 2 页" in first or "Page 1 of 2" in first
    assert 'rel="next" href="?page=2"' in first


def test_search_finds_events_in_the_active_language(catalogue):
    client = Client()
    zh = client.get("/zh-hans/search/?q=大学生").content.decode()
    assert "汉语桥湖南赛区决赛" in zh
    en = client.get("/en/search/?q=students").content.decode()
    assert "Chinese Bridge Hunan Final" in en
    assert "汉语桥湖南赛区决赛" not in en


@pytest.mark.parametrize("query", ["", "   ", "x" * 5000, "<script>alert(1)</script>", "%00", "' OR 1=1 --", "\u202e"])
def test_search_survives_odd_input(catalogue, query):
    response = Client().get("/zh-hans/search/", {"q": query, "page": "zz"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_sitemap_lists_pages_in_both_languages(catalogue):
    xml = Client().get("/sitemap.xml").content.decode()
    assert "/zh-hans/events/b1/" in xml
    assert "/en/events/b1/" in xml
    assert "/zh-hans/events/f2/" in xml


def test_robots_points_at_the_sitemap():
    text = Client().get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert text.strip().endswith("Sitemap: http://testserver/sitemap.xml")


def test_unknown_page_is_a_branded_404_in_the_right_language(homes):
    zh = Client().get("/zh-hans/no-such-page/")
    en = Client().get("/en/no-such-page/")
    assert zh.status_code == en.status_code == 404
    assert '<html lang="zh-hans">' in zh.content.decode()
    assert '<html lang="en">' in en.content.decode()
    assert "<h1>Page not found</h1>" in en.content.decode()
    assert 'class="site-header"' in en.content.decode()


def test_server_error_page_is_branded_and_bilingual(rf):
    from events.views import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务暂时不可用" in html
    assert "Service unavailable" in html


def test_public_pages_forbid_inline_script_and_style(catalogue):
    index, _ = catalogue
    response = Client().get(index.url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_admin_gets_its_own_policy(homes):
    response = Client().get("/admin/login/")
    assert "script-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]


def test_healthz():
    assert Client().get("/healthz").content == b"ok"


def test_root_redirects_by_browser_language(homes):
    assert Client().get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"
    assert Client().get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "config.production", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production." in result.stderr


@override_settings(ALLOWED_HOSTS=["events.example.org"])
def test_unknown_host_is_refused(homes):
    assert Client().get("/zh-hans/", HTTP_HOST="evil.example.com").status_code == 400
