"""The check-in dashboard: counts per point and category, arrivals over time, VIPs still to come."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registrations.checkin.domain.dashboard import arrivals_chart, figures
from registrations.checkin.models import CheckinPoint, Scan
from registrations.models import Status
from tests.checkin.desk_support import desk, event, guest, other_event, point, scan, url, viewer  # noqa: F401
from tests.conftest import shanghai

pytestmark = pytest.mark.django_db
EXIT = CheckinPoint.Direction.EXIT


@pytest.fixture
def gates(event):  # noqa: F811
    return {
        "gate": point(event, "Main gate"),
        "exit": point(event, "Main exit", direction=EXIT),
        "hall": point(event, "Banquet hall", multiple_entry=True),
    }


@pytest.fixture
def known(event, gates, other_event):  # noqa: F811
    """A known day at the gates: three guests arrived, two VIPs not, scans that must not count."""
    gate, exit_, hall = gates["gate"], gates["exit"], gates["hall"]
    people = {
        "vip1": guest(event, "vip", family_name="王", given_name="芳", language="zh-hans", country="CN"),
        "vip2": guest(event, "vip", family_name="Okafor", given_name="Ada"),
        "ranked": guest(event, "guest", protocol_class=1, family_name="Dubois", given_name="Marie"),
        "cancelled_vip": guest(event, "vip", status=Status.CANCELLED, family_name="Gone"),
        "g1": guest(event),
        "g2": guest(event),
        "g3": guest(event),
        "g4": guest(event),
    }
    scan(people["vip1"], gate, shanghai(2027, 5, 10, 9, 0))
    scan(people["g1"], gate, shanghai(2027, 5, 10, 9, 5))
    scan(people["g1"], exit_, shanghai(2027, 5, 10, 10, 0))
    scan(people["g1"], hall, shanghai(2027, 5, 10, 18, 30))
    scan(people["g1"], hall, shanghai(2027, 5, 10, 18, 45))
    scan(people["g2"], hall, shanghai(2027, 5, 10, 9, 20))
    # Not check-ins: annulled, refused, an unknown pass, another event's gate.
    scan(people["ranked"], gate, shanghai(2027, 5, 10, 9, 1), annulled_at=shanghai(2027, 5, 10, 9, 2))
    scan(people["g4"], gate, shanghai(2027, 5, 10, 9, 3), result=Scan.Result.REVOKED)
    scan(people["g1"], gate, shanghai(2027, 5, 10, 9, 6), result=Scan.Result.ALREADY, needs_review=True)
    scan(None, gate, shanghai(2027, 5, 10, 9, 7), result=Scan.Result.UNKNOWN)
    elsewhere = point(other_event, "Other gate")
    scan(guest(other_event, "vip"), elsewhere, shanghai(2027, 5, 10, 9, 8))
    return people


def test_the_figures_of_a_known_day(event, gates, known):  # noqa: F811
    found = figures(event)
    assert (found.attending, found.arrived, found.to_review) == (7, 3, 1)
    assert [(row.point.name_en, row.guests, row.scans) for row in found.points] == [
        ("Main gate", 2, 2),
        ("Main exit", 1, 1),
        ("Banquet hall", 2, 3),
    ]
    assert [(row.category.code, row.attending, row.arrived) for row in found.categories] == [
        ("vip", 2, 1),
        ("guest", 5, 2),
    ]
    # The protocol class comes first, then the VIP category; the cancelled VIP is not expected.
    assert [r.pk for r in found.vips_missing] == [known["ranked"].pk, known["vip2"].pk]
    assert found.arrivals == [shanghai(2027, 5, 10, 9, 0), shanghai(2027, 5, 10, 9, 5), shanghai(2027, 5, 10, 9, 20)]


def test_arrivals_are_cumulated_per_quarter_hour_on_a_short_day_per_hour_on_a_long_one():
    short = [shanghai(2027, 5, 10, 9, 0), shanghai(2027, 5, 10, 9, 5), shanghai(2027, 5, 10, 9, 31)]
    assert arrivals_chart(short) == {"labels": ["09:00", "09:15", "09:30"], "data": [2, 2, 3]}
    long = [shanghai(2027, 5, 10, 8, 59), shanghai(2027, 5, 10, 18, 30)]
    chart = arrivals_chart(long)
    assert (chart["labels"][0], chart["labels"][-1], len(chart["labels"])) == ("05-10 08:00", "05-10 18:00", 11)
    assert (chart["data"][0], chart["data"][-2], chart["data"][-1]) == (1, 1, 2)
    week = [shanghai(2027, 5, 1, 9), shanghai(2027, 5, 10, 9)]
    assert arrivals_chart(week)["labels"] == [f"05-{d:02d}" for d in range(1, 11)]
    assert arrivals_chart([]) == {"labels": [], "data": []}


def test_the_dashboard_page_shows_the_figures_the_vips_and_refreshes_itself(desk, event, gates, known):  # noqa: F811
    response = desk.get(url("dashboard", event), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-checkin-live data-refresh-seconds="15"' in html
    assert "checkin/admin/dashboard.js" in html
    assert response.context["chart"]["labels"] == ["09:00", "09:15"]
    assert response.context["chart"]["data"] == [2, 3]
    assert '<script id="ck-arrivals-data" type="application/json">' in html
    assert f'data-vip="{known["ranked"].pk}"' in html
    assert f'data-vip="{known["vip2"].pk}"' in html
    assert f'data-vip="{known["vip1"].pk}"' not in html
    assert "VIPs are the guests of the VIP category and the guests given a protocol class" in html
    assert "Scans to review" in html
    assert f'href="{url("scans", event)}?review=on"' in html


def test_the_dashboard_in_chinese(desk, event, gates, known):  # noqa: F811
    html = desk.get(url("dashboard", event)).content.decode()
    assert "签到" in html  # the tab
    assert "贵宾" in html
    assert "Scans to review" not in html


def test_an_event_without_points_or_scans_says_so(desk, event):  # noqa: F811
    response = desk.get(url("dashboard", event), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "No check-in points yet." in html
    assert "Nobody has arrived yet." in html
    assert "Every VIP has arrived." in html
    assert response.context["figures"].arrived == 0


def test_the_dashboards_queries_do_not_grow_with_the_guests(desk, event, gates, known, django_assert_num_queries):  # noqa: F811
    with CaptureQueriesContext(connection) as few:
        desk.get(url("dashboard", event))
    for n in range(30):
        more = guest(event, "vip" if n % 3 == 0 else "guest")
        if n % 2:
            scan(more, gates["gate"], shanghai(2027, 5, 10, 9, n))
            scan(more, gates["hall"], shanghai(2027, 5, 10, 19, n))
    with django_assert_num_queries(len(few)):
        response = desk.get(url("dashboard", event))
    assert response.context["figures"].arrived == 3 + 15


def test_the_tab_is_shown_to_who_may_see_check_in(viewer, event):  # noqa: F811
    response = viewer.get(url("dashboard", event), HTTP_ACCEPT_LANGUAGE="en")
    tabs = [tab["label"] for tab in response.context["event_nav"]]
    assert "Check-in" in tabs
    assert [tab["current"] for tab in response.context["event_nav"] if tab["label"] == "Check-in"] == [True]
    assert [item["label"] for item in response.context["checkin_nav"]] == [
        "Live dashboard", "Check-in points", "Devices", "Passes", "Scans", "Signing keys",
    ]  # fmt: skip


def test_the_chart_spans_no_more_than_its_data(event, gates):  # noqa: F811
    one = guest(event)
    scan(one, gates["gate"], shanghai(2027, 5, 10, 9, 14))
    assert arrivals_chart(figures(event).arrivals) == {"labels": ["09:00"], "data": [1]}
    assert dt.timedelta(0) == figures(event).arrivals[0] - shanghai(2027, 5, 10, 9, 14)
