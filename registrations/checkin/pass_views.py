"""The guest's QR pass as a PNG, through their personal link (no account)."""

from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from registrations.checkin.domain.badges import pass_state
from registrations.checkin.domain.passes import pass_code
from registrations.checkin.interfaces.qr import qr_png
from registrations.models import ATTENDING, Registration


@cache_control(private=True, no_store=True)
@require_http_methods(["GET", "HEAD"])
def pass_png(request, token):
    """An attending guest's pass; an unknown token, a guest who is not attending or a revoked
    pass get the site's ordinary 404."""
    registration = Registration.objects.for_token(token).filter(status__in=ATTENDING).first()
    if registration is None or not pass_state(registration).shown:
        raise Http404
    response = HttpResponse(qr_png(pass_code(registration)), content_type="image/png")
    response["Content-Disposition"] = 'inline; filename="pass.png"'
    return response
