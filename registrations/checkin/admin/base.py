"""What every check-in screen shares: the event and the roles, the secondary navigation, form doors.

Every view resolves the event of its URL for the user (registrations.admin.guests.EventMixin):
a 403 outside their events, or when their role does not allow the screen's action.
Reading needs VIEW_CHECKIN, changing MANAGE_CHECKIN.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from registrations import permissions as perms
from registrations.admin.guests import EventMixin, as_int, back  # noqa: F401 - shared by the screens

NAMESPACE = "checkin_admin"

# The screens of the secondary navigation; the first is where the event's tab leads.
SECTIONS = ("dashboard", "points", "devices", "passes", "scans", "keys")


def url(name, config, *args) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=[config.pk, *args])


def url_if_installed(name, *args) -> str | None:
    """A URL of another part (the badges), or None while that part is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def section_label(section: str) -> str:
    return {
        "dashboard": _("Live dashboard"),
        "points": _("Check-in points"),
        "devices": _("Devices"),
        "passes": _("Passes"),
        "scans": _("Scans"),
        "keys": _("Signing keys"),
    }[section]


def event_tabs(config, allowed, current) -> list[dict]:
    """The event's "Check-in" tab (hook `registrations_event_tabs`), for those who may see check-in."""
    if perms.VIEW_CHECKIN not in allowed:
        return []
    return [{"url": url("dashboard", config), "label": _("Check-in"), "current": current == "checkin"}]


class CheckinMixin(EventMixin):
    """An event's check-in screen: the Check-in tab current, its own navigation below it."""

    required = perms.VIEW_CHECKIN
    nav_current = "checkin"
    section = "dashboard"

    @property
    def can_manage(self) -> bool:
        return perms.MANAGE_CHECKIN in self.allowed

    def checkin_nav(self) -> list[dict]:
        return [
            {"url": url(name, self.config), "label": section_label(name), "current": name == self.section}
            for name in SECTIONS
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(checkin_nav=self.checkin_nav(), can_manage=self.can_manage)
        return context

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        crumb = {"url": url("dashboard", self.config), "label": _("Check-in")}
        return [*items[:-1], crumb, items[-1]]


class CheckinPage(CheckinMixin, WagtailAdminTemplateMixin, TemplateView):
    """A check-in screen rendered from a template."""
