"""The check-in JSON API (README, "Check-in API"): thin doors into registrations.checkin.domain.

Every call carries a device's bearer token. Bad input is a 400 with `{"error", "message",
"fields"}` in the language of Accept-Language, never a 500.
"""

import functools
import gzip
import json
import time
from datetime import datetime

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_supported_language_variant, override
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt

from registrations.checkin.domain import gate, passes
from registrations.checkin.domain.devices import device_for_token, token_hash
from registrations.checkin.domain.roster import gate_note, roster
from registrations.checkin.models import Device, Scan
from registrations.logistics.domain.seating import seat_labels
from registrations.logistics.models.seating import SeatingPlan

MAX_BODY = 8 * 1024  # one scan
MAX_BATCH_BODY = 2 * 1024 * 1024
MAX_BATCH_SCANS = 1000
MAX_ID = 2**63 - 1
# A device is looked up once per process every few seconds: a revoked device stops working
# within DEVICE_CACHE_SECONDS on every app server (expiry is checked at every request).
DEVICE_CACHE_SECONDS = 5.0
LAST_SEEN_EVERY = 60  # seconds: "last seen" is written at most once a minute per device and process
STATUS = {"forbidden_point": 403, "unknown_point": 404, "no_scan": 404}

_devices = gate._TTLCache(DEVICE_CACHE_SECONDS)
_main_plans = gate._TTLCache()


class BadRequest(Exception):
    def __init__(self, code, message, fields=None, status=400):
        super().__init__(message)
        self.code, self.message, self.fields, self.status = code, str(message), fields or {}, status


def error(code, message, *, status=400, fields=None) -> JsonResponse:
    return JsonResponse({"error": code, "message": str(message), "fields": fields or {}}, status=status)


