"""The gate: one function decides every scan, online or uploaded later from an offline scanner.

Results (the README's "scan result"): ok, already, not_admitted, revoked, unknown, other_event.
Every scan is recorded as a `Scan`, refused ones included. A scan's nonce is unique per event:
the same nonce again returns the first answer, also when both requests arrive at once.
Decisions about one pass are serialised by locking its `Pass` row, so a pass is admitted once
per point and direction however many gates scan it in the same millisecond.
"""

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.checkin.domain import passes
from registrations.checkin.models import CheckinPoint, Device, Pass, Scan
from registrations.domain.errors import RegistrationError
from registrations.models import ATTENDING, EventConfig, Registration, Status

OK, ALREADY, NOT_ADMITTED, REVOKED, UNKNOWN, OTHER_EVENT = (
    "ok",
    "already",
    "not_admitted",
    "revoked",
    "unknown",
    "other_event",
)
COLOURS = {OK: "green", ALREADY: "amber"}  # everything else is red
# Statuses whose pass is refused for good (until the registration is restored).
REFUSED_STATUSES = (Status.CANCELLED, Status.REPLACED, Status.DECLINED, Status.REJECTED)
NONCE_MAX = 64
# What the gate shows of a guest, fetched with the registration in one query.
GUEST_RELATED = ("person", "category", "delegation", "needs")
# How long a process trusts what it read about points and keys (they change rarely; a change
# reaches every app server within this time).
CACHE_SECONDS = 5.0


class GateError(RegistrationError):
    """A request the gate cannot decide at all (bad nonce, unknown point, annulling refused)."""


@dataclass
class ScanOutcome:
    scan: Scan
    registration: Registration | None = None
    previous: Scan | None = None
    repeat: bool = False  # the nonce was known: this is the first answer again
    point: CheckinPoint | None = None
    pass_row: Pass | None = None

    @property
    def result(self) -> str:
        return self.scan.result

    @property
    def reason(self) -> str:
        return self.scan.reason

    @property
    def colour(self) -> str:
        return COLOURS.get(self.result, "red")

    @property
    def duplicate(self) -> bool:
        """An offline scan that ran into an earlier check-in: flagged for review."""
        return self.scan.needs_review

    @property
    def message(self) -> str:
        return outcome_message(self.scan, self.previous)


# --- small per-process caches ---------------------------------------------------------------


class _TTLCache:
    """A dict whose entries live CACHE_SECONDS. Per process: nothing to invalidate across servers."""

    def __init__(self, seconds: float = CACHE_SECONDS):
        self.seconds, self._data, self._lock = seconds, {}, threading.Lock()

    def get(self, key, load):
        now = time.monotonic()
        hit = self._data.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        with self._lock:
            if len(self._data) > 1000:
                self._data.clear()
            self._data[key] = (now + self.seconds, value)
        return value

    def clear(self):
        with self._lock:
            self._data.clear()


_points_cache = _TTLCache()
_keys_cache = _TTLCache()


@dataclass(frozen=True)
class PointRules:
    point: CheckinPoint
    category_ids: frozenset  # empty: every category


def event_points(event_id: int) -> dict[int, PointRules]:
    """The event's check-in points with the categories each admits, cached briefly."""

    def load():
        points = list(CheckinPoint.objects.filter(event_id=event_id).prefetch_related("categories"))
        return {p.pk: PointRules(p, frozenset(c.pk for c in p.categories.all())) for p in points}

    return _points_cache.get(event_id, load)


def event_keys(event_id: int) -> dict[int, str]:
    """Key number → public key of the keys that still verify the event's passes, cached briefly."""
    return _keys_cache.get(event_id, lambda: {n: key.public_key for n, key in passes.verifying_keys(event_id).items()})


def clear_caches():
    _points_cache.clear()
    _keys_cache.clear()


