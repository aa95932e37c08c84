"""Check-in points on the desk: the list, adding and changing with their rules, deleting one nobody used."""

import pytest
from wagtail.models import ModelLogEntry

from events.models import EventSession
from registrations.checkin.models import CheckinPoint
from tests.checkin.desk_support import (  # noqa: F401
    AS_SCRIPT,
    category,
    desk,
    event,
    guest,
    is_not_found,
    other_event,
    point,
    scan,
    url,
    viewer,
)
from tests.conftest import shanghai
from tests.registrations.test_backoffice import texts

pytestmark = pytest.mark.django_db


def form_data(config, **changes):
    data = {
        "name_zh": "宴会厅",
        "name_en": "Banquet hall",
        "direction": "entry",
        "session": "",
        "opens": "2027-05-10 18:00",
        "closes": "2027-05-10 21:00",
        "multiple_entry": "on",
        "entry_after_exit": "on",
    }
    data.update(changes)
    return data


def test_a_new_point_with_its_session_categories_window_and_rules(desk, event):  # noqa: F811
    session = EventSession.objects.filter(page_id=event.event_id).order_by("start").last()
    vip, official = category(event, "vip"), category(event, "official")
    data = form_data(event, session=session.pk, categories=[vip.pk, official.pk], entry_after_exit="")
    response = desk.post(url("point_add", event), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response.url == url("points", event)
    assert texts(response) == ["Banquet hall saved."]
    created = CheckinPoint.objects.get()
    assert (created.event, created.name_zh, created.name_en, created.direction, created.session) == (
        event, "宴会厅", "Banquet hall", "entry", session,
    )  # fmt: skip
    assert set(created.categories.all()) == {vip, official}
    assert (created.opens, created.closes) == (shanghai(2027, 5, 10, 18), shanghai(2027, 5, 10, 21))
    assert (created.multiple_entry, created.entry_after_exit) == (True, False)
    assert [e.action for e in ModelLogEntry.objects.for_instance(created)] == ["wagtail.create"]


def test_the_list_shows_each_points_rules(desk, event):  # noqa: F811
    hall = point(event, "Banquet hall", multiple_entry=True, opens=shanghai(2027, 5, 10, 18))
    hall.categories.set([category(event, "vip")])
    point(event, "Main exit", direction="exit")
    html = desk.get(url("points", event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.index("Banquet hall") < html.index("Main exit")
    assert f'href="{url("point_edit", event, hall.pk)}"' in html
    assert "05-10 18:00 – …" in html
    assert "Multiple entry · entry after exit" in html
    assert "Once only" in html
    assert "Every category" in html
    assert "The whole event" in html
    assert f'href="{url("point_add", event)}"' in html  # the header button


def test_changing_a_point_keeps_it_and_replaces_its_categories(desk, event):  # noqa: F811
    gate = point(event, "Main gate")
    gate.categories.set([category(event, "vip")])
    page = desk.get(url("point_edit", event, gate.pk))
    assert page.context["form"].initial["categories"] == [category(event, "vip").pk]
    data = form_data(event, name_en="North gate", categories=[category(event, "press").pk], opens="", closes="")
    response = desk.post(url("point_edit", event, gate.pk), data)
    assert response.status_code == 302
    gate.refresh_from_db()
    assert (gate.name_en, list(gate.categories.all()), gate.opens) == ("North gate", [category(event, "press")], None)


@pytest.mark.parametrize(
    ("changes", "field", "english", "chinese"),
    [
        ({"closes": "2027-05-10 17:00"}, "closes", "The point must open before it closes.", "签到点必须先开放后关闭。"),
        ({"closes": "2027-05-10 18:00"}, "closes", "The point must open before it closes.", "签到点必须先开放后关闭。"),
        ({"name_en": ""}, "name_en", "This field is required.", None),
        ({"direction": "sideways"}, "direction", None, None),
        ({"opens": "tomorrow"}, "opens", "Enter a valid date/time.", None),
    ],
)
def test_bad_input_is_a_form_error_in_the_users_language_and_writes_nothing(
    desk,  # noqa: F811
    event,  # noqa: F811
    changes,
    field,
    english,
    chinese,
):
    response = desk.post(url("point_add", event), form_data(event, **changes), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    if english:
        assert response.context["form"].errors[field] == [english]
    if chinese:
        in_chinese = desk.post(url("point_add", event), form_data(event, **changes))
        assert in_chinese.context["form"].errors[field] == [chinese]
    assert not CheckinPoint.objects.exists()


def test_another_events_session_or_category_is_not_a_choice(desk, event, other_event):  # noqa: F811
    foreign_session = EventSession.objects.filter(page_id=other_event.event_id).first()
    data = form_data(event, session=foreign_session.pk, categories=[category(other_event, "vip").pk])
    response = desk.post(url("point_add", event), data, HTTP_ACCEPT_LANGUAGE="en")
    assert sorted(response.context["form"].errors) == ["categories", "session"]
    assert not CheckinPoint.objects.exists()


def test_a_point_nobody_used_is_deleted_one_with_scans_is_kept(desk, event):  # noqa: F811
    unused, used = point(event, "Side door"), point(event, "Main gate")
    scan(guest(event), used, shanghai(2027, 5, 10, 9))
    gone = desk.post(url("point_delete", event, unused.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert texts(gone) == ["Side door deleted."]
    kept = desk.post(url("point_delete", event, used.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert texts(kept)[-1] == "Main gate has scans on record: it cannot be deleted."
    assert list(CheckinPoint.objects.all()) == [used]


def test_another_events_point_is_not_found_here(desk, event, other_event):  # noqa: F811
    theirs = point(other_event, "Their gate")
    assert is_not_found(desk.get(url("point_edit", event, theirs.pk)), desk)
    assert is_not_found(desk.post(url("point_delete", event, theirs.pk)), desk)
    assert CheckinPoint.objects.filter(pk=theirs.pk).exists()


def test_who_may_only_look_sees_the_list_without_links_and_cannot_change_anything(viewer, event):  # noqa: F811
    gate = point(event, "Main gate")
    html = viewer.get(url("points", event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Main gate" in html
    assert url("point_edit", event, gate.pk) not in html
    assert url("point_add", event) not in html
    assert viewer.get(url("point_add", event), headers=AS_SCRIPT).status_code == 403
    assert viewer.post(url("point_add", event), form_data(event), headers=AS_SCRIPT).status_code == 403
    assert viewer.post(url("point_delete", event, gate.pk), headers=AS_SCRIPT).status_code == 403
    assert list(CheckinPoint.objects.all()) == [gate]
