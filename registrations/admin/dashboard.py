"""An event's screens besides the guest list: the events a user can see, the dashboard,
the outbox, the registration settings and the event's staff."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.forms import inlineformset_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_filters import ChoiceFilter, MultipleChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets import AdminDateTimeInput

from events.models import EventPage
from registrations import permissions as perms
from registrations.admin.guests import EventMixin, StatusColumn, admin_url, event_titles
from registrations.domain.backoffice import event_figures, grant_role, revoke_role, save_event_settings
from registrations.domain.errors import RegistrationError
from registrations.domain.events import config_for
from registrations.models import Category, EventConfig, EventRole, Message, Question, Status

# The events a user can see ---------------------------------------------------------------------


def visible_events(user):
    """The user's events, the latest first, with their guest counts (one query)."""
    return (
        perms.events_for(user)
        .annotate(
            guests=Count("registrations"),
            awaiting=Count("registrations", filter=Q(registrations__status=Status.PENDING)),
        )
        .order_by("-event__start", "pk")
    )


def event_links(user, configs) -> list[dict]:
    """Each event with its title and the screens the user may open."""
    configs = list(configs)
    titles = event_titles(configs)
    rows = []
    for config in configs:
        allowed = perms.actions_at(user, config)
        rows.append(
            {
                "config": config,
                "title": titles[config.pk],
                "guests_url": admin_url("guests", config.pk) if perms.VIEW_GUESTS in allowed else None,
                "dashboard_url": admin_url("dashboard", config.pk) if perms.VIEW_DASHBOARD in allowed else None,
                "settings_url": admin_url("settings", config.pk) if perms.EDIT_SETTINGS in allowed else None,
            }
        )
    return rows


class EventsView(WagtailAdminTemplateMixin, TemplateView):
    """Every event the user holds a role at (every event, for superusers)."""

    template_name = "registrations/admin/events.html"
    page_title = gettext_lazy("Registrations")
    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        if not perms.has_any_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["events"] = event_links(user, visible_events(user))
        if user.is_superuser:
            # Events without registration settings yet: one row per event, not per translation.
            with_config = EventConfig.objects.values("event__translation_key")
            pages = EventPage.objects.exclude(translation_key__in=with_config).order_by("translation_key", "pk")
            seen, unset = set(), []
            for page in pages:
                if page.translation_key not in seen:
                    seen.add(page.translation_key)
                    unset.append(page)
            context["unset_pages"] = sorted(unset, key=lambda p: p.start, reverse=True)
        return context


class SetupView(View):
    """POST, superusers: give an event its registration settings (with the usual categories)."""

    http_method_names = ["post"]

    def post(self, request, page_id):
        if not request.user.is_superuser:
            raise PermissionDenied
        page = get_object_or_404(EventPage, pk=page_id)
        config = config_for(page)
        messages.success(request, _("Registrations are set up for %(event)s.") % {"event": page.title})
        return redirect(admin_url("settings", config.pk))


# Dashboard -------------------------------------------------------------------------------------


def chart_data(responses: dict) -> dict:
    """What dashboard.js draws: days on the x axis, one cumulative line per kind of answer."""
    labels = {"accepted": _("Accepted"), "declined": _("Declined"), "applied": _("Applications")}
    return {
        "labels": responses["days"],
        "datasets": [
            {"key": key, "label": str(labels[key]), "data": values} for key, values in responses["series"].items()
        ],
        "title": _("Answers over time"),
    }


class DashboardView(EventMixin, WagtailAdminTemplateMixin, TemplateView):
    required = perms.VIEW_DASHBOARD
    template_name = "registrations/admin/dashboard.html"
    header_icon = "view"
    page_title = gettext_lazy("Dashboard")
    nav_current = "dashboard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = event_figures(self.config)
        guests_url = admin_url("guests", self.config.pk)
        context.update(
            figures=figures,
            statuses=[{**row, "url": f"{guests_url}?status={row['status']}"} for row in figures["statuses"]],
            categories=[{**row, "url": f"{guests_url}?category={row['category'].pk}"} for row in figures["categories"]],
            chart=chart_data(figures["responses"]),
            failed_url=admin_url("messages", self.config.pk) + "?status=failed",
        )
        return context


# Outbox ----------------------------------------------------------------------------------------


