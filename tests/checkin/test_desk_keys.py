"""The event's signing keys on the desk: the list, rotating, retiring."""

import re

import pytest
from wagtail.models import ModelLogEntry

from registrations.checkin.domain.passes import active_key, rotate_key
from registrations.checkin.models import SigningKey
from tests.checkin.desk_support import AS_SCRIPT, desk, event, is_not_found, other_event, url, viewer  # noqa: F401
from tests.registrations.test_backoffice import texts

pytestmark = pytest.mark.django_db


def rows(html):
    return {int(m[0]): m[1] for m in re.findall(r'<tr data-key="(\d+)">(.*?)</tr>', html, re.S)}


def test_the_list_shows_each_keys_number_and_state_newest_first(desk, event):  # noqa: F811
    first = active_key(config=event)
    rotate_key(config=event)
    html = desk.get(url("keys", event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    found = rows(html)
    assert list(found) == [2, 1]
    assert "Active: signs new passes" in found[2]
    assert "Retire" not in found[2]
    assert "Still verifies older passes" in found[1]
    assert url("key_retire", event, first.pk) in found[1]
    assert first.private_key not in html


def test_rotating_makes_a_new_active_key(desk, event):  # noqa: F811
    active_key(config=event)
    response = desk.post(url("key_rotate", event), HTTP_ACCEPT_LANGUAGE="en")
    assert texts(response) == ["Key 2 now signs new passes."]
    assert active_key(config=event).key_id == 2
    assert [e.action for e in ModelLogEntry.objects.for_instance(active_key(config=event))] == ["checkin.key_rotated"]


def test_the_first_key_can_be_made_from_an_empty_list(desk, event):  # noqa: F811
    html = desk.get(url("keys", event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No key yet" in html
    assert "Create the first key" in html
    desk.post(url("key_rotate", event))
    assert list(SigningKey.objects.values_list("key_id", "active")) == [(1, True)]


def test_retiring_an_old_key_and_refusing_to_retire_the_active_one(desk, event):  # noqa: F811
    old = active_key(config=event)
    new = rotate_key(config=event)
    refused = desk.post(url("key_retire", event, new.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert texts(refused) == ["The key that signs new passes cannot be retired; rotate it first."]
    new.refresh_from_db()
    assert new.retired_at is None
    done = desk.post(url("key_retire", event, old.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert texts(done)[-1] == "Key 1 is retired: passes it signed are refused."
    old.refresh_from_db()
    assert old.retired_at is not None
    assert "Retired " in rows(desk.get(url("keys", event), HTTP_ACCEPT_LANGUAGE="en").content.decode())[1]


def test_another_events_key_is_not_found_here(desk, event, other_event):  # noqa: F811
    active_key(config=other_event)
    theirs = rotate_key(config=other_event)
    old = SigningKey.objects.get(event=other_event, key_id=1)
    assert is_not_found(desk.post(url("key_retire", event, old.pk)), desk)
    old.refresh_from_db()
    assert old.retired_at is None
    assert theirs.active


def test_who_may_only_look_cannot_rotate_or_retire(viewer, event):  # noqa: F811
    old = active_key(config=event)
    rotate_key(config=event)
    html = viewer.get(url("keys", event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rotate the key" not in html
    assert "Retire</button>" not in html
    assert viewer.post(url("key_rotate", event), headers=AS_SCRIPT).status_code == 403
    assert viewer.post(url("key_retire", event, old.pk), headers=AS_SCRIPT).status_code == 403
    assert SigningKey.objects.count() == 2
    assert SigningKey.objects.filter(retired_at__isnull=False).count() == 0
