"""The check-in app in the back office: its audit-log actions, the event's "Check-in" tab and its screens."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from registrations.checkin import badge_hooks  # noqa: F401 - badges, the QR on the pass page and in email
from registrations.checkin.admin.base import NAMESPACE, event_tabs
from registrations.checkin.admin.urls import urlpatterns as admin_urls


@hooks.register("register_log_actions")
def checkin_log_actions(actions):
    actions.register_action("checkin.key_rotated", _("Pass signing key rotated"), _("Signing key rotated"))
    actions.register_action("checkin.key_retired", _("Pass signing key retired"), _("Signing key retired"))
    actions.register_action("checkin.pass_reissued", _("Pass re-issued"), _("Pass re-issued"))
    actions.register_action("checkin.pass_revoked", _("Pass revoked"), _("Pass revoked"))
    actions.register_action("checkin.device_created", _("Check-in device created"), _("Device created"))
    actions.register_action("checkin.device_revoked", _("Check-in device revoked"), _("Device revoked"))
    actions.register_action("checkin.forced", _("Guest admitted by a supervisor"), _("Admitted by a supervisor"))
    actions.register_action("checkin.annulled", _("Check-in undone"), _("Check-in undone"))
    actions.register_action("checkin.scan_reviewed", _("Check-in scan reviewed"), _("Scan reviewed"))


@hooks.register("register_admin_urls")
def register_checkin_urls():
    return [path("registrations/events/<int:config_id>/checkin/", include((admin_urls, NAMESPACE)))]


@hooks.register("registrations_event_tabs")
def checkin_tab(config, allowed, current):
    return event_tabs(config, allowed, current)
