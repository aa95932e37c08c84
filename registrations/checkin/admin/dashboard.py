"""The live dashboard of an event's check-in (the tab's landing page)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.checkin.admin.base import CheckinPage, url
from registrations.checkin.domain.dashboard import arrivals_chart, figures

REFRESH_SECONDS = 15


class DashboardView(CheckinPage):
    template_name = "checkin/admin/dashboard.html"
    page_title = gettext_lazy("Check-in dashboard")
    header_icon = "view"
    section = "dashboard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = figures(self.config)
        chart = arrivals_chart(found.arrivals)
        context.update(
            figures=found,
            chart={**chart, "title": _("Arrivals over time"), "label": _("Guests arrived")},
            refresh_seconds=REFRESH_SECONDS,
            review_url=url("scans", self.config) + "?review=on",
            pass_url=url("pass", self.config, 0).removesuffix("0/"),
        )
        return context
