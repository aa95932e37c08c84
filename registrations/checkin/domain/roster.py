"""The roster an offline scanner downloads: who may come in, with what pass version, and who is in already.

Built with a handful of flat queries (20,000 guests in well under a second), kept gzipped in the
cache under a cheap marker of what it depends on, and served with an ETag of its content.

Guests are the attending registrations (accepted, confirmed) with their current pass version.
`revoked` (an addition to the README's fields) lists the registrations whose pass is refused for
good — cancelled, replaced, declined, rejected, or pass revoked — so an offline scanner says
"revoked" rather than "unknown" for a validly signed pass of theirs. Invited, pending or
waitlisted guests are in neither list: offline, they are "not admitted".
"""

import gzip
import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language

from registrations import names
from registrations.checkin.domain.gate import REFUSED_STATUSES, _TTLCache
from registrations.checkin.models import Scan
from registrations.logistics.domain.seating import seat_labels
from registrations.logistics.models.needs import Access
from registrations.logistics.models.seating import Seat
from registrations.models import ATTENDING, Category, Registration

NOTE_MAX = 120
# A roster in the cache is rebuilt at least this often, so a change the marker cannot see (a
# delegation renamed) reaches the scanners within this time.
CACHE_SECONDS = 60
# The marker itself is read at most every few seconds per process: scanners poll, and an
# answer up to this old is as good as a fresh one.
MARKER_SECONDS = 3.0


_markers = _TTLCache(MARKER_SECONDS)


@dataclass(frozen=True)
class Roster:
    etag: str
    gzipped: bytes


def marker(config) -> str:
    """A cheap fingerprint of everything the roster shows: it changes when any of it does."""
    registrations = Registration.objects.filter(event=config).aggregate(
        n=Count("pk"),
        u=Max("updated_at"),
        p=Max("person__updated_at"),
        v=Max("checkin_pass__updated_at"),
        needs=Max("needs__updated_at"),
    )
    scans = Scan.objects.filter(event=config).aggregate(m=Max("pk"), a=Max("annulled_at"))
    seats = Seat.objects.filter(plan__event=config, plan__is_main=True, registration__isnull=False).aggregate(
        n=Count("pk"), s=Sum(F("registration_id") * (F("number") + F("table_id") * 1000))
    )
    categories = list(Category.objects.filter(event=config).values_list("code", "name_zh", "name_en", "colour"))
    return json.dumps([registrations, scans, seats, categories], default=str, sort_keys=True)


def gate_note(note: str, access: list | None, access_note: str) -> str:
    """What the gate should know at a glance: the pass's note and access needs, never more."""
    labels = dict(Access.choices)
    parts = [note, *(str(labels[code]) for code in (access or []) if code in labels), access_note]
    text = "; ".join(part.strip() for part in parts if part and part.strip())
    return text if len(text) <= NOTE_MAX else text[: NOTE_MAX - 1] + "…"


def build(config) -> dict:
    rows = list(
        Registration.objects.filter(event=config, status__in=ATTENDING)
        .order_by("pk")
        .values_list(
            "pk",
            "checkin_pass__version",
            "person__family_name",
            "person__given_name",
            "person__language",
            "person__country",
            "person__chinese_name",
            "category__code",
            "delegation__name",
            "checkin_pass__note",
            "needs__access",
            "needs__access_note",
        )
    )
    seats = seat_labels(config, [row[0] for row in rows])
    guests = []
    for pk, version, family, given, language, country, chinese, category, delegation, note, access, a_note in rows:
        name = names.full_name(family=family, given=given, language=language, country=country)
        chinese = chinese or (name if names.is_cjk(name) else "")
        guests.append(
            [
                pk,
                version or 1,
                name,
                chinese,
                category,
                delegation or "",
                seats.get(pk, ""),
                gate_note(note or "", access, a_note or ""),
            ]
        )
    revoked = list(
        Registration.objects.filter(event=config)
        .filter(Q(status__in=REFUSED_STATUSES) | Q(checkin_pass__revoked_at__isnull=False))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    checkins = [
        [registration_id, point_id, direction, at.isoformat(timespec="milliseconds")]
        for registration_id, point_id, direction, at in Scan.objects.filter(
            event=config, result=Scan.Result.OK, annulled_at__isnull=True
        )
        .order_by("scanned_at", "pk")
        .values_list("registration_id", "point_id", "direction", "scanned_at")
    ]
    categories = {
        code: {"name_zh": zh, "name_en": en, "colour": colour}
        for code, zh, en, colour in Category.objects.filter(event=config).values_list(
            "code", "name_zh", "name_en", "colour"
        )
    }
    return {"event": config.pk, "categories": categories, "guests": guests, "revoked": revoked, "checkins": checkins}


def roster(*, config) -> Roster:
    """The event's roster, gzipped, with its ETag; from the cache while nothing it shows has changed."""
    mark = _markers.get(config.pk, lambda: marker(config))
    key = "checkin:roster:" + hashlib.sha256(f"{config.pk}|{get_language()}|{mark}".encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found
    body = json.dumps(build(config), ensure_ascii=False, separators=(",", ":")).encode()
    etag = hashlib.sha256(body).hexdigest()[:32]  # of the content, before the time it was made
    stamp = json.dumps({"generated_at": timezone.now().isoformat(timespec="seconds")}).encode()
    body = body[:-1] + b"," + stamp[1:]
    found = Roster(etag=f'"{etag}"', gzipped=gzip.compress(body, compresslevel=6, mtime=0))
    cache.set(key, found, CACHE_SECONDS)
    return found
