"""What every logistics screen shares: the event, the roles, the secondary navigation, form and delete doors.

Every view resolves the event of its URL for the user (registrations.admin.guests.EventMixin):
a 403 outside their events, or when their role does not allow the screen's action.
Reading needs VIEW_LOGISTICS, changing EDIT_LOGISTICS.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from registrations import permissions as perms
from registrations.admin.guests import EventMixin, as_int, back  # noqa: F401 - shared by the screens
from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.board import all_warnings
from registrations.logistics.domain.travel import Picture

NAMESPACE = "logistics_admin"


def url(name, config, *args) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=[config.pk, *args])


# The screens of the secondary navigation; the first is where the event's tab leads.
SECTIONS = ("board", "travel", "transfers", "hotels", "needs", "exports", "warnings")


def section_label(section: str) -> str:
    labels = {
        "board": _("Arrivals and departures"),
        "travel": _("Travel"),
        "transfers": _("Transfers"),
        "hotels": _("Hotels"),
        "needs": _("Dietary and access needs"),
        "exports": _("Exports"),
        "warnings": _("Warnings"),
        "setup": _("Logistics settings"),
    }
    return labels[section]


def event_tabs(config, allowed, current) -> list[dict]:
    """The event's "Logistics" tab (hook `registrations_event_tabs`), for those who may see logistics."""
    if perms.VIEW_LOGISTICS not in allowed:
        return []
    return [{"url": url("board", config), "label": _("Logistics"), "current": current == "logistics"}]


class LogisticsMixin(EventMixin):
    """An event's logistics screen: the Logistics tab current, its own navigation below it."""

    required = perms.VIEW_LOGISTICS
    nav_current = "logistics"
    section = "board"  # which entry of the secondary navigation is current

    @cached_property
    def picture(self) -> Picture:
        return Picture.load(self.config)

    @cached_property
    def warnings(self):
        return all_warnings(self.picture)

    @property
    def can_edit(self) -> bool:
        return perms.EDIT_LOGISTICS in self.allowed

    def logistics_nav(self) -> list[dict]:
        """This part's screens, then the other parts' (hook `logistics_nav_items`), the warnings, the settings.

        The hook is called as `logistics_nav_items(config, allowed, current)` and returns dicts
        {"url", "label", "current"}; `current` is the `section` of the screen being shown.
        """

        def item(name):
            return {"url": url(name, self.config), "label": section_label(name), "current": name == self.section}

        nav = [item(name) for name in SECTIONS if name != "warnings"]
        for items_of in hooks.get_hooks("logistics_nav_items"):
            nav.extend(items_of(self.config, self.allowed, self.section))
        nav.append({**item("warnings"), "count": len(self.warnings)})
        if self.can_edit:
            nav.append(item("setup"))
        return nav

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(logistics_nav=self.logistics_nav(), can_edit=self.can_edit, config=self.config)
        return context

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        crumb = {"url": url("board", self.config), "label": _("Logistics")}
        return [*items[:-1], crumb, items[-1]]


class LogisticsPage(LogisticsMixin, WagtailAdminTemplateMixin, TemplateView):
    """A logistics screen rendered from a template."""


class FormPage(LogisticsPage):
    """GET: a form for a new object or one of the event's; POST: one domain call, a message, back.

    A refusal of the domain is shown on the form, with nothing written.
    """

    required = perms.EDIT_LOGISTICS
    template_name = "logistics/admin/form.html"
    form_class = None
    header_icon = "edit"

    def get_queryset(self):
        raise NotImplementedError

    @cached_property
    def object(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(self.get_queryset(), pk=pk) if pk is not None else None

    def get_form(self, data=None):
        return self.form_class(data, instance=self.object, **self.form_kwargs())

    def form_kwargs(self) -> dict:
        return {}

    def save(self, form):
        """Call the domain with the form's data; return the saved object."""
        raise NotImplementedError

    def saved_message(self, obj) -> str:
        return _("Saved.")

    def success_url(self, obj) -> str:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                obj = self.save(form)
            except RegistrationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, self.saved_message(obj))
                return back(request, self.success_url(obj))
        messages.error(request, _("This could not be saved: correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("object", self.object)
        context.setdefault("delete_url", self.delete_url() if self.object is not None else None)
        context.setdefault("cancel_url", self.cancel_url())
        return context

    def delete_url(self):
        return None

    def cancel_url(self):
        return url(self.section, self.config)


class DeleteAction(LogisticsMixin, View):
    """POST: delete one of the event's objects through the domain; a refusal is a message."""

    required = perms.EDIT_LOGISTICS
    http_method_names = ["post"]

    def get_queryset(self):
        raise NotImplementedError

    def delete(self, obj):
        raise NotImplementedError

    def success_url(self, obj) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        obj = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        name = str(obj)
        target = self.success_url(obj)
        try:
            self.delete(obj)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s deleted.") % {"name": name})
        return back(request, target)
