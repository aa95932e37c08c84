"""The check-in JSON API, included at /api/checkin/ (README, "Check-in API")."""

from django.urls import path, re_path

from registrations.checkin import api

app_name = "checkin_api"

urlpatterns = [
    path("setup/", api.setup, name="setup"),
    path("keys/", api.keys, name="keys"),
    path("roster/", api.roster_view, name="roster"),
    path("redeem/", api.redeem, name="redeem"),
    path("annul/", api.annul, name="annul"),
    path("search/", api.search, name="search"),
    path("batch/", api.batch, name="batch"),
    # Anything else under /api/checkin/ is a JSON 404 too, never the site's HTML page.
    re_path(r"^.*$", api.not_found),
]
