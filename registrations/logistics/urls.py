"""Guests' logistics pages, under their personal token."""

from django.urls import path

from registrations.logistics import views

app_name = "logistics"

urlpatterns = [
    path("itinerary/<str:token>.ics", views.itinerary_calendar, name="itinerary"),
]
