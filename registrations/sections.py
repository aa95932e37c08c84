"""Parts of the guests' personal pages that other apps add: travel details, passport data, the QR pass...

An app registers them with Wagtail hooks, so the guest pages never import it:

- `registrations_guest_sections` returns `GuestSection`s: a form on the RSVP page, posted
  with `action=<section.action>`, handled like the page's own forms (allowed now? valid?
  then one domain call, a success message, a redirect; a `RegistrationError` is shown on
  the form);
- `registrations_pass_sections` returns `PassSection`s: a part of the pass page shown to
  an attending guest (the QR code, the itinerary).

Sections are shown in `order`, lowest first.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from wagtail import hooks


@dataclass(frozen=True)
class GuestSection:
    action: str  # unique among the page's actions; the form posts it as `action`
    template: str  # renders the section; its context has `section`, `form`, `open` and the page's own
    form_class: type  # form_class(data, registration=..., prefix=action)
    perform: Callable  # perform(registration, form) -> success message; calls one domain function
    available: Callable  # available(registration) -> bool: whether the guest may use it now
    order: int = 100
    form_kwargs: Callable = field(default=lambda registration: {})  # extra keyword arguments of the form


@dataclass(frozen=True)
class PassSection:
    template: str  # its context has `section` (what `context` returned) and the page's own
    context: Callable  # context(registration, request) -> dict
    order: int = 100
    place: str = "after"  # "card": on the printed pass itself; "after": below it


def _collect(hook_name):
    found = []
    for provider in hooks.get_hooks(hook_name):
        found.extend(provider())
    return sorted(found, key=lambda section: section.order)


def guest_sections() -> list[GuestSection]:
    return _collect("registrations_guest_sections")


def pass_sections() -> list[PassSection]:
    return _collect("registrations_pass_sections")
