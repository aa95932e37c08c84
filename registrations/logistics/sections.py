"""The parts of the guests' pages that logistics adds (registrations.sections).

On the RSVP page: the guest's travel, and their dietary and access needs. On the pass:
their itinerary, with a link to it as an .ics.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from registrations.logistics.domain.itinerary import by_day, itinerary
from registrations.logistics.domain.needs import save_needs
from registrations.logistics.domain.travel import may_send_travel, save_travel, transfer_settings
from registrations.logistics.interfaces.forms import NeedsForm, TravelForm
from registrations.logistics.models import Hub
from registrations.sections import GuestSection, PassSection


def _hubs(registration) -> dict:
    transfer_settings(registration.event)  # the usual airports and stations, on first use
    return {"hubs": Hub.objects.filter(event_id=registration.event_id)}


def _save_travel(registration, form) -> str:
    save_travel(registration=registration, arrival=form.arrival, departure=form.departure)
    return _("Thank you: your travel details are saved.")


def _save_needs(registration, form) -> str:
    save_needs(registration=registration, **form.needs())
    return _("Thank you: your needs are noted.")


def _itinerary(registration, request) -> dict:
    return {
        "days": by_day(itinerary(registration)),
        "ics_url": reverse("logistics:itinerary", args=[registration.token]),
    }


TRAVEL = GuestSection(
    action="travel",
    template="logistics/sections/travel.html",
    form_class=TravelForm,
    perform=_save_travel,
    available=may_send_travel,
    order=50,
    form_kwargs=_hubs,
)
NEEDS = GuestSection(
    action="needs",
    template="logistics/sections/needs.html",
    form_class=NeedsForm,
    perform=_save_needs,
    available=may_send_travel,
    order=60,
)
ITINERARY = PassSection(template="logistics/sections/itinerary.html", context=_itinerary, order=50, place="after")
