"""The demo check-in: points for the forum, one device whose token is kept for `make run` users."""

import datetime as dt

import pytest

from events.models import EventSession
from registrations.checkin.demo import BANQUET_CATEGORIES, load_checkin
from registrations.checkin.domain.devices import device_for_token, revoke_device
from registrations.checkin.models import CheckinPoint, Device
from tests.checkin.desk_support import event  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def banquet(event):  # noqa: F811
    page = event.event
    start = page.start.replace(hour=18, minute=30)
    return EventSession.objects.create(
        page=page, locale=page.locale, title="欢迎宴会", start=start, end=start + dt.timedelta(hours=2), sort_order=99
    )


def test_the_demo_makes_three_points_and_a_device_once(event, banquet, tmp_path):  # noqa: F811
    token_file = tmp_path / "local" / "checkin-device-token"
    made, token = load_checkin(token_file)
    assert made == 3
    assert token_file.read_text().strip() == token
    assert oct(token_file.stat().st_mode & 0o777) == "0o600"
    device = device_for_token(token)
    assert (device.event, device.point) == (event, None)
    points = list(CheckinPoint.objects.filter(event=event))
    assert [(p.name_en, p.direction) for p in points] == [
        ("Main gate", "entry"), ("Main gate exit", "exit"), ("Banquet hall", "entry"),
    ]  # fmt: skip
    hall = points[2]
    assert hall.session == banquet
    assert sorted(c.code for c in hall.categories.all()) == sorted(BANQUET_CATEGORIES)
    assert (hall.opens, hall.closes) == (banquet.start - dt.timedelta(hours=1), banquet.end)

    assert load_checkin(token_file) == (0, token)
    assert (CheckinPoint.objects.count(), Device.objects.count()) == (3, 1)


def test_a_revoked_demo_device_is_replaced(event, tmp_path):  # noqa: F811
    token_file = tmp_path / "checkin-device-token"
    _, token = load_checkin(token_file)
    revoke_device(device=device_for_token(token))
    _, again = load_checkin(token_file)
    assert again != token
    assert device_for_token(again) is not None
    assert token_file.read_text().strip() == again
    assert Device.objects.count() == 2
