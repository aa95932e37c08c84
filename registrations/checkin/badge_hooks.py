"""Badges and the QR pass, plugged in through Wagtail's hooks (imported by checkin/wagtail_hooks.py).

- back office: `checkin_badges:print` (config_id) and `checkin_badges:reprint` (config_id,
  registration_id) under /admin/registrations/events/<config_id>/checkin/badges/;
- the pass page: the QR code (a card section), its PNG under the guest's token;
- the confirmation email: `pass.png` beside the event's .ics.
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from registrations.checkin import sections
from registrations.checkin.admin import badges
from registrations.checkin.attachments import pass_attachments

urlpatterns = [
    path("", badges.BadgeRunView.as_view(), name="print"),
    path("reprint/<int:registration_id>/", badges.BadgeReprintView.as_view(), name="reprint"),
]


@hooks.register("register_admin_urls")
def register_badge_urls():
    return [path("registrations/events/<int:config_id>/checkin/badges/", include((urlpatterns, badges.NAMESPACE)))]


@hooks.register("register_log_actions")
def badge_log_actions(actions):
    actions.register_action("checkin.badge_reprinted", _("Badge reprinted"), _("Badge reprinted"))


@hooks.register("registrations_pass_sections")
def pass_qr_section():
    return [sections.QR]


hooks.register("registrations_message_attachments", pass_attachments)