def _json(data, status=200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


def _language(request) -> str:
    for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return "zh-hans"


def _device(request) -> Device | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    token = token.strip()
    if len(token) > 100:
        return None
    device = _devices.get(token_hash(token), lambda: device_for_token(token))
    if device is None or (device.expires_at is not None and device.expires_at <= timezone.now()):
        return None
    now = time.time()
    seen = device.last_seen_at
    if seen is None or now - seen.timestamp() > LAST_SEEN_EVERY:
        device.last_seen_at = timezone.now()
        Device.objects.filter(pk=device.pk).update(last_seen_at=device.last_seen_at)
    return device


def not_found(request, *args, **kwargs):
    """An unknown API path: JSON in the caller's language, and no language redirect."""
    with override(_language(request)):
        response = error("not_found", _("There is no such check-in API call."), status=404)
    request.urlconf = "registrations.checkin.api_urls"  # tells LocaleMiddleware not to redirect
    return response


def device_api(*methods):
    """Language, method, bearer token and error bodies for every API view."""

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            with override(_language(request)):
                if request.method not in methods:
                    response = error("method_not_allowed", _("This method is not allowed here."), status=405)
                    response["Allow"] = ", ".join(methods)
                    return response
                device = _device(request)
                if device is None:
                    response = error("unauthorized", _("This device is not (or no longer) allowed in."), status=401)
                    response["WWW-Authenticate"] = 'Bearer realm="checkin"'
                    return response
                try:
                    response = view(request, device, *args, **kwargs)
                except BadRequest as refused:
                    response = error(refused.code, refused.message, status=refused.status, fields=refused.fields)
                except gate.GateError as refused:
                    response = error(refused.code, refused.message, status=STATUS.get(refused.code, 400))
                if response.status_code == 404:
                    # LocaleMiddleware would redirect a 404 to a language-prefixed URL: the API
                    # has no such URLs, and its urlconf tells the middleware so.
                    request.urlconf = "registrations.checkin.api_urls"
                patch_vary_headers(response, ("Accept-Language", "Authorization"))
                response["Cache-Control"] = "private, no-cache"
                return response

        return wrapper

    return decorate


# --- parsing ----------------------------------------------------------------------------------


def _body(request, limit: int) -> dict:
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise BadRequest("too_large", _("The request is too large."))
    try:
        raw = request.body
    except RequestDataTooBig:
        raise BadRequest("too_large", _("The request is too large.")) from None
    if len(raw) > limit:
        raise BadRequest("too_large", _("The request is too large."))
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadRequest("malformed", _("The request is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise BadRequest("malformed", _("The request must be a JSON object."))
    return data


def _id(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        return None
    return value


def _scan_fields(data: dict, *, offline: bool) -> tuple[dict, dict]:
    """The arguments of a scan, and the problems with them by field."""
    fields, args = {}, {}
    point = _id(data.get("point"))
    if point is None:
        fields["point"] = _("Choose a check-in point.")
    args["point"] = point
    nonce = data.get("nonce")
    if not isinstance(nonce, str) or not 0 < len(nonce) <= gate.NONCE_MAX or gate.clean_text(nonce) != nonce:
        fields["nonce"] = _("Each scan needs a nonce of 1 to 64 characters.")
    args["nonce"] = nonce
    code, registration = data.get("code"), data.get("registration")
    if registration is not None:
        args["registration_id"] = _id(registration)
        if args["registration_id"] is None:
            fields["registration"] = _("Choose a guest.")
    elif isinstance(code, str) and code:
        args["code"] = code[:1000]
    else:
        fields["code"] = _("Scan a pass or choose a guest.")
    force = data.get("force", False)
    if not isinstance(force, bool):
        fields["force"] = _("Give true or false.")
    args["force"] = force is True
    if offline:
        args["scanned_at"] = _moment(data.get("scanned_at"))
        if args["scanned_at"] is None:
            fields["scanned_at"] = _("Give the time of the scan (ISO 8601).")
    return args, fields


def _moment(value) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


# --- rendering --------------------------------------------------------------------------------


def _iso(moment) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


def guest_data(registration, pass_row, seat: str) -> dict:
    person, category = registration.person, registration.category
    try:
        needs = registration.needs
    except Exception:  # no needs recorded: RelatedObjectDoesNotExist
        needs = None
    return {
        "registration": registration.pk,
        "name": person.display_name,
        "chinese_name": person.badge_chinese_name,
        "organisation": person.organisation,
        "category": {"code": category.code, "name": category.name, "colour": category.colour},
        "delegation": registration.delegation.name if registration.delegation else "",
        "seat": seat,
        "note": gate_note(
            pass_row.note if pass_row else "",
            needs.access if needs else [],
            needs.access_note if needs else "",
        ),
        "status": registration.status,
    }


def _seat(config, registration_id: int) -> str:
    # Most events seat no one at the gate's moment: a query per scan only where a main plan exists.
    if not _main_plans.get(config.pk, lambda: SeatingPlan.objects.filter(event=config, is_main=True).exists()):
        return ""
    return seat_labels(config, [registration_id]).get(registration_id, "")


def _pass_of(registration):
    try:
        return registration.checkin_pass
    except Exception:  # never scanned nor rendered: RelatedObjectDoesNotExist
        return None


def outcome_data(outcome: gate.ScanOutcome, config) -> dict:
    scan, registration, previous = outcome.scan, outcome.registration, outcome.previous
    guest = None
    if registration is not None:
        seat = _seat(config, registration.pk)
        guest = guest_data(registration, outcome.pass_row, seat)
    return {
        "result": scan.result,
        "reason": scan.reason or None,
        "colour": outcome.colour,
        "message": outcome.message,
        "scan": {
            "id": scan.pk,
            "at": _iso(scan.scanned_at),
            "point": scan.point_id,
            "direction": scan.direction,
            "forced": scan.forced,
            "offline": scan.offline,
            "annulled": scan.annulled_at is not None,
        },
        "guest": guest,
        "previous": previous
        and {"at": _iso(previous.scanned_at), "point": previous.point_id, "point_name": previous.point.name},
        "duplicate": outcome.duplicate,
        "repeat": outcome.repeat,
    }


# --- views ------------------------------------------------------------------------------------


@device_api("GET")
def setup(request, device):
    config = device.event
    page = config.event.localized
    rules = gate.event_points(config.pk)
    points = [r.point for r in rules.values() if device.point_id in (None, r.point.pk)]
    codes = dict(config.categories.values_list("pk", "code"))
    return _json(
        {
            "device": {"id": device.pk, "name": device.name},
            "event": {"id": config.pk, "title": page.title, "start": _iso(page.start), "end": _iso(page.end)},
            "points": [
                {
                    "id": point.pk,
                    "name": point.name,
                    "name_zh": point.name_zh,
                    "name_en": point.name_en,
                    "direction": point.direction,
                    "session": point.session
                    and {
                        "id": point.session.pk,
                        "title": point.session.title,
                        "start": _iso(point.session.start),
                        "end": _iso(point.session.end),
                    },
                    "categories": sorted(codes[pk] for pk in rules[point.pk].category_ids if pk in codes) or None,
                    "opens": _iso(point.opens),
                    "closes": _iso(point.closes),
                    "multiple_entry": point.multiple_entry,
                    "entry_after_exit": point.entry_after_exit,
                }
                for point in sorted(points, key=lambda p: (p.sort_order, p.pk))
            ],
            "annul_minutes": gate.annul_minutes(),
        }
    )


@device_api("GET")
def keys(request, device):
    passes.active_key(config=device.event)  # an event's first key is made on first use
    found = passes.verifying_keys(device.event_id)
    return _json(
        {
            "event": device.event_id,
            "keys": [{"id": n, "public_key": k.public_key, "active": k.active} for n, k in sorted(found.items())],
        }
    )


@device_api("GET", "HEAD")
def roster_view(request, device):
    found = roster(config=device.event)
    if found.etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(found.gzipped, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(found.gzipped), content_type="application/json")
    response["ETag"] = found.etag
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


@device_api("POST")
def redeem(request, device):
    args, fields = _scan_fields(_body(request, MAX_BODY), offline=False)
    if fields:
        raise BadRequest("invalid", _("Some fields are missing or wrong."), fields)
    point = gate.point_for(device=device, point_id=args.pop("point"))
    return _json(outcome_data(gate.redeem(device=device, point=point, **args), device.event))


@device_api("POST")
def annul(request, device):
    data = _body(request, MAX_BODY)
    scan_id = _id(data.get("scan"))
    if scan_id is None:
        raise BadRequest("invalid", _("Some fields are missing or wrong."), {"scan": _("Choose a scan.")})
    scan = Scan.objects.filter(pk=scan_id, event_id=device.event_id).select_related("point").first()
    if scan is None:
        raise BadRequest("no_scan", _("There is no such scan at this event."), status=404)
    gate.point_for(device=device, point_id=scan.point_id)  # a device scoped to a point undoes only its own
    scan = gate.annul(scan=scan, device=device)
    outcome = gate.ScanOutcome(scan=scan, point=scan.point)
    return _json(
        {"result": "annulled", "message": _("Check-in undone."), "scan": outcome_data(outcome, device.event)["scan"]}
    )


@device_api("GET")
def search(request, device):
    query = request.GET.get("q", "")
    if not query.strip():
        raise BadRequest("invalid", _("Type a name to search for."), {"q": _("Type a name to search for.")})
    found = gate.search(config=device.event, query=query)
    seats = seat_labels(device.event, [registration.pk for registration, _last in found])
    results = [
        {
            **guest_data(registration, _pass_of(registration), seats.get(registration.pk, "")),
            "status_label": registration.get_status_display(),
            "last_scan": last
            and {
                "point": last.point_id,
                "point_name": last.point.name,
                "direction": last.direction,
                "at": _iso(last.scanned_at),
            },
        }
        for registration, last in found
    ]
    return _json({"results": results})


@device_api("POST")
def batch(request, device):
    data = _body(request, MAX_BATCH_BODY)
    scans = data.get("scans")
    if not isinstance(scans, list) or len(scans) > MAX_BATCH_SCANS:
        raise BadRequest(
            "invalid",
            _("Some fields are missing or wrong."),
            {"scans": _("Give a list of at most %(n)d scans.") % {"n": MAX_BATCH_SCANS}},
        )
    parsed, problems = [], {}
    for i, entry in enumerate(scans):
        if not isinstance(entry, dict):
            problems[i] = {"scan": _("Each scan must be a JSON object.")}
            parsed.append({})
            continue
        args, fields = _scan_fields(entry, offline=True)
        if fields:
            problems[i] = fields
        parsed.append(
            {
                "point": args["point"],
                "nonce": args["nonce"],
                "code": args.get("code"),
                "registration": args.get("registration_id"),
                "force": args["force"],
                "scanned_at": args["scanned_at"],
            }
        )
    good = [i for i in range(len(parsed)) if i not in problems]
    items = gate.upload_batch(device=device, scans=[parsed[i] for i in good])
    results = []
    by_index = dict(zip(good, items, strict=True))
    for i, entry in enumerate(scans):
        nonce = entry.get("nonce") if isinstance(entry, dict) and isinstance(entry.get("nonce"), str) else None
        if i in problems:
            results.append(
                {
                    "nonce": nonce,
                    "error": "invalid",
                    "message": _("Some fields are missing or wrong."),
                    "fields": problems[i],
                }
            )
            continue
        item = by_index[i]
        if item.error is not None:
            results.append({"nonce": nonce, "error": item.error.code, "message": item.error.message, "fields": {}})
        else:
            results.append({"nonce": nonce, **outcome_data(item.outcome, device.event)})
    return _json({"results": results})
