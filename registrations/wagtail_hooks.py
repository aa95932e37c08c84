from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_registration_actions(actions):
    """Every change to a registration appears in Wagtail's audit log with a readable label."""
    actions.register_action("registrations.created", _("Registration created"), _("Registration created"))
    actions.register_action("registrations.status", _("Registration status changed"), _("Status changed"))
    actions.register_action("registrations.answered", _("Invitation answered"), _("Invitation answered"))
    actions.register_action("registrations.details", _("Registration details changed"), _("Details changed"))

# Admin screens live in their own modules; importing them registers their hooks.
from registrations.admin import imports as _imports  # noqa: E402, F401
