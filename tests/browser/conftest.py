"""Headless Chromium (Debian's, never a downloaded build) against the demo site on a live server.

pytest-playwright provides `playwright`, `browser`, `new_context`, `context` and `page`;
here its launch options point it at the system Chromium (/usr/bin/chromium, or $CHROMIUM).
Nothing in this folder runs `playwright install` or lets Playwright fetch a browser:
`scripts/ensure-browser` installs Debian's chromium and fonts-noto-cjk.
"""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = HERE.parent / "artifacts" / "screenshots"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
LANGUAGES = ("zh-hans", "en")

# Playwright must never look for, or fetch, a browser build of its own.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


def pytest_configure(config):
    # pytest-playwright 0.10's `base_url` fixture trips a pytest 9 deprecation; not ours to fix.
    config.addinivalue_line("filterwarnings", "ignore:Session-scoped fixtures defined as instance methods")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at the system Chromium."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM}: scripts/ensure-browser installs Debian's")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture(scope="session")
def _django_connections(django_db_setup):
    """Django's database connections as the test database setup left them."""
    from django.db import connections

    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def playwright(_django_connections, playwright):
    """pytest-playwright's, with Django's connections carried over.

    Starting Playwright's sync API leaves the test thread in a new context, and Django
    keeps its connections in context-local storage: the tests would then get fresh
    connection objects, without the snapshot that `django_db_serialized_rollback` restores
    from (a second test would find Wagtail's root page gone) and apart from the connection
    that the live server shares. Put the original objects back.
    """
    from django.db import connections

    for alias, connection in _django_connections.items():
        connections[alias] = connection
    return playwright


@pytest.fixture(scope="session")
def _demo_snapshot(tmp_path_factory):
    """The database and media as the session's first `load_demo` left them."""
    return {"data": None, "media": tmp_path_factory.mktemp("demo") / "media"}


@pytest.fixture
def demo_site(settings, tmp_path, _demo_snapshot, transactional_db, django_db_serialized_rollback, live_server):
    """The demo content in the test database, served by the live server (returned).

    `transactional_db`: the live server answers from another thread, so the data must be
    committed, not held in a test transaction; it is flushed after each test, and the
    serialized rollback puts back what the migrations created (Wagtail's root page and
    collection, the locale...) before the next one, here or elsewhere in the suite.

    The first test of the session runs `load_demo --no-admin` and keeps a snapshot of the
    database (as Django's serialized rollback does) and the media; later tests restore
    that snapshot, which takes a fraction of the time of loading the demo again.

    Media (the demo's generated images and their renditions) go to a temporary folder,
    which tests/browser/urls.py serves.
    """
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.ROOT_URLCONF = "tests.browser.urls"
    if _demo_snapshot["data"] is None:
        call_command("load_demo", "--no-admin", stdout=StringIO())
        _demo_snapshot["data"] = _serialize_database()
        shutil.copytree(media, _demo_snapshot["media"])
    else:
        _restore_database(_demo_snapshot["data"])
        shutil.copytree(_demo_snapshot["media"], media)
    cache.clear()
    return live_server


def _serialize_database():
    from django.db import connection

    return connection.creation.serialize_db_to_string()


def _restore_database(data):
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(data)
    # Rows came back with their ids: move the sequences past them (PostgreSQL; a no-op on SQLite).
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def open_page_ok(page, url):
    """Go to a URL and insist on a successful answer."""
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    assert response.ok, f"{url}: HTTP {response.status}"
    return response
