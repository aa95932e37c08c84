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
