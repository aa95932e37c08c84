"""The scan log, newest first, with filters, and marking flagged scans reviewed."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from registrations import permissions as perms
from registrations.checkin.admin.base import CheckinMixin, CheckinPage, back, url
from registrations.checkin.domain.review import mark_reviewed
from registrations.checkin.interfaces.forms import ScanFilterForm
from registrations.checkin.models import Scan

PAGE_SIZE = 50


class ScansView(CheckinPage):
    template_name = "checkin/admin/scans.html"
    page_title = gettext_lazy("Scans")
    header_icon = "history"
    section = "scans"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = ScanFilterForm(self.request.GET or None, config=self.config)
        scans = filters.filter(
            Scan.objects.filter(event=self.config).select_related(
                "point", "device", "registration__person", "registration__category"
            )
        )
        page = Paginator(scans, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filters=filters,
            page=page,
            query=query.urlencode(),
            pass_url=url("pass", self.config, 0).removesuffix("0/"),
            review_url=url("scans", self.config),
            to_review=Scan.objects.filter(event=self.config, needs_review=True).count(),
        )
        return context


class ScanReviewed(CheckinMixin, View):
    required = perms.MANAGE_CHECKIN
    http_method_names = ["post"]

    def post(self, request, config_id, pk):
        scan = get_object_or_404(Scan.objects.filter(event=self.config), pk=pk)
        mark_reviewed(scan=scan, by=request.user)
        messages.success(request, _("The scan is marked reviewed."))
        return back(request, url("scans", self.config))
