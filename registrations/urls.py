"""Guests' pages, reached through personal links (no account needed)."""

from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("rsvp/<str:token>/", views.rsvp, name="rsvp"),
    path("pass/<str:token>/", views.guest_pass, name="pass"),
]
