"""Passes at the desk: find a guest, see their pass and last scans, revoke or re-issue it, reprint the badge."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from registrations import permissions as perms
from registrations.admin.people import search_people
from registrations.checkin.admin.base import CheckinMixin, CheckinPage, url, url_if_installed
from registrations.checkin.domain.passes import reissue_pass, revoke_pass
from registrations.checkin.interfaces.forms import RevokePassForm
from registrations.checkin.models import Pass
from registrations.domain.errors import RegistrationError
from registrations.models import Registration

RESULTS = 30
LAST_SCANS = 10


def event_guests(config):
    return Registration.objects.filter(event=config).select_related("person", "category", "delegation")


class PassesView(CheckinPage):
    """Search the event's guests by name in any script; each result with its pass version and state."""

    template_name = "checkin/admin/passes.html"
    page_title = gettext_lazy("Passes")
    header_icon = "user"
    section = "passes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        results, more = [], False
        if query:
            found = list(
                search_people(event_guests(self.config), query, prefix="person__").order_by(
                    "person__family_name", "person__given_name", "pk"
                )[: RESULTS + 1]
            )
            more, found = len(found) > RESULTS, found[:RESULTS]
            passes = {p.registration_id: p for p in Pass.objects.filter(registration__in=found)}
            results = [{"guest": guest, "pass": passes.get(guest.pk)} for guest in found]
        context.update(
            query=query,
            results=results,
            more=more,
            pass_url=url("pass", self.config, 0).removesuffix("0/"),
            print_url=url_if_installed("checkin_badges:print", self.config.pk)
            if perms.PRINT_BADGES in self.allowed
            else None,
        )
        return context


class GuestPassView(CheckinPage):
    template_name = "checkin/admin/pass.html"
    header_icon = "user"
    section = "passes"

    @cached_property
    def guest(self):
        return get_object_or_404(event_guests(self.config), pk=self.kwargs["pk"])

    def get_page_title(self):
        return self.guest.person.display_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        guest = self.guest
        scans = guest.scans.filter(event=self.config).select_related("point", "device")[:LAST_SCANS]
        context.update(
            guest=guest,
            pass_=Pass.objects.filter(registration=guest).first(),
            scans=scans,
            revoke_form=kwargs.get("revoke_form") or RevokePassForm(),
            revoke_url=url("pass_revoke", self.config, guest.pk),
            reissue_url=url("pass_reissue", self.config, guest.pk),
            reprint_url=url_if_installed("checkin_badges:reprint", self.config.pk, guest.pk)
            if perms.PRINT_BADGES in self.allowed
            else None,
            passes_url=url("passes", self.config),
        )
        return context


class PassRevoke(GuestPassView):
    """POST: the pass is refused at every gate until re-issued; a reason is required."""

    required = perms.MANAGE_CHECKIN
    http_method_names = ["post"]

    def post(self, request, config_id, pk):
        form = RevokePassForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The pass was not revoked: correct the errors below."))
            return self.render_to_response(self.get_context_data(revoke_form=form), status=200)
        try:
            revoke_pass(registration=self.guest, reason=form.cleaned_data["reason"], by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The pass of %(name)s is revoked.") % {"name": self.guest.person.display_name})
        return redirect(url("pass", self.config, self.guest.pk))


class PassReissue(CheckinMixin, View):
    """POST: a new version of the pass; the old one (and a revocation) no longer holds."""

    required = perms.MANAGE_CHECKIN
    http_method_names = ["post"]

    def post(self, request, config_id, pk):
        guest = get_object_or_404(event_guests(self.config), pk=pk)
        try:
            current = reissue_pass(registration=guest, by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("A new pass (version %(version)d) is issued to %(name)s; the old one is refused.")
                % {"version": current.version, "name": guest.person.display_name},
            )
        return redirect(url("pass", self.config, guest.pk))