def point_for(*, device: Device, point_id) -> CheckinPoint:
    """The check-in point a device asks for: of its event, and its own point if it is scoped to one."""
    try:
        point_id = int(point_id)
    except (TypeError, ValueError):
        raise GateError("bad_point", _("Choose a check-in point.")) from None
    rules = event_points(device.event_id).get(point_id)
    if rules is None:
        raise GateError("unknown_point", _("There is no such check-in point at this event."))
    if device.point_id is not None and device.point_id != point_id:
        raise GateError("forbidden_point", _("This device may not be used at this check-in point."))
    return rules.point


# --- deciding a scan ------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text that any database stores: no NUL (PostgreSQL refuses it), no lone surrogates (not UTF-8)."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def _check_nonce(nonce) -> str:
    if not isinstance(nonce, str) or not nonce.strip() or len(nonce) > NONCE_MAX or clean_text(nonce) != nonce:
        raise GateError("bad_nonce", _("Each scan needs a nonce of 1 to 64 characters."))
    return nonce


def _earlier(event_id: int, nonce: str) -> Scan | None:
    return Scan.objects.filter(event_id=event_id, nonce=nonce).select_related("previous__point").first()


def _replay(scan: Scan, point: CheckinPoint) -> ScanOutcome:
    registration = pass_row = None
    if scan.registration_id:
        registration = Registration.objects.select_related(*GUEST_RELATED).get(pk=scan.registration_id)
        pass_row = Pass.objects.filter(registration_id=registration.pk).first()
    return ScanOutcome(
        scan=scan, registration=registration, previous=scan.previous, repeat=True, point=point, pass_row=pass_row
    )


def _identify(code, registration_id, event_id) -> tuple[str, str, int | None, int | None, str]:
    """(result, reason, registration id, scanned pass version, code to keep) before looking at the guest."""
    if registration_id is not None:
        return "", "", registration_id, None, ""
    kept = clean_text(str(code or "")[:200])
    try:
        payload, body, signature = passes.read_code(code if isinstance(code, str) else "")
    except passes.PassError:
        return UNKNOWN, "malformed", None, None, kept
    public_key = event_keys(payload.event_id).get(payload.key_id)
    if public_key is None:
        return UNKNOWN, "unknown_key", None, None, kept
    if not passes.verify(body, signature, public_key):
        return UNKNOWN, "forged", None, None, kept
    if payload.event_id != event_id:
        return OTHER_EVENT, "", None, None, kept
    return "", "", payload.registration_id, payload.version, ""


def _admission(registration, pass_row, version, rules: PointRules, at) -> tuple[str, str]:
    """Whether the pass itself and the point let this guest in, leaving earlier scans aside."""
    if registration.status in REFUSED_STATUSES:
        return REVOKED, registration.status
    if pass_row.revoked_at is not None:
        return REVOKED, "pass_revoked"
    if version is not None and version < pass_row.version:
        return REVOKED, "old_version"
    if version is not None and version > pass_row.version:
        return UNKNOWN, "bad_version"  # signed by us, yet never issued: refuse and look into it
    point = rules.point
    if registration.status not in ATTENDING:
        return NOT_ADMITTED, "not_attending"
    if rules.category_ids and registration.category_id not in rules.category_ids:
        return NOT_ADMITTED, "category"
    if point.opens and at < point.opens:
        return NOT_ADMITTED, "too_early"
    if point.closes and at > point.closes:
        return NOT_ADMITTED, "too_late"
    return OK, ""


def _passage(history: list[Scan], point: CheckinPoint, at) -> tuple[str, str, Scan | None]:
    """Whether earlier check-ins (history: the guest's admissions, oldest first) let the guest pass again."""
    before = [s for s in history if s.scanned_at <= at]
    last = before[-1] if before else None
    here = next((s for s in reversed(before) if s.point_id == point.pk), None)
    went_out = last is not None and last.direction == CheckinPoint.Direction.EXIT
    if point.direction == CheckinPoint.Direction.ENTRY and went_out and not point.entry_after_exit:
        return NOT_ADMITTED, "no_entry", last
    if here is None or point.multiple_entry:
        return OK, "", None
    # Once per point and direction, unless the guest has since passed the other way.
    since = before[before.index(here) + 1 :]
    if any(s.direction != point.direction for s in since):
        return OK, "", None
    return ALREADY, "", here


