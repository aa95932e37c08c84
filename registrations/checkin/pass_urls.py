"""The guest's pass image, under their personal token."""

from django.urls import path

from registrations.checkin import pass_views

app_name = "checkin_pass"

urlpatterns = [
    path("pass/<str:token>/pass.png", pass_views.pass_png, name="png"),
]
