"""Every date and time from outside is checked against a window that PostgreSQL and psycopg can hold."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from common.moments import (
    EARLIEST,
    LATEST,
    DayField,
    MomentField,
    as_utc,
    check_day,
    check_moment,
    parse_moment,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
ZONES = sorted(available_timezones() - {"Factory", "localtime"})


def test_year_one_in_shanghai_is_refused_not_moved_before_the_calendar():
    with pytest.raises(ValidationError) as refused:
        check_moment(datetime(1, 1, 1), zone=SHANGHAI)
    assert refused.value.code == "out_of_range"


@pytest.mark.parametrize("offset_hours", [14, -14, 0])
def test_year_one_and_9999_with_any_offset_are_refused(offset_hours):
    zone = timezone(timedelta(hours=offset_hours))
    for moment in (datetime(1, 1, 1, tzinfo=zone), datetime(9999, 12, 31, 23, 59, tzinfo=zone)):
        with pytest.raises(ValidationError):
            check_moment(moment)


def test_offset_beyond_fourteen_hours_is_no_moment():
    assert as_utc(datetime(2027, 1, 1, tzinfo=timezone(timedelta(hours=15)))) is None
    assert as_utc(datetime(2027, 1, 1, tzinfo=timezone(timedelta(hours=14)))) == datetime(2026, 12, 31, 10, tzinfo=UTC)


def test_a_moment_inside_the_window_comes_back_in_utc():
    assert check_moment(datetime(2027, 3, 1, 9, 30), zone=SHANGHAI) == datetime(2027, 3, 1, 1, 30, tzinfo=UTC)


def test_bounds_may_be_read_at_the_time_of_the_check():
    now = datetime(2027, 3, 1, tzinfo=UTC)
    with pytest.raises(ValidationError):
        check_moment(now + timedelta(minutes=6), latest=lambda: now + timedelta(minutes=5))
    assert check_moment(now, latest=lambda: now + timedelta(minutes=5)) == now


def test_the_message_names_the_window_in_the_users_language():
    # The message is lazy: it is read while the language is still in force.
    with override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            check_moment(datetime(1999, 12, 31, tzinfo=UTC))
        assert refused.value.messages == ["请填写 2000年1月1日 08:00 至 2100年1月1日 08:00 之间的日期和时间。"]
    with override("en"):
        with pytest.raises(ValidationError) as refused:
            check_moment(datetime(1999, 12, 31, tzinfo=UTC))
        assert refused.value.messages[0].startswith("Give a date and time between ")
        assert "2000" in refused.value.messages[0]


@pytest.mark.parametrize(
    "text", ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "yesterday", "", 7, None]
)
def test_parse_moment_refuses_what_no_scan_can_mean(text):
    with pytest.raises(ValidationError):
        parse_moment(text, zone=SHANGHAI)


def test_parse_moment_reads_z_and_naive_times():
    assert parse_moment("2027-03-01T01:30:00Z") == datetime(2027, 3, 1, 1, 30, tzinfo=UTC)
    assert parse_moment("2027-03-01T09:30:00", zone=SHANGHAI) == datetime(2027, 3, 1, 1, 30, tzinfo=UTC)


def test_days_outside_the_window_are_refused():
    assert check_day(date(1950, 5, 1)) == date(1950, 5, 1)
    for day in (date(1, 1, 1), date(9999, 12, 31)):
        with pytest.raises(ValidationError):
            check_day(day)


def test_form_fields_refuse_year_one_as_a_field_error():
    field = MomentField()
    with override("en"), pytest.raises(ValidationError) as refused:
        field.clean("0001-01-01 00:00")
    assert refused.value.code == "out_of_range"
    assert field.clean("2027-03-01 09:30") == datetime(2027, 3, 1, 1, 30, tzinfo=UTC)
    with pytest.raises(ValidationError):
        DayField().clean("0001-01-01")


@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
    st.one_of(
        st.none(),
        st.sampled_from(ZONES).map(ZoneInfo),
        st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m))),
    ),
)
def test_any_datetime_is_either_refused_or_a_utc_moment_inside_the_window(moment, zone):
    value = moment if zone is None else moment.replace(tzinfo=zone)
    utc_moment = as_utc(value, zone=SHANGHAI)
    if utc_moment is None or not EARLIEST <= utc_moment <= LATEST:
        with pytest.raises(ValidationError, match="之间"):
            check_moment(value, zone=SHANGHAI)
    else:
        checked = check_moment(value, zone=SHANGHAI)
        assert checked == utc_moment
        assert checked.tzinfo is UTC
        assert EARLIEST <= checked <= LATEST
        # What is stored can be read back: an ISO string with a year of four digits.
        assert datetime.fromisoformat(checked.isoformat()) == checked


def dst_edge_days(zone, year=2027):
    """The days of `year` on which the zone's offset changes (a DST edge or a change of standard time)."""
    days, before = [], datetime(year, 1, 1, tzinfo=zone).utcoffset()
    for n in range(1, 366):
        offset = (datetime(year, 1, 1, tzinfo=zone) + timedelta(days=n)).utcoffset()
        if offset != before:
            days.append(date(year, 1, 1) + timedelta(days=n - 1))
        before = offset
    return days


def test_every_local_time_on_every_zones_dst_edges_is_a_moment_inside_the_window():
    checked_edges = 0
    for zone in map(ZoneInfo, ZONES):
        for day in dst_edge_days(zone):
            checked_edges += 1
            for quarter in range(2 * 24 * 4):  # the day of the change and the next, every 15 minutes
                naive = datetime.combine(day, datetime.min.time()) + timedelta(minutes=15 * quarter)
                for fold in (0, 1):
                    checked = check_moment(naive.replace(fold=fold), zone=zone)
                    assert checked.tzinfo is UTC
                    assert abs(checked.replace(tzinfo=None) - naive) <= timedelta(hours=15)
    assert checked_edges > 100  # Europe, the Americas, Oceania: the check really ran over DST edges