def _later_to_turn(history: list[Scan], point: CheckinPoint, at) -> list[Scan]:
    """Check-ins at this point later than a scan that is now the check-in: they become `already`."""
    if point.multiple_entry:
        return []
    turned = []
    for scan in (s for s in history if s.scanned_at > at):
        if scan.direction != point.direction:
            break
        if scan.point_id == point.pk and not scan.forced:
            turned.append(scan)
    return turned


def redeem(
    *,
    device: Device,
    point: CheckinPoint,
    nonce: str,
    code: str | None = None,
    registration_id: int | None = None,
    force: bool = False,
    scanned_at: datetime | None = None,
    offline: bool = False,
) -> ScanOutcome:
    """Decide a scan of a pass (`code`) or of a guest found by name (`registration_id`) at a point.

    Records it, whatever the result. The same nonce again returns the first answer. `force`
    (a supervisor's override) admits a guest who is not admitted here or already in, never a
    pass that is unknown, forged, revoked or of another event. Offline scans carry the
    device's `scanned_at` and are decided as of that moment: the earliest check-in wins.
    """
    nonce = _check_nonce(nonce)
    if point.event_id != device.event_id:
        raise GateError("unknown_point", _("There is no such check-in point at this event."))
    if registration_id is not None and (isinstance(registration_id, bool) or not isinstance(registration_id, int)):
        raise GateError("bad_registration", _("Choose a guest."))
    now = timezone.now()
    # An offline scan is decided as of its own time; a device clock running fast cannot put it in the future.
    at = now if scanned_at is None or scanned_at > now else scanned_at
    event_id = point.event_id

    # A repeated nonce is not looked up first: the unique (event, nonce) constraint refuses
    # the second insert, and the first answer is returned then. Retries are rare; scans are not.
    result, reason, registration_id, version, kept_code = _identify(code, registration_id, event_id)
    scan = Scan(
        event_id=event_id,
        point=point,
        direction=point.direction,
        device=device,
        nonce=nonce,
        scanned_at=at,
        offline=offline,
        code=kept_code,
    )
    registration = previous = pass_row = None
    try:
        with transaction.atomic():
            if not result:
                registration, pass_row = _locked_guest(registration_id, event_id)
                if registration is None:
                    result, reason = UNKNOWN, "no_registration"
                    scan.code = kept_code or clean_text(str(code or "")[:200])
            if registration is not None:
                scan.registration = registration
                if scanned_at is None:
                    # An online scan happens when it holds the lock: a gate that waited for
                    # another must not come out "earlier" than the check-in it waited for.
                    at = scan.scanned_at = timezone.now()
                rules = event_points(event_id).get(point.pk) or PointRules(point, frozenset())
                result, reason = _admission(registration, pass_row, version, rules, at)
                history = []
                if result in (OK, NOT_ADMITTED):
                    # A guest has a few check-ins: sorted here, the query needs no ORDER BY.
                    history = sorted(
                        Scan.objects.filter(registration=registration, result=OK, annulled_at__isnull=True).order_by(),
                        key=lambda s: (s.scanned_at, s.pk),
                    )
                if result == OK:
                    result, reason, previous = _passage(history, point, at)
                    if previous is not None:
                        previous.point = _point_of(event_id, previous.point_id)
                if force and result in (NOT_ADMITTED, ALREADY):
                    scan.forced, scan.reason = True, reason  # why it needed forcing
                    result = OK
                else:
                    scan.reason = reason
                scan.result, scan.previous = result, previous
                scan.needs_review = offline and result == ALREADY
                scan.save(force_insert=True)
                if result == OK and not scan.forced:
                    turned = _later_to_turn(history, point, at)
                    if turned:
                        Scan.objects.filter(pk__in=[s.pk for s in turned]).update(
                            result=ALREADY, previous=scan, needs_review=True
                        )
            else:
                scan.result, scan.reason = result, reason
                scan.save(force_insert=True)
    except IntegrityError:
        # The same nonce, sent twice at once: the other request recorded it first.
        if earlier := _earlier(event_id, nonce):
            return _replay(earlier, point)
        raise
    if scan.forced:
        log(
            instance=registration,
            action="checkin.forced",
            data={"scan": scan.pk, "point": point.pk, "reason": scan.reason, "device": device.pk},
        )
    return ScanOutcome(scan=scan, registration=registration, previous=previous, point=point, pass_row=pass_row)


