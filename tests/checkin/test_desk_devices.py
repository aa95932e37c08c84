"""Gate devices on the desk: the list, adding one (its token shown once, with its set-up QR), revoking."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from registrations.checkin.domain.devices import create_device, device_for_token, token_hash
from registrations.checkin.interfaces.qr import qr_svg
from registrations.checkin.models import Device
from tests.checkin.desk_support import AS_SCRIPT, desk, event, is_not_found, other_event, point, url, viewer  # noqa: F401
from tests.registrations.test_backoffice import texts

pytestmark = pytest.mark.django_db


def test_adding_a_device_shows_its_token_and_set_up_code_once(desk, event):  # noqa: F811
    gate = point(event, "Main gate")
    response = desk.post(
        url("device_add", event), {"name": "Gate 1 iPad", "point": gate.pk, "expires_at": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.context["page_title"] == "Device added"
    assert "no-store" in response["Cache-Control"].split(", ")
    device = Device.objects.get()
    token, link = response.context["token"], response.context["link"]
    assert (device.event, device.point, device.name, device.expires_at) == (event, gate, "Gate 1 iPad", None)
    assert device.token_hash == token_hash(token)
    assert device_for_token(token) == device
    assert link == f"http://testserver/checkin/#device={token}"
    html = response.content.decode()
    assert f'<code class="ck-token" data-setup-link>{link}</code>' in html
    assert qr_svg(link) in html
    assert [e.action for e in ModelLogEntry.objects.for_instance(device)] == ["checkin.device_created"]
    # The list never shows it again.
    listing = desk.get(url("devices", event)).content.decode()
    assert "Gate 1 iPad" in listing
    assert token not in listing


def test_the_list_says_where_each_device_scans_when_it_was_seen_and_whether_it_still_works(desk, event):  # noqa: F811
    gate = point(event, "Main gate")
    working, _ = create_device(config=event, name="Gate 1", point=gate)
    Device.objects.filter(pk=working.pk).update(last_seen_at=timezone.make_aware(dt.datetime(2027, 5, 10, 9, 30)))
    revoked, _ = create_device(config=event, name="Lost phone")
    Device.objects.filter(pk=revoked.pk).update(revoked_at=timezone.make_aware(dt.datetime(2027, 5, 10, 11, 0)))
    expired, _ = create_device(config=event, name="Old tablet", expires_at=timezone.now() + dt.timedelta(days=1))
    Device.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    html = desk.get(url("devices", event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = {m[0]: m[1] for m in re.findall(r'<tr data-device="(\d+)">(.*?)</tr>', html, re.S)}
    assert "Main gate" in rows[str(working.pk)]
    assert "2027-05-10 09:30" in rows[str(working.pk)]
    assert "Active" in rows[str(working.pk)]
    assert url("device_revoke", event, working.pk) in rows[str(working.pk)]
    assert "Every point" in rows[str(revoked.pk)]
    assert "Revoked 2027-05-10 11:00" in rows[str(revoked.pk)]
    assert url("device_revoke", event, revoked.pk) not in rows[str(revoked.pk)]
    assert "Expired" in rows[str(expired.pk)]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "  "}, "name", "This field is required."),
        ({"name": "Gate", "expires_at": "2020-01-01 09:00"}, "expires_at", "The expiry must be in the future."),
        ({"name": "Gate", "expires_at": "soon"}, "expires_at", "Enter a valid date/time."),
        ({"name": "Gate", "point": "999999"}, "point", None),
    ],
)
def test_bad_input_is_a_form_error_and_makes_no_device(desk, event, data, field, message):  # noqa: F811
    response = desk.post(url("device_add", event), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "token" not in response.context
    assert list(response.context["form"].errors) == [field]
    if message:
        assert response.context["form"].errors[field] == [message]
    assert not Device.objects.exists()


def test_another_events_point_is_no_choice(desk, event, other_event):  # noqa: F811
    theirs = point(other_event, "Their gate")
    response = desk.post(url("device_add", event), {"name": "Gate", "point": theirs.pk})
    assert list(response.context["form"].errors) == ["point"]
    assert not Device.objects.exists()


def test_revoking_asks_first_then_the_token_stops_working(desk, event):  # noqa: F811
    device, token = create_device(config=event, name="Gate 1")
    confirm = desk.get(url("device_revoke", event, device.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert "Revoke Gate 1? Its token stops working at once" in confirm.content.decode()
    assert device_for_token(token) == device  # asking changed nothing
    done = desk.post(url("device_revoke", event, device.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 302
    assert done.url == url("devices", event)
    assert texts(done) == ["Gate 1 is revoked: its token no longer works."]
    assert device_for_token(token) is None
    assert [e.action for e in ModelLogEntry.objects.for_instance(device)] == [
        "checkin.device_revoked", "checkin.device_created",
    ]  # fmt: skip
    again = desk.post(url("device_revoke", event, device.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert texts(again)[-1] == "Gate 1 was already revoked."
    assert ModelLogEntry.objects.for_instance(device).count() == 2


def test_another_events_device_is_not_found_here(desk, event, other_event):  # noqa: F811
    theirs, token = create_device(config=other_event, name="Theirs")
    assert is_not_found(desk.post(url("device_revoke", event, theirs.pk)), desk)
    assert device_for_token(token) == theirs


def test_who_may_only_look_sees_devices_but_cannot_add_or_revoke(viewer, event):  # noqa: F811
    device, token = create_device(config=event, name="Gate 1")
    html = viewer.get(url("devices", event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Gate 1" in html
    assert url("device_revoke", event, device.pk) not in html
    assert viewer.post(url("device_add", event), {"name": "Mine"}, headers=AS_SCRIPT).status_code == 403
    assert viewer.post(url("device_revoke", event, device.pk), headers=AS_SCRIPT).status_code == 403
    assert list(Device.objects.all()) == [device]
    assert device_for_token(token) == device
