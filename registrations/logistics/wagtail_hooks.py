"""Logistics in the back office and on the guests' pages, through Wagtail's hooks."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_logistics_actions(actions):
    """Every logistics change to a guest appears in their audit log with a readable label."""
    actions.register_action("logistics.travel", _("Travel changed"), _("Travel changed"))
    actions.register_action("logistics.needs", _("Dietary and access needs changed"), _("Needs changed"))
    actions.register_action("logistics.transfer", _("Transfer changed"), _("Transfer changed"))
    actions.register_action("logistics.room", _("Room changed"), _("Room changed"))
    actions.register_action("logistics.meals", _("Meals marked"), _("Meals marked"))
