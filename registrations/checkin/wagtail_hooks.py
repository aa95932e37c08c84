"""The check-in app in the back office: its audit-log actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


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
