"""Logistics in the back office and on the guests' pages, through Wagtail's hooks."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from registrations.logistics import (
    protocol_hooks,  # noqa: F401 - the protocol desk's hooks
    sections,
)
from registrations.logistics.admin.base import NAMESPACE, event_tabs
from registrations.logistics.admin.urls import urlpatterns as admin_urls


@hooks.register("register_log_actions")
def register_logistics_actions(actions):
    """Every logistics change to a guest appears in their audit log with a readable label."""
    actions.register_action("logistics.travel", _("Travel changed"), _("Travel changed"))
    actions.register_action("logistics.needs", _("Dietary and access needs changed"), _("Needs changed"))
    actions.register_action("logistics.transfer", _("Transfer changed"), _("Transfer changed"))
    actions.register_action("logistics.room", _("Room changed"), _("Room changed"))
    actions.register_action("logistics.meals", _("Meals marked"), _("Meals marked"))


@hooks.register("register_admin_urls")
def register_logistics_urls():
    return [path("registrations/events/<int:config_id>/logistics/", include((admin_urls, NAMESPACE)))]


@hooks.register("registrations_event_tabs")
def logistics_tab(config, allowed, current):
    return event_tabs(config, allowed, current)


@hooks.register("registrations_guest_sections")
def logistics_guest_sections():
    return [sections.TRAVEL, sections.NEEDS]


@hooks.register("registrations_pass_sections")
def logistics_pass_sections():
    return [sections.ITINERARY]