def _point_of(event_id: int, point_id: int) -> CheckinPoint:
    rules = event_points(event_id).get(point_id)
    return rules.point if rules else CheckinPoint.objects.get(pk=point_id)


def _locked_guest(registration_id: int, event_id: int) -> tuple[Registration | None, Pass | None]:
    """The guest and their Pass row, locked in one query: the lock serialises every decision
    about this pass. (None, None) if the event has no such registration."""
    related = ["registration", *(f"registration__{name}" for name in GUEST_RELATED)]
    query = (
        Pass.objects.select_for_update(of=("self",))
        .select_related(*related)
        .filter(registration_id=registration_id, registration__event_id=event_id)
    )
    row = next(iter(query), None)  # one row at most: no ORDER BY, no LIMIT
    if row is None:
        if not Registration.objects.filter(pk=registration_id, event_id=event_id).exists():
            return None, None
        # The first scan of a pass never rendered: make its row (get_or_create copes with
        # another gate making it at the same moment), then lock it.
        Pass.objects.get_or_create(registration_id=registration_id)
        row = query.get()
    return row.registration, row


def outcome_message(scan: Scan, previous: Scan | None) -> str:
    """What the gate shows, in the active language."""
    result, reason = scan.result, scan.reason
    if result == OK:
        return _("Admitted by a supervisor.") if scan.forced else _("Welcome.")
    if result == ALREADY:
        if previous is not None:
            return _("Already checked in at %(point)s at %(time)s.") % {
                "point": previous.point.name,
                "time": _clock(previous.scanned_at),
            }
        return _("Already checked in.")
    if result == NOT_ADMITTED:
        point = scan.point
        return {
            "category": _("Not admitted here: this guest's category may not pass."),
            "too_early": _("Not open yet: this point opens at %(time)s.") % {"time": _clock(point.opens)},
            "too_late": _("Closed: this point closed at %(time)s.") % {"time": _clock(point.closes)},
            "no_entry": _("No re-entry: this guest has gone out and may not come back in."),
            "not_attending": _("This guest has not confirmed attendance."),
        }.get(reason, _("Not admitted here."))
    if result == REVOKED:
        return {
            Status.CANCELLED: _("This registration has been cancelled."),
            Status.REPLACED: _("This guest has been replaced by a substitute."),
            Status.DECLINED: _("This guest declined the invitation."),
            Status.REJECTED: _("This registration was not accepted."),
            "pass_revoked": _("This pass has been revoked."),
            "old_version": _("This pass has been replaced by a newer one."),
        }.get(reason, _("This pass has been revoked."))
    if result == OTHER_EVENT:
        return _("This pass is for another event.")
    return {
        "malformed": _("This is not a pass of this system."),
        "forged": _("This pass is forged or has been altered."),
        "unknown_key": _("This pass was signed with an unknown or retired key."),
        "no_registration": _("There is no such guest at this event."),
    }.get(reason, _("Unknown pass."))


def _clock(moment) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    text = time_format(local, "H:i")
    return text if local.date() == timezone.localdate() else f"{local:%Y-%m-%d} {text}"


# --- undoing a check-in ---------------------------------------------------------------------


def annul_minutes() -> int:
    return int(getattr(settings, "CHECKIN_ANNUL_MINUTES", 5))


