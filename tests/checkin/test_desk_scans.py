"""The scan log: newest first, paginated, filtered; marking flagged scans reviewed."""

import threading

import pytest
from django.db import close_old_connections, connection
from wagtail.models import ModelLogEntry

from registrations.checkin.admin.scans import PAGE_SIZE
from registrations.checkin.domain.devices import create_device
from registrations.checkin.domain.review import mark_reviewed
from registrations.checkin.models import Scan
from tests.checkin.desk_support import (  # noqa: F401
    AS_SCRIPT,
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


@pytest.fixture
def log(event):  # noqa: F811
    gate, hall = point(event, "Main gate"), point(event, "Banquet hall")
    phone, _ = create_device(config=event, name="Gate phone")
    wang = guest(event, "vip", family_name="王", given_name="芳", language="zh-hans", country="CN")
    return {
        "ok": scan(wang, gate, shanghai(2027, 5, 10, 9, 0), device=phone),
        "offline_dup": scan(wang, hall, shanghai(2027, 5, 10, 9, 30), result=Scan.Result.ALREADY, offline=True,
                            needs_review=True, device=phone),
        "forced": scan(guest(event), hall, shanghai(2027, 5, 10, 9, 10), forced=True, needs_review=True),
        "unknown": scan(None, gate, shanghai(2027, 5, 10, 9, 20), result=Scan.Result.UNKNOWN),
    }  # fmt: skip


def shown(response):
    return [s.pk for s in response.context["page"].object_list]


def test_the_log_is_newest_first_with_name_device_and_both_times(desk, event, log):  # noqa: F811
    response = desk.get(url("scans", event), HTTP_ACCEPT_LANGUAGE="en")
    assert shown(response) == [log[k].pk for k in ("offline_dup", "unknown", "forced", "ok")]
    html = response.content.decode()
    assert "4 scans" in html
    assert "王芳" in html
    assert "Gate phone" in html
    assert "Unknown pass" in html
    assert "05-10 09:30:00" in html  # scanned
    recorded = log["ok"].recorded_at.astimezone(shanghai(2027, 1, 1).tzinfo).strftime("%m-%d %H:%M:%S")
    assert recorded in html
    assert html.count("Mark reviewed") == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"review": "on"}, ["offline_dup", "forced"]),
        ({"offline": "on"}, ["offline_dup"]),
        ({"forced": "on"}, ["forced"]),
        ({"result": "unknown"}, ["unknown"]),
        ({"result": "ok", "forced": "on"}, ["forced"]),
    ],
)
def test_the_filters(desk, event, log, params, expected):  # noqa: F811
    assert shown(desk.get(url("scans", event), params)) == [log[k].pk for k in expected]


def test_the_point_filter(desk, event, log):  # noqa: F811
    hall = log["forced"].point
    assert shown(desk.get(url("scans", event), {"point": hall.pk})) == [log["offline_dup"].pk, log["forced"].pk]


def test_a_bad_filter_value_is_an_error_and_filters_nothing(desk, event, other_event, log):  # noqa: F811
    theirs = point(other_event, "Their gate")
    response = desk.get(url("scans", event), {"point": theirs.pk, "result": "bogus"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert sorted(response.context["filters"].errors) == ["point", "result"]
    assert len(shown(response)) == 4


def test_the_log_is_paginated(desk, event):  # noqa: F811
    gate = point(event, "Main gate")
    someone = guest(event)
    for minute in range(PAGE_SIZE + 3):
        scan(someone, gate, shanghai(2027, 5, 10, 8, 0).replace(minute=minute % 60, hour=8 + minute // 60))
    first = desk.get(url("scans", event), {"result": "ok"}, HTTP_ACCEPT_LANGUAGE="en")
    assert len(shown(first)) == PAGE_SIZE
    assert "page=2" in first.content.decode()
    assert "result=ok&amp;page=2" in first.content.decode()
    second = desk.get(url("scans", event), {"result": "ok", "page": 2})
    assert len(shown(second)) == 3
    assert shown(desk.get(url("scans", event), {"page": "nonsense"})) == shown(first)


def test_the_logs_queries_do_not_grow_with_the_scans(desk, event, log, django_assert_max_num_queries):  # noqa: F811
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        desk.get(url("scans", event))
    gate = log["ok"].point
    for n in range(20):
        scan(guest(event), gate, shanghai(2027, 5, 11, 9, n))
    with django_assert_max_num_queries(len(few)):
        desk.get(url("scans", event))


def test_marking_reviewed_takes_the_scan_off_the_list_once_and_logs_it(desk, event, log):  # noqa: F811
    flagged = log["offline_dup"]
    done = desk.post(url("scan_reviewed", event, flagged.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 302
    assert texts(done) == ["The scan is marked reviewed."]
    flagged.refresh_from_db()
    assert flagged.needs_review is False
    assert [e.action for e in ModelLogEntry.objects.for_instance(flagged)] == ["checkin.scan_reviewed"]
    mark_reviewed(scan=flagged)
    assert ModelLogEntry.objects.for_instance(flagged).count() == 1
    assert shown(desk.get(url("scans", event), {"review": "on"})) == [log["forced"].pk]


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="the in-memory SQLite test database cannot take concurrent connections"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_supervisors_marking_the_same_scan_at_once_log_it_once(event):  # noqa: F811
    flagged = scan(guest(event), point(event, "Main gate"), shanghai(2027, 5, 10, 9), needs_review=True)
    barrier = threading.Barrier(8)
    errors = []

    def supervisor():
        try:
            barrier.wait(timeout=10)
            mark_reviewed(scan=flagged)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=supervisor) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert ModelLogEntry.objects.for_instance(flagged).filter(action="checkin.scan_reviewed").count() == 1
    assert Scan.objects.get(pk=flagged.pk).needs_review is False


def test_another_events_scan_is_not_found_here(desk, event, other_event):  # noqa: F811
    theirs = scan(guest(other_event), point(other_event, "Their gate"), shanghai(2027, 5, 10, 9), needs_review=True)
    assert is_not_found(desk.post(url("scan_reviewed", event, theirs.pk)), desk)
    theirs.refresh_from_db()
    assert theirs.needs_review is True


def test_who_may_only_look_sees_the_log_but_cannot_mark_reviewed(viewer, event, log):  # noqa: F811
    html = viewer.get(url("scans", event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "to review" in html
    assert "Mark reviewed" not in html
    assert viewer.post(url("scan_reviewed", event, log["forced"].pk), headers=AS_SCRIPT).status_code == 403
    assert Scan.objects.filter(needs_review=True).count() == 2
