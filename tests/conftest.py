import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import activate

# Playwright runs an event loop in the test thread; Django's ORM is used beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    # Wagtail keeps site root paths in the cache, and the page cache lives there too.
    cache.clear()
    activate("zh-hans")
    yield
    cache.clear()


@pytest.fixture
def homes(db):
    from events.setup import ensure_site_structure

    return ensure_site_structure()


@pytest.fixture
def locales(homes):
    from wagtail.models import Locale

    return {code: Locale.objects.get(language_code=code) for code in ("zh-hans", "en")}


@pytest.fixture
def index_pages(homes):
    from events.models import EventIndexPage

    return {code: EventIndexPage.objects.child_of(home).get() for code, home in homes.items()}


def shanghai(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def days_from_now(days, hour=9):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _serialized_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    marked = marker is not None and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback")
    return bool(marked or "django_db_serialized_rollback" in getattr(item, "fixturenames", ()))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Give the migrated rows back as soon as a transactional test has flushed the database.

    Django's serialized rollback puts them back (content types, Wagtail's root page and
    locales...) only when the next transactional test starts; an ordinary test coming after
    the last transactional one would meet an empty database. Which test comes next depends
    on the order, and on how pytest-xdist shares the tests out. After the session's last test
    nothing is restored: its teardown has already dropped the test database and pointed the
    connection back at the real one.
    """
    result = yield
    if _serialized_transactional(item) and nextitem is not None and not _serialized_transactional(nextitem):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                data = getattr(connection, "_test_serialized_contents", None)
                if data:
                    connection.creation.deserialize_db_from_string(data)
        ContentType.objects.clear_cache()
    return result