def annul(*, scan: Scan, device: Device | None = None, by=None) -> Scan:
    """Undo a check-in recorded in the last CHECKIN_ANNUL_MINUTES (a wrong guest, a slip of the thumb).

    The scan stays on record, marked annulled; the guest may be checked in again.
    """
    if device is not None and scan.event_id != device.event_id:
        raise GateError("other_event", _("This scan belongs to another event."))
    with transaction.atomic():
        if scan.registration_id:
            Pass.objects.select_for_update().filter(registration_id=scan.registration_id).first()
        scan = Scan.objects.select_for_update().select_related("point").get(pk=scan.pk)
        if scan.annulled_at is not None:
            raise GateError("already_annulled", _("This check-in has already been undone."))
        if scan.result != OK:
            raise GateError("not_ok", _("Only a check-in can be undone."))
        now = timezone.now()
        if now - scan.recorded_at > timedelta(minutes=annul_minutes()):
            raise GateError(
                "too_late",
                _("A check-in can only be undone within %(minutes)d minutes.") % {"minutes": annul_minutes()},
            )
        scan.annulled_at, scan.annulled_by_device = now, device
        scan.save(update_fields=["annulled_at", "annulled_by_device"])
        log(
            instance=scan.registration or scan.point,
            action="checkin.annulled",
            user=by,
            data={"scan": scan.pk, "point": scan.point_id, "device": device and device.pk},
        )
    return scan


# --- offline scans uploaded later -----------------------------------------------------------


@dataclass
class BatchItem:
    nonce: str
    outcome: ScanOutcome | None = None
    error: GateError | None = None


def upload_batch(*, device: Device, scans: list[dict]) -> list[BatchItem]:
    """Offline scans, each {"point", "nonce", "scanned_at", "code" or "registration", "force"}.

    Decided one by one in order of `scanned_at` (each in its own transaction, so one bad scan
    loses no other); answered in the order given. The earliest check-in of a pass at a point
    wins, later ones become `already` and are flagged for review.
    """
    items = [BatchItem(nonce=str(s.get("nonce", ""))[:NONCE_MAX]) for s in scans]
    order = sorted(
        range(len(scans)),
        key=lambda i: (0, scans[i]["scanned_at"], i) if isinstance(scans[i].get("scanned_at"), datetime) else (1, i),
    )
    for i in order:
        entry = scans[i]
        try:
            point = point_for(device=device, point_id=entry.get("point"))
            if not isinstance(entry.get("scanned_at"), datetime):
                raise GateError("bad_time", _("Each offline scan needs the time it was made."))
            items[i].outcome = redeem(
                device=device,
                point=point,
                nonce=entry.get("nonce"),
                code=entry.get("code"),
                registration_id=entry.get("registration"),
                force=bool(entry.get("force")),
                scanned_at=entry["scanned_at"],
                offline=True,
            )
        except GateError as error:
            items[i].error = error
    return items


# --- looking guests up ----------------------------------------------------------------------

SEARCH_LIMIT = 20


def search(*, config: EventConfig, query: str) -> list[tuple[Registration, Scan | None]]:
    """Guests of the event whose name (in any script), email or organisation matches, 20 at most,
    each with their last admission."""
    from registrations.admin.people import search_people  # the guest list's own search

    query = clean_text(query or "").strip()[:100]
    if not query:
        return []
    found = list(
        search_people(
            Registration.objects.filter(event=config).select_related(*GUEST_RELATED, "checkin_pass"),
            query,
            prefix="person__",
        ).order_by("person__family_name", "person__given_name", "pk")[:SEARCH_LIMIT]
    )
    last = {}
    for scan in (
        Scan.objects.filter(registration__in=found, result=OK, annulled_at__isnull=True)
        .select_related("point")
        .order_by("-scanned_at", "-pk")
    ):
        last.setdefault(scan.registration_id, scan)
    return [(registration, last.get(registration.pk)) for registration in found]