class MessageFilterSet(WagtailFilterSet):
    status = MultipleChoiceFilter(
        label=gettext_lazy("Status"), choices=Message.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    kind = ChoiceFilter(label=gettext_lazy("Kind"), choices=Message.Kind.choices)

    class Meta:
        model = Message
        fields = []


class MessagesView(EventMixin, BaseListingView):
    """The event's outbox: every email to its guests with its delivery status."""

    required = perms.VIEW_MESSAGES
    template_name = "registrations/admin/messages.html"
    paginate_by = 50
    filterset_class = MessageFilterSet
    is_searchable = True
    header_icon = "mail"
    page_title = gettext_lazy("Messages")
    nav_current = "messages"
    verbose_name_plural = gettext_lazy("messages")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "subject",
                label=_("Subject"),
                get_url=lambda m: admin_url("guest", self.config.pk, m.registration_id),
            ),
            Column("recipient", label=_("To")),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            StatusColumn("status", label=_("Status")),
            Column("attempts", label=_("Attempts")),
            Column("last_error", label=_("Last error")),
            DateColumn("created_at", label=_("Queued"), sort_key="created_at"),
            DateColumn("sent_at", label=_("Sent"), sort_key="sent_at"),
        ]

    def get_base_queryset(self):
        return Message.objects.filter(registration__event=self.config).defer("body")

    default_ordering = "-created_at"

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        q = self.search_query
        return queryset.filter(Q(recipient__icontains=q) | Q(subject__icontains=q))

    def get_index_url(self):
        return admin_url("messages", self.config.pk)

    def get_index_results_url(self):
        return admin_url("messages_results", self.config.pk)


# Settings --------------------------------------------------------------------------------------


class EventSettingsForm(forms.ModelForm):
    class Meta:
        model = EventConfig
        fields = ["rsvp_deadline", "changes_need_approval", "offer_hours"]
        widgets = {"rsvp_deadline": AdminDateTimeInput}


class SortOrderMixin:
    """An empty order puts a new row after the event's others."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort_order"].required = False

    def clean_sort_order(self):
        value = self.cleaned_data.get("sort_order")
        if value is not None:
            return value
        if self.instance.pk:
            return self.instance.sort_order
        siblings = type(self.instance).objects.filter(event_id=self.instance.event_id)
        return (siblings.aggregate(last=Max("sort_order"))["last"] or 0) + 1


class CategoryForm(SortOrderMixin, forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "name_zh", "name_en", "colour", "quota", "sort_order"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}


class BaseCategoryFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.registrations.exists():
                form.add_error(None, _("Guests are registered in this category: move them before deleting it."))
                raise forms.ValidationError(_("A category with guests cannot be deleted."))


class QuestionForm(SortOrderMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["code", "label_zh", "label_en", "kind", "choices", "required", "categories", "sort_order"]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "choices": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        }

    def __init__(self, *args, config=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = config.categories.all() if config else Category.objects.none()


CategoryFormSet = inlineformset_factory(
    EventConfig, Category, form=CategoryForm, formset=BaseCategoryFormSet, extra=1, can_delete=True
)
QuestionFormSet = inlineformset_factory(EventConfig, Question, form=QuestionForm, extra=1, can_delete=True)


class RoleForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Staff member"), queryset=get_user_model().objects.none())
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=EventRole.Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.get_username()} ({u.email})"


class SettingsView(EventMixin, WagtailAdminTemplateMixin, TemplateView):
    """An event's registration rules, guest categories and questions, saved all or nothing."""

    required = perms.EDIT_SETTINGS
    template_name = "registrations/admin/settings.html"
    header_icon = "cog"
    page_title = gettext_lazy("Registration settings")
    nav_current = "settings"

    def forms(self, data=None):
        config = self.config
        return (
            EventSettingsForm(data, instance=config),
            CategoryFormSet(data, instance=config, prefix="categories"),
            QuestionFormSet(data, instance=config, prefix="questions", form_kwargs={"config": config}),
        )

    def get(self, request, config_id):
        return self.render(*self.forms())

    def post(self, request, config_id):
        form, categories, questions = self.forms(request.POST)
        if form.is_valid() and categories.is_valid() and questions.is_valid():
            save_event_settings(config=self.config, form=form, formsets=(categories, questions), by=request.user)
            messages.success(request, _("Registration settings saved."))
            return redirect(admin_url("settings", self.config.pk))
        messages.error(request, _("The settings could not be saved: correct the errors below."))
        return self.render(form, categories, questions)

    def render(self, form, categories, questions):
        roles = self.config.roles.select_related("user").order_by("role", "user__username")
        return self.render_to_response(
            self.get_context_data(
                form=form,
                categories=categories,
                questions=questions,
                roles=roles,
                role_form=RoleForm(),
                staff_url=admin_url("staff", self.config.pk),
                page_url=reverse("wagtailadmin_pages:edit", args=[self.config.event_id]),
            )
        )


class StaffView(EventMixin, View):
    """POST, managers: give someone a role at the event, or take one away."""

    required = perms.MANAGE_STAFF
    http_method_names = ["post"]

    def post(self, request, config_id):
        back = admin_url("settings", self.config.pk) + "#staff"
        remove = request.POST.get("remove")
        if remove:
            event_role = self.config.roles.filter(pk=remove if remove.isdigit() else None).first()
            if event_role is None:
                raise Http404
            revoke_role(event_role=event_role, by=request.user)
            messages.success(request, _("Role removed."))
            return redirect(back)
        form = RoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a staff member and a role."))
            return redirect(back)
        try:
            grant_role(
                user=form.cleaned_data["user"], event=self.config, role=form.cleaned_data["role"], by=request.user
            )
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Role given."))
        return redirect(back)
