"""Gate devices: the list, adding one (its token shown once, with the QR that sets a phone up), revoking one."""

from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.widgets.button import HeaderButton

from registrations import permissions as perms
from registrations.checkin.admin.base import CheckinPage, url
from registrations.checkin.domain.devices import create_device, revoke_device, setup_url
from registrations.checkin.interfaces.forms import DeviceForm
from registrations.checkin.interfaces.qr import qr_svg
from registrations.checkin.models import Device
from registrations.domain.errors import RegistrationError


class DevicesView(CheckinPage):
    template_name = "checkin/admin/devices.html"
    page_title = gettext_lazy("Devices")
    header_icon = "mobile-alt"
    section = "devices"

    def get_header_buttons(self):
        if not self.can_manage:
            return []
        return [HeaderButton(_("Add a device"), url("device_add", self.config), icon_name="plus")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            devices=Device.objects.filter(event=self.config).select_related("point"),
            now=timezone.now(),
            revoke_url=url("device_add", self.config).removesuffix("new/"),
        )
        return context


class DeviceAddView(CheckinPage):
    """GET: the form; POST: a new device, and a page (never cached) that shows its token this once."""

    required = perms.MANAGE_CHECKIN
    template_name = "checkin/admin/form.html"
    header_icon = "mobile-alt"
    section = "devices"
    page_title = gettext_lazy("Add a device")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=DeviceForm(config=self.config)))

    def post(self, request, *args, **kwargs):
        form = DeviceForm(request.POST, config=self.config)
        if form.is_valid():
            try:
                device, token = create_device(config=self.config, by=request.user, **form.cleaned_data)
            except RegistrationError as error:
                form.add_error(None, error.message)
            else:
                link = setup_url(request.build_absolute_uri("/"), token)
                self.template_name = "checkin/admin/device_created.html"
                self.page_title = _("Device added")
                response = self.render_to_response(
                    self.get_context_data(device=device, token=token, link=link, qr=mark_safe(qr_svg(link)))
                )
                response["Cache-Control"] = "no-store"
                return response
        messages.error(request, _("This could not be saved: correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(cancel_url=url("devices", self.config), devices_url=url("devices", self.config))
        return context


class DeviceRevokeView(CheckinPage):
    """GET: are you sure? POST: the token stops working at once."""

    required = perms.MANAGE_CHECKIN
    template_name = "checkin/admin/device_revoke.html"
    header_icon = "mobile-alt"
    section = "devices"

    @cached_property
    def device(self):
        return get_object_or_404(Device.objects.filter(event=self.config).select_related("point"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Revoke %(device)s") % {"device": self.device.name}

    def post(self, request, *args, **kwargs):
        if self.device.revoked_at is not None:
            messages.warning(request, _("%(device)s was already revoked.") % {"device": self.device.name})
        else:
            revoke_device(device=self.device, by=request.user)
            messages.success(
                request, _("%(device)s is revoked: its token no longer works.") % {"device": self.device.name}
            )
        return redirect(url("devices", self.config))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(device=self.device, cancel_url=url("devices", self.config))
        return context
