"""Check-in points: the list, the form to add or change one, deleting one nobody used."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.widgets.button import HeaderButton

from registrations import permissions as perms
from registrations.checkin.admin.base import CheckinMixin, CheckinPage, back, url
from registrations.checkin.domain.points import delete_point, save_point
from registrations.checkin.interfaces.forms import PointForm
from registrations.checkin.models import CheckinPoint
from registrations.domain.errors import RegistrationError


def event_points(config):
    return CheckinPoint.objects.filter(event=config)


class PointsView(CheckinPage):
    template_name = "checkin/admin/points.html"
    page_title = gettext_lazy("Check-in points")
    header_icon = "list-ul"
    section = "points"

    def get_header_buttons(self):
        if not self.can_manage:
            return []
        return [HeaderButton(_("Add a check-in point"), url("point_add", self.config), icon_name="plus")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            points=event_points(self.config).select_related("session").prefetch_related("categories"),
            edit_url=url("point_add", self.config).removesuffix("new/"),
        )
        return context


class PointFormView(CheckinPage):
    """GET: the form; POST: one domain call, then the list. Refusals are shown on the form, nothing written."""

    required = perms.MANAGE_CHECKIN
    template_name = "checkin/admin/form.html"
    header_icon = "edit"
    section = "points"

    @cached_property
    def point(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(event_points(self.config), pk=pk) if pk is not None else None

    def get_page_title(self):
        return self.point.name if self.point else _("Add a check-in point")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=PointForm(config=self.config, point=self.point)))

    def post(self, request, *args, **kwargs):
        form = PointForm(request.POST, config=self.config, point=self.point)
        if form.is_valid():
            try:
                point = save_point(config=self.config, point=self.point, by=request.user, **form.cleaned_data)
            except RegistrationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(point)s saved.") % {"point": point.name})
                return back(request, url("points", self.config))
        messages.error(request, _("This could not be saved: correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            cancel_url=url("points", self.config),
            delete_url=url("point_delete", self.config, self.point.pk) if self.point else None,
        )
        return context


class PointDelete(CheckinMixin, View):
    required = perms.MANAGE_CHECKIN
    http_method_names = ["post"]

    def post(self, request, config_id, pk):
        point = get_object_or_404(event_points(self.config), pk=pk)
        name = point.name
        try:
            delete_point(point=point, by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s deleted.") % {"name": name})
        return back(request, url("points", self.config))
