import itertools
import json

import pytest

from events.models import EventPage
from registrations.checkin.domain import gate
from registrations.checkin.domain.devices import create_device
from registrations.checkin.domain.passes import pass_code
from registrations.checkin.models import CheckinPoint
from registrations.domain.events import config_for
from registrations.models import Registration, Status
from tests.conftest import days_from_now
from tests.factories import make_event
from tests.registrations.conftest import config, forum_page, guest_category, make_person  # noqa: F401

_nonces = itertools.count(1)


def nonce() -> str:
    return f"n-{next(_nonces)}"


@pytest.fixture(autouse=True)
def _fresh_gate_caches():
    # Points and keys are cached per process for a few seconds; each test starts clean.
    from registrations.checkin import api

    gate.clear_caches()
    api._devices.clear()
    api._main_plans.clear()
    yield
    gate.clear_caches()
    api._devices.clear()
    api._main_plans.clear()


@pytest.fixture
def point(config):  # noqa: F811
    return CheckinPoint.objects.create(event=config, name_zh="北门", name_en="North gate")


@pytest.fixture
def exit_point(config):  # noqa: F811
    return CheckinPoint.objects.create(
        event=config, name_zh="北门出口", name_en="North exit", direction=CheckinPoint.Direction.EXIT
    )


@pytest.fixture
def device_and_token(config):  # noqa: F811
    return create_device(config=config, name="Gate phone 1")


@pytest.fixture
def device(device_and_token):
    return device_and_token[0]


@pytest.fixture
def token(device_and_token):
    return device_and_token[1]


def make_guest(config, category, n=0, status=Status.CONFIRMED, **person):  # noqa: F811
    return Registration.objects.create(event=config, person=make_person(n, **person), category=category, status=status)


@pytest.fixture
def guest(config, guest_category):  # noqa: F811
    return make_guest(config, guest_category, 1)


@pytest.fixture
def code(guest):
    return pass_code(guest)


@pytest.fixture
def other_config(forum_page, index_pages):  # noqa: F811
    page = make_event(
        index_pages["zh-hans"],
        brand=forum_page.brand,
        start=days_from_now(60),
        title="2027国际友城活动周",
        slug="sister-cities-2027",
        registration_mode=EventPage.RegistrationMode.OPEN,
    )
    return config_for(page)


class Api:
    """A device's view of the API: JSON in, (status, JSON) out."""

    def __init__(self, client, token, language="en"):
        self.client, self.token, self.language = client, token, language

    def headers(self, **extra):
        return {"Authorization": f"Bearer {self.token}", "Accept-Language": self.language, **extra}

    def get(self, path, **params):
        response = self.client.get(f"/api/checkin/{path}/", params, headers=self.headers())
        return response.status_code, response.json()

    def post(self, path, data, raw=None):
        body = raw if raw is not None else json.dumps(data)
        response = self.client.post(
            f"/api/checkin/{path}/", body, content_type="application/json", headers=self.headers()
        )
        return response.status_code, response.json()


@pytest.fixture
def api(client, token):
    return Api(client, token)
