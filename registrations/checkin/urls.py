"""The gate scanner, at /checkin/ (no language prefix: the browser's language decides)."""

from django.urls import path

from registrations.checkin import views

app_name = "checkin"

urlpatterns = [
    path("", views.scanner, name="scanner"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
]
