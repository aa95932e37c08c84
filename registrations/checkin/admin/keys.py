"""The event's pass signing keys: the list, rotating, retiring an old one."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from registrations import permissions as perms
from registrations.checkin.admin.base import CheckinMixin, CheckinPage, url
from registrations.checkin.domain.passes import retire_key, rotate_key
from registrations.checkin.models import SigningKey
from registrations.domain.errors import RegistrationError


class KeysView(CheckinPage):
    template_name = "checkin/admin/keys.html"
    page_title = gettext_lazy("Signing keys")
    header_icon = "key"
    section = "keys"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            keys=SigningKey.objects.filter(event=self.config).order_by("-key_id").defer("private_key"),
            rotate_url=url("key_rotate", self.config),
            retire_url=url("keys", self.config),
        )
        return context


class KeyRotate(CheckinMixin, View):
    required = perms.MANAGE_CHECKIN
    http_method_names = ["post"]

    def post(self, request, config_id):
        try:
            key = rotate_key(config=self.config, by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Key %(number)d now signs new passes.") % {"number": key.key_id})
        return redirect(url("keys", self.config))


class KeyRetire(CheckinMixin, View):
    required = perms.MANAGE_CHECKIN
    http_method_names = ["post"]

    def post(self, request, config_id, pk):
        key = get_object_or_404(SigningKey.objects.filter(Q(event=self.config)), pk=pk)
        try:
            retire_key(key=key, by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Key %(number)d is retired: passes it signed are refused.") % {"number": key.key_id}
            )
        return redirect(url("keys", self.config))
