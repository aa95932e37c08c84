"""The guest's itinerary as an .ics, through their personal link (no account)."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from registrations.logistics.domain.itinerary import itinerary
from registrations.logistics.interfaces.calendar import itinerary_ics
from registrations.models import ATTENDING, Registration


@cache_control(private=True, no_store=True)
@require_http_methods(["GET", "HEAD"])
def itinerary_calendar(request, token):
    """An attending guest's programme in the page's language; anyone else gets the site's ordinary 404."""
    registration = (
        Registration.objects.for_token(token)
        .filter(status__in=ATTENDING)
        .select_related("person", "event__event")
        .first()
    )
    if registration is None:
        raise Http404
    content = itinerary_ics(
        itinerary(registration),
        name=f"{registration.person.display_name} · {registration.event.event.title}",
        language=get_language() or "zh-hans",
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="itinerary.ics"'
    return response
