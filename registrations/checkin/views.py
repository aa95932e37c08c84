"""The gate scanner's page at /checkin/, its web manifest and its service worker.

No Django login: the device token (kept by the browser) is the credential for the API; the page
itself holds nothing secret. The texts the script shows come translated from here, so they are in
the catalogues like every other string.
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

# Everything the page needs to open with no network: the service worker caches these.
ASSETS = (
    "checkin/scanner.css",
    "checkin/scanner.js",
    "checkin/pass.js",
    "checkin/store.js",
    "checkin/icon-192.png",
    "checkin/icon-512.png",
    "checkin/vendor/zxing-wasm-3.1.6/es/share.js",
    "checkin/vendor/zxing-wasm-3.1.6/es/reader/index.js",
    "checkin/vendor/zxing-wasm-3.1.6/reader/zxing_reader.wasm",
    "checkin/vendor/noble-ed25519-3.2.0/index.js",
)
# The scanner's own files, which the service worker's cache name follows.
SW_TEMPLATE = "checkin/sw.js"


def texts() -> dict:
    """What the script says, in the active language. Gate messages reuse the API's wording."""
    return {
        "online": _("Online"),
        "offline": _("Offline"),
        "waiting": _("%(n)s scans waiting to upload"),
        "waiting_none": _("All scans uploaded"),
        "failed": _("%(n)s scans refused by the server"),
        "choose_point": _("Choose your check-in point"),
        "no_points": _("This device has no check-in point it may use."),
        "entry": _("Entry"),
        "exit": _("Exit"),
        "unauthorized": _("This device is not (or no longer) allowed in. Set it up again."),
        "setup_failed": _("The set-up could not be loaded. Check the network and try again."),
        "token_invalid": _("That is not a device token."),
        "camera_failed": _("The camera cannot be used: %(error)s"),
        "camera_none": _("This browser has no camera access. Use the search below."),
        "tap_continue": _("Tap to continue"),
        "undo": _("Undo check-in"),
        "undone": _("Check-in undone."),
        "undo_failed": _("The check-in could not be undone: %(error)s"),
        "force": _("Admit anyway (supervisor)"),
        "force_confirm": _("Admit this guest although the gate refused? This is recorded."),
        "confirm": _("Admit"),
        "cancel": _("Cancel"),
        "search_none": _("No guest found."),
        "search_offline": _("Offline: searching the downloaded list."),
        "checked_in_at": _("Last: %(direction)s at %(point)s, %(time)s"),
        "seat": _("Seat"),
        "delegation": _("Delegation"),
        "note": _("Note"),
        "decided_offline": _("Decided offline; it will be uploaded."),
        "roster_age": _("Guest list of %(time)s, %(n)s guests"),
        "no_roster": _("No guest list downloaded yet: offline scanning is not possible."),
        "ok": _("Welcome."),
        "ok_forced": _("Admitted by a supervisor."),
        "already": _("Already checked in."),
        "already_at": _("Already checked in at %(point)s at %(time)s."),
        "not_admitted": _("Not admitted here."),
        "category": _("Not admitted here: this guest's category may not pass."),
        "too_early": _("Not open yet: this point opens at %(time)s."),
        "too_late": _("Closed: this point closed at %(time)s."),
        "no_entry": _("No re-entry: this guest has gone out and may not come back in."),
        "not_attending": _("This guest has not confirmed attendance."),
        "revoked": _("This pass has been revoked."),
        "old_version": _("This pass has been replaced by a newer one."),
        "other_event": _("This pass is for another event."),
        "malformed": _("This is not a pass of this system."),
        "forged": _("This pass is forged or has been altered."),
        "unknown_key": _("This pass was signed with an unknown or retired key."),
        "bad_version": _("Unknown pass."),
        "unknown": _("Unknown pass."),
        "error": _("Something went wrong: %(error)s"),
    }


@require_safe
@csp_override(settings.SECURE_CSP_CHECKIN)
def scanner(request):
    context = {
        "texts": texts(),
        "config": {
            "api": "/api/checkin/",
            "language": get_language(),
            "sw": "/checkin/sw.js",
            "wasm": static("checkin/vendor/zxing-wasm-3.1.6/reader/zxing_reader.wasm"),
            "zxing": static("checkin/vendor/zxing-wasm-3.1.6/es/reader/index.js"),
            "noble": static("checkin/vendor/noble-ed25519-3.2.0/index.js"),
        },
    }
    response = render(request, "checkin/scanner.html", context)
    # The page is the same for everyone of a language, but never worth a shared cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def manifest(request):
    data = {
        "name": _("Gate check-in"),
        "short_name": _("Check-in"),
        "lang": get_language(),
        "start_url": "/checkin/",
        "scope": "/checkin/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#111827",
        "theme_color": "#111827",
        "icons": [
            {"src": static("checkin/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("checkin/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        ],
    }
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@cache
def _assets_version() -> str:
    """A digest of the cached files' contents: a new release makes the service worker fetch them again."""
    digest = hashlib.sha256()
    for name in ASSETS:
        found = finders.find(name)
        if found:
            with open(found, "rb") as file:
                digest.update(file.read())
    digest.update(render_to_string(SW_TEMPLATE, {"assets": [], "version": ""}).encode())
    return digest.hexdigest()[:16]


@require_safe
def service_worker(request):
    body = render_to_string(
        SW_TEMPLATE, {"assets": json.dumps([static(name) for name in ASSETS]), "version": _assets_version()}
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers check a worker for updates at most daily unless told; a stale one would keep old code.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/checkin/"
    return response
