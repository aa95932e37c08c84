"""The gate scanner's page, web manifest and service worker as the server sends them."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils.csp import CSP

pytestmark = pytest.mark.django_db

CSP_HEADER = str(CSP.HEADER_ENFORCE)


def texts_of(response) -> dict:
    match = re.search(r'<script id="checkin-texts" type="application/json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


def config_of(response) -> dict:
    match = re.search(r'<script id="checkin-config" type="application/json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


def test_the_page_is_html_in_english_for_an_english_browser(client):
    response = client.get("/checkin/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="en">' in response.text
    assert "<title>Gate check-in · Hunan Foreign Affairs Office</title>" in response.text
    assert texts_of(response)["ok"] == "Welcome."
    assert texts_of(response)["forged"] == "This pass is forged or has been altered."
    assert config_of(response)["language"] == "en"
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_the_page_is_in_chinese_by_default_and_for_a_chinese_browser(client):
    for headers in ({}, {"Accept-Language": "zh-CN,zh;q=0.9"}):
        response = client.get("/checkin/", headers=headers)
        assert response.status_code == 200
        assert '<html lang="zh-hans">' in response.text
        assert "<title>闸口签到 · " in response.text
        assert texts_of(response)["waiting"] == "%(n)s 条扫描待上传"
        assert config_of(response)["language"] == "zh-hans"


def test_the_site_language_cookie_wins_over_the_browser(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/checkin/", headers={"Accept-Language": "zh-CN"})
    assert '<html lang="en">' in response.text
    # The switch posts to the site's own language view and comes back here.
    assert 'action="/i18n/setlang/"' in response.text
    assert '<input type="hidden" name="next" value="/checkin/">' in response.text
    assert '<button type="submit" name="language" value="zh-hans" lang="zh-hans">中文</button>' in response.text


def test_the_language_switch_comes_back_to_the_scanner(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/checkin/"})
    assert response.status_code == 302
    assert response["Location"] == "/checkin/"
    assert '<html lang="en">' in client.get("/checkin/").text


def test_every_text_the_script_uses_is_translated_in_both_languages(client):
    english = texts_of(client.get("/checkin/", headers={"Accept-Language": "en"}))
    chinese = texts_of(client.get("/checkin/", headers={"Accept-Language": "zh-hans"}))
    assert english.keys() == chinese.keys()
    same = {key for key in english if english[key] == chinese[key]}
    assert same == set()
    for key, text in english.items():
        # Word order differs between the languages; the placeholders must not.
        assert sorted(re.findall(r"%\(\w+\)s", text)) == sorted(re.findall(r"%\(\w+\)s", chinese[key])), key


def test_only_the_scanner_may_run_webassembly(client):
    scanner = client.get("/checkin/")[CSP_HEADER]
    assert "script-src 'self' 'wasm-unsafe-eval'" in scanner
    assert "object-src 'none'" in scanner
    assert "'unsafe-inline'" not in scanner
    home = client.get("/healthz")
    assert "wasm-unsafe-eval" not in home.get(CSP_HEADER, "")


def test_the_page_links_its_manifest_script_and_vendored_decoder(client):
    response = client.get("/checkin/")
    assert '<link rel="manifest" href="/checkin/manifest.webmanifest">' in response.text
    assert '<script type="module" src="/static/checkin/scanner.js"></script>' in response.text
    config = config_of(response)
    assert config == {
        "api": "/api/checkin/",
        "language": "zh-hans",
        "sw": "/checkin/sw.js",
        "wasm": "/static/checkin/vendor/zxing-wasm-3.1.6/reader/zxing_reader.wasm",
        "zxing": "/static/checkin/vendor/zxing-wasm-3.1.6/es/reader/index.js",
        "noble": "/static/checkin/vendor/noble-ed25519-3.2.0/index.js",
    }
    for url in (config["wasm"], config["zxing"], config["noble"]):
        assert finders.find(url.removeprefix("/static/")), url


def test_the_page_holds_no_token_and_is_not_cached_by_others(client):
    response = client.get("/checkin/")
    assert response["Cache-Control"] == "no-cache"
    assert "Bearer" not in response.text


@pytest.mark.parametrize(
    "query",
    ["?device=abc", "?a=%00", "?q=%ff%fe", "?" + "x" * 5000, "?point=-1&lang=xx", "?%E4%BD%A0=%E5%A5%BD"],
)
def test_odd_query_strings_are_the_ordinary_page(client, query):
    response = client.get("/checkin/" + query)
    assert response.status_code == 200
    assert '<section id="setup" class="panel" hidden>' in response.text


def test_the_scanner_answers_get_only(client):
    response = client.post("/checkin/", {"token": "x"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head("/checkin/").status_code == 200


def test_the_manifest_installs_the_scanner_in_the_browsers_language(client):
    response = client.get("/checkin/manifest.webmanifest", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data == {
        "name": "Gate check-in",
        "short_name": "Check-in",
        "lang": "en",
        "start_url": "/checkin/",
        "scope": "/checkin/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#111827",
        "theme_color": "#111827",
        "icons": [
            {"src": "/static/checkin/icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "/static/checkin/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
        ],
    }
    chinese = json.loads(client.get("/checkin/manifest.webmanifest", headers={"Accept-Language": "zh"}).content)
    assert (chinese["name"], chinese["short_name"], chinese["lang"]) == ("闸口签到", "签到", "zh-hans")


def test_the_service_worker_is_javascript_scoped_to_the_scanner(client):
    response = client.get("/checkin/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/checkin/"
    assert response["Cache-Control"] == "no-cache"
    assert re.search(r'const CACHE = "fao-checkin-[0-9a-f]{16}";', response.text)


def test_the_service_worker_caches_every_file_the_page_needs_and_never_the_api(client):
    body = client.get("/checkin/sw.js").text
    assets = json.loads(re.search(r"const ASSETS = (\[.*?\]);", body).group(1))
    page = client.get("/checkin/").text
    linked = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page)) | {
        url for url in config_of(client.get("/checkin/")).values() if url.startswith("/static/")
    }
    assert linked <= set(assets)
    assert {"/static/checkin/pass.js", "/static/checkin/store.js"} <= set(assets)
    for url in assets:
        assert finders.find(url.removeprefix("/static/")), url
    assert not any(url.startswith("/api/") for url in assets)


def test_the_vendored_files_are_noted_with_version_and_licence():
    readme = Path(finders.find("checkin/vendor/README.md")).read_text(encoding="utf-8")
    assert "| 3.1.6 | MIT" in readme
    assert "| 3.2.0 | MIT" in readme
    for licence in ("checkin/vendor/zxing-wasm-3.1.6/LICENSE", "checkin/vendor/noble-ed25519-3.2.0/LICENSE"):
        assert "MIT License" in Path(finders.find(licence)).read_text(encoding="utf-8")
