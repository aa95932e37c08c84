"""Printing badges in the back office: a print run (filter, sort, size) and one reprint at the desk.

Both need PRINT_BADGES at the event (registrations.permissions): anyone else gets a 403,
staff of another event too. A choice that makes no sense is shown on the form, never a 500.
"""

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from registrations import permissions as perms
from registrations.admin.guests import EventMixin, admin_url, back
from registrations.checkin.domain.badges import (
    A6,
    BY_DELEGATION,
    BY_NAME,
    CR80,
    BadgeError,
    print_badges,
    reprint_badge,
)
from registrations.models import Registration

NAMESPACE = "checkin_badges"

SIZE_CHOICES = [(CR80, gettext_lazy("CR80 card (85.6 × 54 mm)")), (A6, gettext_lazy("A6 (105 × 148 mm)"))]
ORDER_CHOICES = [(BY_DELEGATION, gettext_lazy("By delegation, then name")), (BY_NAME, gettext_lazy("By name"))]


def url(name, config, *args) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=[config.pk, *args])


class BadgeRunForm(forms.Form):
    size = forms.ChoiceField(
        label=gettext_lazy("Size"),
        choices=SIZE_CHOICES,
        initial=CR80,
        error_messages={"invalid_choice": gettext_lazy("Choose a badge size: CR80 card or A6.")},
    )
    order = forms.ChoiceField(
        label=gettext_lazy("Order"),
        choices=ORDER_CHOICES,
        initial=BY_DELEGATION,
        error_messages={"invalid_choice": gettext_lazy("Sort the badges by delegation or by name.")},
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Every category"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of this event's categories.")},
    )
    delegation = forms.ModelChoiceField(
        label=gettext_lazy("Delegation"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Every delegation"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of this event's delegations.")},
    )

    def __init__(self, data=None, *, config, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["category"].queryset = config.categories.all()
        self.fields["delegation"].queryset = config.delegations.order_by("name")
        # Guests selected in the guest list (its bulk form); none: everyone the filters match.
        self.selected = None
        if data is not None and "registration" in data:
            values = data.getlist("registration")
            if any(not value.isdigit() for value in values):
                self.add_error(None, _("The guests chosen could not be read: select them again in the guest list."))
            else:
                self.selected = [int(value) for value in values]


class BadgeRunView(EventMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET without a size: the form. GET with one: the badges as a PDF, or the form with what is wrong."""

    required = perms.PRINT_BADGES
    nav_current = "checkin"
    template_name = "checkin/admin/badges.html"
    page_title = gettext_lazy("Print badges")
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        if "size" not in request.GET:
            return self.render_to_response(self.get_context_data(form=BadgeRunForm(config=self.config)))
        form = BadgeRunForm(request.GET, config=self.config)
        if form.is_valid():
            try:
                pdf, _count = print_badges(
                    config=self.config,
                    size=form.cleaned_data["size"],
                    order=form.cleaned_data["order"],
                    category=form.cleaned_data["category"],
                    delegation=form.cleaned_data["delegation"],
                    ids=form.selected,
                )
            except BadgeError as error:
                form.add_error(None, error.message)
            else:
                return pdf_response(pdf, f"badges-{self.config.event.slug}-{form.cleaned_data['size']}.pdf")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_page_subtitle(self):
        return self.event_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = url("print", self.config)
        return context


class BadgeReprintView(EventMixin, View):
    """One guest's badge again (a lost or misprinted one), recorded in their audit log.

    GET or POST, so the desk can link to it; `size` is cr80 (the default) or a6. A refusal
    (not attending, pass revoked, unknown size) goes back with the reason.
    """

    required = perms.PRINT_BADGES
    http_method_names = ["get", "post"]

    def handle(self, request, registration_id):
        registration = get_object_or_404(
            Registration.objects.select_related("person", "category", "delegation", "event__event"),
            event=self.config,
            pk=registration_id,
        )
        size = (request.POST if request.method == "POST" else request.GET).get("size") or CR80
        try:
            pdf = reprint_badge(registration=registration, size=size, by=request.user)
        except BadgeError as error:
            messages.error(request, error.message)
            fallback = admin_url("guest", self.config.pk, registration.pk)
            return back(request, fallback)
        name = slugify(registration.person.romanised_name) or str(registration.pk)
        return pdf_response(pdf, f"badge-{name}-{size}.pdf")

    def get(self, request, *args, **kwargs):
        return self.handle(request, kwargs["registration_id"])

    def post(self, request, *args, **kwargs):
        return self.handle(request, kwargs["registration_id"])


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
