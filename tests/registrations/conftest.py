import pytest

from events.models import EventPage
from registrations.domain.events import config_for
from registrations.models import Person
from tests.conftest import days_from_now
from tests.factories import make_brand, make_event, translate_page


@pytest.fixture
def forum_page(locales, index_pages):
    brand = make_brand(locales["zh-hans"])
    page = make_event(
        index_pages["zh-hans"],
        brand=brand,
        start=days_from_now(30),
        registration_mode=EventPage.RegistrationMode.OPEN,
        capacity=10,
    )
    translate_page(page, locales["en"], title="2027 Xiangjiang Forum")
    return page


@pytest.fixture
def config(forum_page):
    return config_for(forum_page)


@pytest.fixture
def guest_category(config):
    return config.categories.get(code="guest")


def make_person(n=0, **fields):
    values = {
        "family_name": "Smith",
        "given_name": f"Anna{n}",
        "email": f"anna{n}@example.org",
        "language": "en",
        "country": "GB",
    }
    values.update(fields)
    return Person.objects.create(**values)
