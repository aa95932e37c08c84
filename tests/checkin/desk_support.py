"""What the check-in desk's tests share: an event with two sessions, another event, staff, guests, scans."""

import itertools

import pytest
from django.urls import reverse

from events.models import EventPage
from registrations.checkin.models import CheckinPoint, Scan
from registrations.domain.events import config_for
from registrations.models import Registration, Status
from tests.conftest import days_from_now
from tests.factories import make_brand, make_event, translate_page
from tests.registrations.conftest import make_person
from tests.registrations.test_backoffice import make_staff

_nonces = itertools.count(1)
# Asked as a script, Wagtail answers a refusal with 403, not a redirect to the dashboard.
AS_SCRIPT = {"x-requested-with": "XMLHttpRequest"}


def is_not_found(response, client) -> bool:
    """LocaleMiddleware redirects an admin 404 to /zh-hans/...; that one is a 404 too."""
    return response.status_code == 302 and client.get(response["Location"]).status_code == 404


_people = itertools.count(1000)


def url(name, config, *args):
    return reverse(f"checkin_admin:{name}", args=[config.pk, *args])


@pytest.fixture
def event(locales, index_pages):
    """The forum (zh-hans and en), with two sessions on its agenda."""
    brand = make_brand(locales["zh-hans"])
    page = make_event(
        index_pages["zh-hans"],
        brand=brand,
        start=days_from_now(30),
        registration_mode=EventPage.RegistrationMode.OPEN,
        sessions=2,
    )
    translate_page(page, locales["en"], title="2027 Xiangjiang Forum")
    return config_for(page)


@pytest.fixture
def other_event(locales, index_pages):
    brand = make_brand(locales["zh-hans"], slug="sister-cities", name="国际友城活动周", short_name="友城周")
    page = make_event(
        index_pages["zh-hans"], brand=brand, start=days_from_now(60), title="2027友城周", slug="friendship-2027",
        sessions=1,
    )  # fmt: skip
    return config_for(page)


def category(config, code):
    return config.categories.get(code=code)


def guest(config, code="guest", status=Status.CONFIRMED, protocol_class=None, **person):
    return Registration.objects.create(
        event=config, person=make_person(next(_people), **person), category=category(config, code), status=status,
        protocol_class=protocol_class,
    )  # fmt: skip


def point(config, name_en="Main gate", direction=CheckinPoint.Direction.ENTRY, **fields):
    return CheckinPoint.objects.create(
        event=config, name_zh=fields.pop("name_zh", f"{name_en}（中）"), name_en=name_en, direction=direction, **fields
    )


def scan(registration, at, when, result=Scan.Result.OK, **fields):
    return Scan.objects.create(
        event=at.event, point=at, direction=at.direction, registration=registration, nonce=f"n{next(_nonces)}",
        result=result, scanned_at=when, **fields,
    )  # fmt: skip


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def desk(client, event):
    """Check-in staff of the event: may see and change everything on the desk."""
    return login(client, make_staff("desk", event, "checkin"))


@pytest.fixture
def viewer(client, event):
    """Registration staff: may see the check-in tab, change nothing."""
    return login(client, make_staff("viewer", event, "registration"))
