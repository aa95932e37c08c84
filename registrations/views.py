"""Guests' pages: thin doors into registrations.domain."""

from django.http import Http404
from django.shortcuts import render

from registrations.models import Registration


def _registration(token):
    registration = Registration.objects.for_token(token).select_related("person", "event__event", "category").first()
    if registration is None:
        raise Http404
    return registration


def rsvp(request, token):
    registration = _registration(token)
    return render(request, "registrations/rsvp.html", {"registration": registration})


def guest_pass(request, token):
    registration = _registration(token)
    return render(request, "registrations/pass.html", {"registration": registration})
