"""Dates and times that come from outside, checked against a sane window before they are stored.

A moment the product could never mean (year 1, year 9999, an offset that pushes it past the
calendar) is refused with a message naming the field and is never stored: PostgreSQL keeps a
timestamp before year 1 that psycopg cannot read back, and one such row breaks every page that
reads it. Every door that takes a date or a time (forms, the API, imports, offline scans) goes
through `check_moment` / `check_day`, or through the form fields below, which call them.

The default window is the one any activity of the office can fall in (`EARLIEST`..`LATEST`);
callers narrow it where they know more (an offline scan: from before the event's first check-in
point opens to now plus a little clock skew).
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
EARLIEST_DAY = date(1900, 1, 1)  # birth dates, dates of taking office
LATEST_DAY = date(2100, 12, 31)
# No place on Earth is further from UTC than this (Kiribati +14:00, Baker Island -12:00).
MAX_OFFSET = timedelta(hours=14)

Bound = datetime | Callable[[], datetime] | None
DayBound = date | Callable[[], date] | None

OUT_OF_RANGE = "out_of_range"


def _resolve(bound):
    return bound() if callable(bound) else bound


def as_utc(value: datetime, *, zone: tzinfo | None = None) -> datetime | None:
    """The moment in UTC, or None where it is no moment of the calendar.

    A naive value is read in `zone` (default: the current time zone). None for an offset beyond
    ±14:00 and for anything that falls outside years 1..9999 once in UTC.
    """
    if not isinstance(value, datetime):
        return None
    try:
        if timezone.is_naive(value):
            value = value.replace(tzinfo=zone or timezone.get_current_timezone())
        offset = value.utcoffset()
        if offset is None or abs(offset) > MAX_OFFSET:
            return None
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _shown(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def check_moment(value: datetime, *, earliest: Bound = None, latest: Bound = None, zone: tzinfo | None = None):
    """`value` in UTC if it lies in [earliest, latest], else a ValidationError.

    Bounds default to `EARLIEST` and `LATEST` and may be callables (read at the time of the check).
    The error's code is `out_of_range`; its message says the window in the current language.
    """
    low, high = _resolve(earliest) or EARLIEST, _resolve(latest) or LATEST
    moment = as_utc(value, zone=zone)
    if moment is None or not low <= moment <= high:
        raise ValidationError(
            _("Give a date and time between %(earliest)s and %(latest)s."),
            code=OUT_OF_RANGE,
            params={"earliest": _shown(low), "latest": _shown(high)},
        )
    return moment


def check_day(value: date, *, earliest: DayBound = None, latest: DayBound = None) -> date:
    """`value` if it is a date in [earliest, latest] (default `EARLIEST_DAY`..`LATEST_DAY`)."""
    low, high = _resolve(earliest) or EARLIEST_DAY, _resolve(latest) or LATEST_DAY
    if isinstance(value, datetime) or not isinstance(value, date) or not low <= value <= high:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s."),
            code=OUT_OF_RANGE,
            params={"earliest": formats.date_format(low), "latest": formats.date_format(high)},
        )
    return value


def parse_moment(text, *, zone: tzinfo | None = None, earliest: Bound = None, latest: Bound = None) -> datetime:
    """An ISO 8601 date and time from a JSON field, checked; a naive one is read in `zone`.

    Anything else (not a string, not ISO 8601, out of the window) is a ValidationError.
    """
    if not isinstance(text, str) or not 0 < len(text) <= 40:
        raise ValidationError(_("Give a date and time in ISO 8601."), code="invalid")
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValidationError(_("Give a date and time in ISO 8601."), code="invalid") from None
    return check_moment(value, earliest=earliest, latest=latest, zone=zone)


def sane_moment(value: datetime) -> None:
    """Model field validator: the default window, so the admin's forms refuse year 1 too."""
    check_moment(value)


def sane_day(value: date) -> None:
    """Model field validator for dates: the default day window."""
    check_day(value)


class MomentField(forms.DateTimeField):
    """A form's date and time, refused unless it lies in the window (default `EARLIEST`..`LATEST`)."""

    def __init__(self, *, earliest: Bound = None, latest: Bound = None, **kwargs):
        self.earliest, self.latest = earliest, latest
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            result = super().to_python(value)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if result is None:
            return None
        return check_moment(result, earliest=self.earliest, latest=self.latest)


class DayField(forms.DateField):
    """A form's date, refused unless it lies in the window (default `EARLIEST_DAY`..`LATEST_DAY`)."""

    def __init__(self, *, earliest: DayBound = None, latest: DayBound = None, **kwargs):
        self.earliest, self.latest = earliest, latest
        super().__init__(**kwargs)

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        return check_day(result, earliest=self.earliest, latest=self.latest)
