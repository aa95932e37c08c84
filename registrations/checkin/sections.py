"""The QR pass on the guest's pass page (registrations.sections): the code as SVG, a PNG to download.

A revoked pass is not shown: the guest is told to contact the organizers instead.
"""

from django.urls import reverse
from django.utils.safestring import mark_safe

from registrations.checkin.domain.badges import pass_state
from registrations.checkin.domain.passes import pass_code
from registrations.checkin.interfaces.qr import qr_svg
from registrations.sections import PassSection


def _qr(registration, request) -> dict:
    state = pass_state(registration)
    if not state.shown:
        return {"revoked": state.revoked}
    return {
        "revoked": False,
        # Our own SVG of an upper-case base32 code: no guest-supplied text in it.
        "svg": mark_safe(qr_svg(pass_code(registration), size="100%")),
        "png_url": reverse("checkin_pass:png", args=[registration.token]),
    }


QR = PassSection(template="checkin/sections/pass_qr.html", context=_qr, order=10, place="card")
