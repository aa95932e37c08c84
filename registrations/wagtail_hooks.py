from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from registrations import permissions as perms
from registrations.admin import dashboard, guests
from registrations.admin.people import DirectoryPermissionPolicy, directory_viewset
from registrations.domain.backoffice import registrations_under
from registrations.models import Person

# Before anything asks Wagtail for the directory's permissions (see registrations.admin.people).
register_permission_policy(Person, DirectoryPermissionPolicy(Person))


@hooks.register("register_log_actions")
def register_registration_actions(actions):
    """Every change to a registration appears in Wagtail's audit log with a readable label."""
    actions.register_action("registrations.created", _("Registration created"), _("Registration created"))
    actions.register_action("registrations.status", _("Registration status changed"), _("Status changed"))
    actions.register_action("registrations.answered", _("Invitation answered"), _("Invitation answered"))
    actions.register_action("registrations.details", _("Registration details changed"), _("Details changed"))


# The back office: every URL below checks the user's role at the event (registrations.permissions).
event_urls = [
    path("guests/", guests.GuestListView.as_view(), name="guests"),
    path("guests/results/", guests.GuestListView.as_view(results_only=True), name="guests_results"),
    path("guests/bulk/", guests.GuestBulkView.as_view(), name="guests_bulk"),
    path(
        "guests/export/",
        guests.GuestListView.as_view(export=True, required=perms.EXPORT),
        name="guests_export",
    ),
    path("guests/<int:pk>/", guests.GuestDetailView.as_view(), name="guest"),
    path("guests/<int:pk>/act/", guests.GuestActionView.as_view(), name="guest_action"),
    path("invite/", guests.InviteView.as_view(), name="invite"),
    path("invite/results/", guests.InviteView.as_view(results_only=True), name="invite_results"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("messages/", dashboard.MessagesView.as_view(), name="messages"),
    path("messages/results/", dashboard.MessagesView.as_view(results_only=True), name="messages_results"),
    path("settings/", dashboard.SettingsView.as_view(), name="settings"),
    path("staff/", dashboard.StaffView.as_view(), name="staff"),
]
urlpatterns = [
    path("", dashboard.EventsView.as_view(), name="events"),
    path("setup/<int:page_id>/", dashboard.SetupView.as_view(), name="setup"),
    path("events/<int:config_id>/", include(event_urls)),
]


@hooks.register("register_admin_urls")
def register_backoffice_urls():
    return [path("registrations/", include((urlpatterns, "registrations_admin")))]


@hooks.register("register_admin_viewset")
def register_directory():
    return directory_viewset


# Menu: "Registrations", with the user's latest events, all events and the directory.
MENU_EVENTS = 8


class EventsMenu(Menu):
    def menu_items_for_request(self, request):
        user = request.user
        items = []
        configs = list(perms.events_for(user).order_by("-event__start", "pk")[:MENU_EVENTS])
        titles = guests.event_titles(configs)
        for order, config in enumerate(configs):
            if perms.can(user, perms.VIEW_GUESTS, config):
                url = reverse("registrations_admin:guests", args=[config.pk])
            elif perms.can(user, perms.VIEW_DASHBOARD, config):
                url = reverse("registrations_admin:dashboard", args=[config.pk])
            else:
                continue
            items.append(
                MenuItem(titles[config.pk], url, name=f"registrations-event-{config.pk}", icon_name="date", order=order)
            )
        items.append(
            MenuItem(
                _("All events"),
                reverse("registrations_admin:events"),
                name="registrations-events",
                icon_name="list-ul",
                order=900,
            )
        )
        items.append(
            MenuItem(
                _("Directory"),
                reverse("directory:index"),
                name="registrations-directory",
                icon_name="group",
                order=910,
            )
        )
        return items


class RegistrationsMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return perms.has_any_role(request.user)


@hooks.register("register_admin_menu_item")
def register_registrations_menu():
    return RegistrationsMenuItem(_("Registrations"), EventsMenu(), name="registrations", icon_name="group", order=250)


# Home page: the user's events.
class MyEventsPanel(Component):
    name = "registrations_my_events"
    order = 50
    template_name = "registrations/admin/home_panel.html"

    class Media:
        css = {"all": ["registrations/admin/backoffice.css"]}

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        return {
            "events": dashboard.event_links(user, dashboard.visible_events(user)[:10]),
            "all_url": reverse("registrations_admin:events"),
            "request": self.request,
        }


@hooks.register("construct_homepage_panels")
def add_my_events_panel(request, panels):
    if perms.has_any_role(request.user):
        panels.append(MyEventsPanel(request))


# Deleting an event that has registrations is refused, one page or many at once.
def _refuse(request, count, fallback):
    messages.error(
        request,
        _gettext(
            "This page cannot be deleted: %(count)d guest registration(s) belong to its event(s). "
            "Cancel the event on its page instead, or move the registrations first."
        )
        % {"count": count},
    )
    referer = request.META.get("HTTP_REFERER", "")
    same_site = url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure())
    if referer and same_site and "/delete/" not in referer:
        return redirect(referer)
    return redirect(fallback)


@hooks.register("before_delete_page")
def refuse_deleting_events_with_guests(request, page):
    count = registrations_under([page])
    if count:
        return _refuse(request, count, reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_events_with_guests(request, action_type, objects, action_class_instance):
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if action_type != "delete" or not pages:
        return None
    count = registrations_under(pages)
    if count:
        return _refuse(request, count, reverse("wagtailadmin_explore_root"))
    return None


# Admin screens live in their own modules; importing them registers their hooks.
from registrations.admin import imports as _imports  # noqa: E402, F401
