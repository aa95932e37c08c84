"""The live figures of an event's check-in: who came in where, when, and which VIPs are still to come.

A check-in is a scan with result ok that was not annulled. A guest has arrived when they have
a check-in at an entry point. Every figure costs one query, however many guests there are.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from registrations.checkin.models import CheckinPoint, Scan
from registrations.models import EventConfig, Registration
from registrations.models.registrations import ATTENDING

VIP_CODE = "vip"


@dataclass
class PointRow:
    point: CheckinPoint
    guests: int = 0  # distinct guests checked in here
    scans: int = 0  # check-ins, more than guests where multiple entry is allowed


@dataclass
class CategoryRow:
    category: object
    attending: int = 0
    arrived: int = 0


@dataclass
class Figures:
    attending: int
    arrived: int
    to_review: int
    points: list[PointRow]
    categories: list[CategoryRow]
    vips_missing: list[Registration]
    arrivals: list[dt.datetime] = field(default_factory=list)  # each guest's first entry, in order


def check_ins(config: EventConfig):
    return Scan.objects.filter(event=config, result=Scan.Result.OK, annulled_at__isnull=True)


def entries(config: EventConfig):
    return check_ins(config).filter(direction=CheckinPoint.Direction.ENTRY, registration__isnull=False)


def vip_q() -> Q:
    """Who the dashboard watches for: the VIP category, or anyone given a protocol rank class."""
    return Q(category__code=VIP_CODE) | Q(protocol_class__isnull=False)


def figures(config: EventConfig) -> Figures:
    points = {p.pk: PointRow(p) for p in CheckinPoint.objects.filter(event=config)}
    for row in (
        check_ins(config).values("point_id").annotate(guests=Count("registration", distinct=True), n=Count("pk"))
    ):
        if row["point_id"] in points:
            points[row["point_id"]].guests, points[row["point_id"]].scans = row["guests"], row["n"]

    categories = {c.pk: CategoryRow(c) for c in config.categories.all()}
    attending = Registration.objects.filter(event=config, status__in=ATTENDING)
    for row in attending.values("category_id").annotate(n=Count("pk")):
        categories[row["category_id"]].attending = row["n"]
    first_entry = dict(entries(config).values_list("registration_id").annotate(first=Min("scanned_at")))
    for row in entries(config).values("registration__category_id").annotate(n=Count("registration", distinct=True)):
        categories[row["registration__category_id"]].arrived = row["n"]

    arrived = entries(config).filter(registration__status__in=ATTENDING).values("registration_id")
    vips = (
        attending.filter(vip_q())
        .exclude(pk__in=arrived)
        .select_related("person", "category", "delegation")
        .order_by(
            F("protocol_class").asc(nulls_last=True),
            F("protocol_order").asc(nulls_last=True),
            "person__family_name",
            "person__given_name",
            "pk",
        )
    )
    return Figures(
        attending=sum(row.attending for row in categories.values()),
        arrived=len(first_entry),
        to_review=Scan.objects.filter(event=config, needs_review=True).count(),
        points=list(points.values()),
        categories=[row for row in categories.values() if row.attending or row.arrived],
        vips_missing=list(vips),
        arrivals=sorted(first_entry.values()),
    )


def arrivals_chart(arrivals: list[dt.datetime]) -> dict:
    """Guests arrived so far, cumulated over buckets of 15 minutes, an hour or a day (by the span)."""
    if not arrivals:
        return {"labels": [], "data": []}
    local = [timezone.localtime(moment) for moment in arrivals]
    span = local[-1] - local[0]
    if span <= dt.timedelta(hours=6):
        step, fmt = dt.timedelta(minutes=15), "%H:%M"
    elif span <= dt.timedelta(days=3):
        step, fmt = dt.timedelta(hours=1), "%m-%d %H:%M"
    else:
        step, fmt = dt.timedelta(days=1), "%m-%d"

    def bucket(moment: dt.datetime) -> dt.datetime:
        if step == dt.timedelta(days=1):
            return moment.replace(hour=0, minute=0, second=0, microsecond=0)
        if step == dt.timedelta(hours=1):
            return moment.replace(minute=0, second=0, microsecond=0)
        return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)

    labels, data, total = [], [], 0
    current, last = bucket(local[0]), bucket(local[-1])
    index = 0
    while current <= last:
        end = current + step
        while index < len(local) and local[index] < end:
            index += 1
        total = index
        labels.append(current.strftime(fmt))
        data.append(total)
        current = end
    return {"labels": labels, "data": data}
