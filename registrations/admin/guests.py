"""The guest list of one event, a guest's page, and inviting people from the directory.

Thin doors into registrations.domain: each view checks the user's role at the event
(registrations.permissions), parses the request, calls one domain function and reports
the result with Wagtail's messages. A refused action is reported guest by guest.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.forms.utils import flatatt
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext, ngettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_countries import countries
from django_filters import CharFilter, ChoiceFilter, ModelChoiceFilter, MultipleChoiceFilter
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, Table, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import ModelLogEntry

from events.models import EventPage
from registrations import permissions as perms
from registrations.admin.people import search_people
from registrations.domain import actions
from registrations.domain.backoffice import cancel_each, change_category_each, decide_each, remind_each
from registrations.domain.errors import RegistrationError
from registrations.models import Category, Delegation, Person, Question, Registration, Status

PAGE_SIZE = 50
EXPORT_FORMATS = (("xlsx", "Excel (.xlsx)"), ("csv", "CSV (UTF-8)"))
YES = {"yes", "y", "true", "1", "是", "是的", "on"}
NO = {"no", "n", "false", "0", "否", "不", "off"}


def admin_url(name, *args):
    return reverse(f"registrations_admin:{name}", args=args)


# The event every back-office URL hangs on ---------------------------------------------------


class EventMixin:
    """Resolve `config_id` for the user: 403 outside their events or when their role falls short."""

    required = perms.VIEW_GUESTS  # the action a user's role must allow to open the view
    nav_current = "guests"  # the event's tab to show as current

    def dispatch(self, request, *args, **kwargs):
        self.config = perms.event_for(request.user, kwargs["config_id"], self.required)
        self.allowed = perms.actions_at(request.user, self.config)
        return super().dispatch(request, *args, **kwargs)

    def require(self, action):
        if action not in self.allowed:
            raise PermissionDenied

    @cached_property
    def event_title(self):
        return event_title(self.config)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            config=self.config,
            allowed=self.allowed,
            event_title=self.event_title,
            event_nav=event_nav(self.config, self.allowed, self.nav_current),
        )
        return context

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": admin_url("events"), "label": _("Registrations")},
            {"url": admin_url("guests", self.config.pk), "label": self.event_title},
            {"url": "", "label": self.get_page_title()},
        ]


def event_titles(configs) -> dict[int, str]:
    """Each event's title in the admin's language where the page is translated into it (one query)."""
    configs = list(configs)
    language = (get_language() or "zh-hans").lower()
    keys = {config.event.translation_key for config in configs}
    translated = dict(
        EventPage.objects.filter(translation_key__in=keys, locale__language_code__iexact=language).values_list(
            "translation_key", "title"
        )
    )
    return {config.pk: translated.get(config.event.translation_key, config.event.title) for config in configs}


def event_title(config) -> str:
    """The event's title in the language of the admin, when the page is translated into it."""
    return event_titles([config])[config.pk]


def event_nav(config, allowed, current) -> list[dict]:
    """The event's tabs, each shown to the roles that may open it."""
    tabs = [
        ("guests", _("Guests"), perms.VIEW_GUESTS),
        ("dashboard", _("Dashboard"), perms.VIEW_DASHBOARD),
        ("invite", _("Invite from the directory"), perms.INVITE),
        ("messages", _("Messages"), perms.VIEW_MESSAGES),
    ]
    nav = [
        {"url": admin_url(name, config.pk), "label": label, "current": name == current}
        for name, label, action in tabs
        if action in allowed
    ]
    # Tabs of the other parts of the back office (logistics, check-in): each registers a hook
    # `registrations_event_tabs(config, allowed, current)` returning dicts like these.
    for tabs_of in hooks.get_hooks("registrations_event_tabs"):
        nav.extend(tabs_of(config, allowed, current))
    if perms.EDIT_SETTINGS in allowed:
        nav.append({"url": admin_url("settings", config.pk), "label": _("Settings"), "current": current == "settings"})
    if perms.INVITE in allowed:
        try:  # the guest list import, when installed
            url = reverse("registrations_imports:upload", args=[config.pk])
        except NoReverseMatch:
            pass
        else:
            after_invite = next(i for i, tab in enumerate(nav) if tab["url"] == admin_url("invite", config.pk)) + 1
            nav.insert(after_invite, {"url": url, "label": _("Import a guest list"), "current": current == "import"})
    return nav


# Filters ---------------------------------------------------------------------------------------


def answer_q(question: Question, value: str) -> Q:
    """Registrations whose answer to `question` matches `value` (typed as a value or a label)."""
    key = f"answers__{question.code}"
    value = value.strip()
    if not value:
        return Q(answers__has_key=question.code)
    kind = question.kind
    if kind == Question.Kind.YES_NO:
        lowered = value.lower()
        if lowered in YES:
            return Q(**{key: True}) | Q(**{f"{key}__in": ["yes", "true", "1"]})
        if lowered in NO:
            return Q(**{key: False}) | Q(**{f"{key}__in": ["no", "false", "0"]})
        return Q(pk__in=[])
    if kind in (Question.Kind.CHOICE, Question.Kind.MULTIPLE):
        lowered = value.lower()
        # Typed as the stored value or as a label in either language.
        wanted = {
            str(choice.get("value"))
            for choice in question.choices
            if isinstance(choice, dict) and lowered in {str(choice.get(k, "")).lower() for k in ("value", "zh", "en")}
        } or {value}
        q = Q(pk__in=[])
        for choice in wanted:
            if kind == Question.Kind.CHOICE:
                q |= Q(**{key: choice})
            elif connection.features.supports_json_field_contains:
                q |= Q(**{f"{key}__contains": [choice]})
            else:
                # SQLite has no JSON containment: look for the quoted value in the list's text.
                q |= Q(**{f"{key}__icontains": f'"{choice}"'})
        return q
    return Q(**{f"{key}__icontains": value})


class QuickSelect(forms.Select):
    """A select rendered in Python: Django's template per option costs too much for long lists."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v not in (None, "")}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, mark_safe(" selected") if str(v) in chosen else "", label) for v, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes rendered in Python, with the markup of Django's own widget."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", f"id_{name}")
        chosen = {str(v) for v in (value or [])}
        boxes = format_html_join(
            "",
            '<div><label for="{0}_{1}">'
            '<input type="checkbox" name="{2}" value="{3}" id="{0}_{1}"{4}> {5}</label></div>',
            (
                (base_id, i, name, v, mark_safe(" checked") if str(v) in chosen else "", label)
                for i, (v, label) in enumerate(self.choices)
            ),
        )
        return format_html('<div id="{}"{}>{}</div>', base_id, flatatt(attrs), boxes)


class GuestFilterSet(WagtailFilterSet):
    status = MultipleChoiceFilter(label=gettext_lazy("Status"), choices=Status.choices, widget=QuickCheckboxes)
    category = ModelChoiceFilter(label=gettext_lazy("Category"), queryset=Category.objects.none(), widget=QuickSelect)
    delegation = ModelChoiceFilter(
        label=gettext_lazy("Delegation"), queryset=Delegation.objects.none(), widget=QuickSelect
    )
    country = ChoiceFilter(
        label=gettext_lazy("Country or region"), field_name="person__country", choices=(), widget=QuickSelect
    )
    question = ModelChoiceFilter(
        label=gettext_lazy("Question"), queryset=Question.objects.none(), method="filter_answer", widget=QuickSelect
    )
    answer = CharFilter(label=gettext_lazy("Answer"), method="filter_answer")

    class Meta:
        model = Registration
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, config=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["category"].queryset = config.categories.all()
        self.filters["delegation"].queryset = config.delegations.all()
        self.filters["question"].queryset = config.questions.all()
        present = set(
            Registration.objects.filter(event=config).order_by().values_list("person__country", flat=True).distinct()
        )
        named = ((code, countries.name(code)) for code in present if code)
        self.filters["country"].extra["choices"] = sorted(named, key=lambda pair: str(pair[1]))

    def filter_answer(self, queryset, name, value):
        # Question and answer act together, in filter_queryset below.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        question = self.form.cleaned_data.get("question")
        if question is not None:
            queryset = queryset.filter(answer_q(question, self.form.cleaned_data.get("answer") or ""))
        return queryset


# Columns ---------------------------------------------------------------------------------------


class SelectColumn(BaseColumn):
    """A checkbox per row, bound to the bulk-action form above the table (which AJAX refreshes keep)."""

    header_template_name = "registrations/admin/includes/select_all_header.html"
    cell_template_name = "registrations/admin/includes/select_cell.html"

    def __init__(self, name="select", *, form_id, field_name, **kwargs):
        super().__init__(name, label=_("Select"), **kwargs)
        self.form_id, self.field_name = form_id, field_name

    def get_header_context_data(self, parent_context):
        context = super().get_header_context_data(parent_context)
        context.update(form_id=self.form_id, field_name=self.field_name)
        return context

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(form_id=self.form_id, field_name=self.field_name)
        return context


class GuestNameColumn(TitleColumn):
    """The name in the person's own script, with the romanised name under it when they differ."""

    cell_template_name = "registrations/admin/includes/person_name_cell.html"

    def __init__(self, name, *, of_registration=True, **kwargs):
        super().__init__(name, **kwargs)
        self.of_registration = of_registration

    def person(self, instance):
        return instance.person if self.of_registration else instance

    def get_value(self, instance):
        return self.person(instance).display_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["person"] = self.person(instance)
        return context


class StatusColumn(Column):
    cell_template_name = "registrations/admin/includes/status_cell.html"


class GuestTable(Table):
    """Wagtail's table head (sorting links), with a body rendered in one template.

    Rendering every cell as a component of its own costs several milliseconds a row;
    the guest list shows 50 rows of 8 columns and must stay fast on a small server.
    """

    template_name = "registrations/admin/includes/guest_table.html"

    def __init__(self, columns, data, *, config, selectable, **kwargs):
        super().__init__(columns, data, **kwargs)
        self.config, self.selectable = config, selectable

    @cached_property
    def guest_rows(self) -> list[dict]:
        statuses = {value: str(label) for value, label in Status.choices}
        country_names = {}
        categories = {}
        detail = admin_url("guest", self.config.pk, 0).removesuffix("0/")
        rows = []
        for registration in self.data:
            person = registration.person
            name = person.display_name
            romanised = person.romanised_name
            code = person.country.code
            if code not in country_names:
                country_names[code] = str(person.country.name) if code else ""
            category = registration.category
            if category.pk not in categories:
                categories[category.pk] = (category.name, category.colour)
            rows.append(
                {
                    "pk": registration.pk,
                    "url": f"{detail}{registration.pk}/",
                    "name": name,
                    "romanised": romanised if romanised != name else "",
                    "organisation": person.organisation,
                    "country": country_names[code],
                    "category": categories[category.pk][0],
                    "colour": categories[category.pk][1],
                    "status": registration.status,
                    "status_label": statuses.get(registration.status, registration.status),
                    "delegation": registration.delegation.name if registration.delegation_id else "",
                    "answered": registration.responded_at,
                }
            )
        return rows


# (sort key: fields); a leading "-" reverses every field.
GUEST_ORDERINGS = {
    "name": ("_sort_family", "_sort_given"),
    "organisation": ("person__organisation",),
    "country": ("person__country",),
    "category": ("category__sort_order", "category_id"),
    "status": ("_status_order",),
    "delegation": ("delegation__name",),
    "answered": ("responded_at",),
}
SORT_ANNOTATIONS = {
    # Latin letters first where the directory has them, so 张 sorts as Zhang among the Z's.
    "_sort_family": Coalesce(NullIf("person__romanised_family_name", Value("")), "person__family_name"),
    "_sort_given": Coalesce(NullIf("person__romanised_given_name", Value("")), "person__given_name"),
    "_status_order": Case(
        *(When(status=value, then=Value(i)) for i, value in enumerate(Status.values)), output_field=IntegerField()
    ),
}


def ordered(queryset, ordering: str, orderings: dict):
    descending = ordering.startswith("-")
    fields = orderings[ordering.lstrip("-")]
    queryset = queryset.annotate(**{f: SORT_ANNOTATIONS[f] for f in fields if f in SORT_ANNOTATIONS})
    expressions = [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in fields]
    return queryset.order_by(*expressions, "-pk" if descending else "pk")


# The guest list --------------------------------------------------------------------------------


class GuestListView(EventMixin, BaseListingView):
    """Registrations of one event: filter, search in any script, sort, select and act."""

    template_name = "registrations/admin/guest_list.html"
    paginate_by = PAGE_SIZE
    is_searchable = True
    default_ordering = "name"
    filterset_class = GuestFilterSet
    header_icon = "group"
    verbose_name = gettext_lazy("guest")
    verbose_name_plural = gettext_lazy("guests")
    page_title = gettext_lazy("Guests")
    export = False  # True: the whole filtered, searched and sorted list as a file

    def get(self, request, *args, **kwargs):
        if self.export:
            return export_response(self.get_queryset(), request.GET.get("format"), config=self.config)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.event_title

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "config": self.config}

    @cached_property
    def bulk_actions(self):
        return [action for action, (permission, *_rest) in BULK_ACTIONS.items() if permission in self.allowed]

    @cached_property
    def columns(self):
        select = [SelectColumn(form_id="guest-bulk", field_name="registration")] if self.bulk_actions else []
        return [
            *select,
            GuestNameColumn(
                "name",
                label=_("Name"),
                sort_key="name",
                get_url=lambda r: admin_url("guest", self.config.pk, r.pk),
            ),
            Column("organisation", label=_("Organisation"), accessor="person.organisation", sort_key="organisation"),
            Column("country", label=_("Country or region"), accessor="person.country.name", sort_key="country"),
            Column("category", label=_("Category"), sort_key="category"),
            StatusColumn("status", label=_("Status"), sort_key="status"),
            Column("delegation", label=_("Delegation"), accessor="delegation.name", sort_key="delegation"),
            DateColumn("responded_at", label=_("Answered"), sort_key="answered"),
        ]

    def get_base_queryset(self):
        return Registration.objects.filter(event=self.config).select_related("person", "category", "delegation")

    def get_valid_orderings(self):
        return [*GUEST_ORDERINGS, *(f"-{key}" for key in GUEST_ORDERINGS)]

    def paginate_queryset(self, queryset, page_size):
        # Sort and slice ids only, so the database sorts narrow rows even on the last page
        # of 20,000; then fetch the page's 50 registrations whole, in one more query.
        paginator, page, ids, is_paginated = super().paginate_queryset(queryset.values_list("pk", flat=True), page_size)
        ids = list(ids)
        rows = self.get_base_queryset().in_bulk(ids)
        page.object_list = [rows[pk] for pk in ids if pk in rows]
        return paginator, page, page.object_list, is_paginated

    def order_queryset(self, queryset):
        return ordered(queryset, self.ordering, GUEST_ORDERINGS) if self.ordering else queryset

    def search_queryset(self, queryset):
        return search_people(queryset, self.search_query, prefix="person__") if self.is_searching else queryset

    def get_table(self, object_list):
        return GuestTable(
            self.columns,
            object_list,
            config=self.config,
            selectable=bool(self.bulk_actions),
            **self.get_table_kwargs(),
        )

    def get_index_url(self):
        return admin_url("guests", self.config.pk)

    def get_index_results_url(self):
        return admin_url("guests_results", self.config.pk)

    def get_header_buttons(self):
        buttons = []
        if perms.INVITE in self.allowed:
            buttons.append(
                HeaderButton(_("Invite from the directory"), admin_url("invite", self.config.pk), icon_name="plus")
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            bulk_actions=self.bulk_actions,
            categories=list(self.config.categories.all()),
            export_formats=EXPORT_FORMATS,
            bulk_url=admin_url("guests_bulk", self.config.pk),
            export_url=admin_url("guests_export", self.config.pk),
        )
        return context


def _selected(request, config, field="registration"):
    ids = [value for value in request.POST.getlist(field) if value.isdigit()]
    return Registration.objects.filter(event=config, pk__in=ids).select_related("person", "category", "event__event")


def back(request, fallback: str):
    """Back where the organizer came from (a safe `next`), else to `fallback`."""
    return HttpResponseRedirect(get_valid_next_url_from_request(request) or fallback)


def as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def report(request, outcome, *, done_message, refused_message):
    """Tell the organizer what happened: how many changed, and each refusal with its reason."""
    if outcome.done:
        messages.success(request, done_message % {"count": len(outcome.done)})
    if outcome.refused:
        shown = outcome.refused[:20]
        items = format_html_join("", "<li>{}: {}</li>", ((r.person.display_name, error.message) for r, error in shown))
        more = len(outcome.refused) - len(shown)
        tail = format_html("<li>{}</li>", _("… and %(count)d more") % {"count": more}) if more > 0 else ""
        heading = refused_message % {"count": len(outcome.refused)}
        messages.error(request, format_html("{}<ul>{}{}</ul>", heading, items, tail))


# action: (permission, domain function and its arguments, message when done, heading of refusals)
BULK_ACTIONS = {
    "remind": (
        perms.REMIND,
        (remind_each, {}),
        ngettext_lazy("Reminder sent to %(count)d guest.", "Reminder sent to %(count)d guests.", "count"),
        ngettext_lazy("%(count)d guest not reminded:", "%(count)d guests not reminded:", "count"),
    ),
    "approve": (
        perms.DECIDE,
        (decide_each, {"approve": True}),
        ngettext_lazy("%(count)d guest approved.", "%(count)d guests approved.", "count"),
        ngettext_lazy("%(count)d guest not approved:", "%(count)d guests not approved:", "count"),
    ),
    "reject": (
        perms.DECIDE,
        (decide_each, {"approve": False}),
        ngettext_lazy("%(count)d guest rejected.", "%(count)d guests rejected.", "count"),
        ngettext_lazy("%(count)d guest not rejected:", "%(count)d guests not rejected:", "count"),
    ),
    "cancel": (
        perms.CANCEL,
        (cancel_each, {}),
        ngettext_lazy("%(count)d registration cancelled.", "%(count)d registrations cancelled.", "count"),
        ngettext_lazy("%(count)d registration not cancelled:", "%(count)d registrations not cancelled:", "count"),
    ),
    "category": (
        perms.CHANGE_CATEGORY,
        (change_category_each, {}),
        ngettext_lazy(
            "%(count)d guest moved to another category.", "%(count)d guests moved to another category.", "count"
        ),
        ngettext_lazy("%(count)d guest not moved:", "%(count)d guests not moved:", "count"),
    ),
    "export": (perms.EXPORT, None, None, None),
}


class GuestBulkView(EventMixin, View):
    """POST: one action on the guests selected in the list."""

    http_method_names = ["post"]

    def post(self, request, config_id):
        fallback = admin_url("guests", self.config.pk)
        action = request.POST.get("action", "")
        if action not in BULK_ACTIONS:
            messages.error(request, _("Unknown action."))
            return back(request, fallback)
        permission, call, done_message, refused_message = BULK_ACTIONS[action]
        self.require(permission)
        selected = list(_selected(request, self.config))
        if not selected:
            messages.warning(request, _("Select at least one guest first."))
            return back(request, fallback)
        if action == "export":
            selection = Registration.objects.filter(pk__in=[r.pk for r in selected])
            return export_response(selection, request.POST.get("format"), config=self.config)
        function, arguments = call
        if action == "category":
            category = self.config.categories.filter(pk=_int(request.POST.get("category"))).first()
            if category is None:
                messages.error(request, _("Choose a category of this event."))
                return back(request, fallback)
            arguments = {"category": category}
        try:
            outcome = function(registrations=selected, by=request.user, **arguments)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            report(request, outcome, done_message=done_message, refused_message=refused_message)
        return back(request, fallback)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


EXPORT_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def export_response(queryset, fmt, *, config):
    """The registrations as a spreadsheet download, headers in the admin's language."""
    from registrations.interfaces.exporters import export_registrations

    fmt = fmt if fmt in EXPORT_CONTENT_TYPES else "xlsx"
    content = export_registrations(queryset, format=fmt, language=get_language() or "zh-hans")
    response = HttpResponse(content, content_type=EXPORT_CONTENT_TYPES[fmt])
    filename = f"guests-{config.event.slug}-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# A guest's page --------------------------------------------------------------------------------


def answer_rows(registration, questions) -> list[dict]:
    """Each answer with its question's label and a readable value, in the questions' order."""
    answers = dict(registration.answers or {})
    rows = []
    for question in questions:
        if question.code not in answers:
            continue
        value = answers.pop(question.code)
        labels = dict(question.choice_pairs())
        if question.kind == Question.Kind.YES_NO:
            shown = _("Yes") if str(value).lower() in YES else _("No")
        elif isinstance(value, list):
            shown = ", ".join(labels.get(str(v), str(v)) for v in value)
        else:
            shown = labels.get(str(value), str(value))
        rows.append({"label": question.label, "value": shown})
    rows.extend({"label": code, "value": value} for code, value in answers.items())
    return rows


def activity_rows(activities, categories) -> list[dict]:
    """A registration's history with readable details: statuses and categories by name, not code."""
    statuses = dict(Status.choices)
    category_names = {category.code: category.name for category in categories}
    rows = []
    for activity in activities:
        details = []
        for key, value in (activity.detail or {}).items():
            if key == "status":
                details.append(str(statuses.get(value, value)))
            elif key == "category":
                details.append(_("category: %(name)s") % {"name": category_names.get(value, value)})
            elif key == "accept" and "status" not in activity.detail:
                details.append(_("accepted") if value else _("declined"))
            elif key == "accept":
                continue
            elif key == "reason" and value == "offer_lapsed":
                details.append(_("the offer lapsed"))
            else:
                details.append(f"{key}: {value}")
        rows.append({"activity": activity, "details": details})
    return rows


class GuestDetailView(EventMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "registrations/admin/guest_detail.html"
    header_icon = "user"

    @cached_property
    def registration(self):
        return get_object_or_404(
            Registration.objects.select_related(
                "person", "category", "delegation", "substitute_for__person", "event__event"
            ),
            event=self.config,
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return self.registration.person.display_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        context.update(
            registration=registration,
            person=registration.person,
            answers=answer_rows(registration, self.config.questions.all()),
            activities=activity_rows(registration.activities.select_related("by"), self.config.categories.all()),
            log_entries=ModelLogEntry.objects.for_instance(registration).select_related("user").order_by("-timestamp"),
            outbox=registration.messages.all(),
            categories=self.config.categories.all(),
            action_url=admin_url("guest_action", self.config.pk, registration.pk),
            can_answer=registration.status in (Status.INVITED, Status.ACCEPTED, Status.DECLINED),
            can_decide=registration.status == Status.PENDING,
            can_cancel=registration.status not in (Status.CANCELLED, Status.REPLACED, Status.REJECTED, Status.DECLINED),
            directory_url=reverse("directory:edit", args=[registration.person_id])
            if perms.can_edit_directory(self.request.user)
            else None,
        )
        return context


class GuestActionView(EventMixin, View):
    """POST from a guest's page: record an answer, decide, cancel or change the category."""

    http_method_names = ["post"]

    def post(self, request, config_id, pk):
        registration = get_object_or_404(
            Registration.objects.select_related("person", "event__event"), event=self.config, pk=pk
        )
        action = request.POST.get("action", "")
        name = registration.person.display_name
        required = {
            "accept": perms.RECORD_ANSWER,
            "decline": perms.RECORD_ANSWER,
            "approve": perms.DECIDE,
            "reject": perms.DECIDE,
            "cancel": perms.CANCEL,
            "remind": perms.REMIND,
            "category": perms.CHANGE_CATEGORY,
        }
        if action not in required:
            messages.error(request, _("Unknown action."))
            return redirect(admin_url("guest", self.config.pk, pk))
        self.require(required[action])
        try:
            if action in ("accept", "decline"):
                done = actions.answer_invitation(registration=registration, accept=action == "accept", by=request.user)
                status = done.get_status_display()
                messages.success(
                    request, _("Answer recorded for %(name)s: %(status)s.") % {"name": name, "status": status}
                )
            elif action in ("approve", "reject"):
                done = actions.decide(registration=registration, approve=action == "approve", by=request.user)
                messages.success(
                    request, _("%(name)s: %(status)s.") % {"name": name, "status": done.get_status_display()}
                )
            elif action == "cancel":
                actions.cancel(registration=registration, by=request.user)
                messages.success(request, _("Registration of %(name)s cancelled.") % {"name": name})
            elif action == "remind":
                outcome = remind_each(registrations=[registration], by=request.user)
                for _r, error in outcome.refused:
                    raise error
                messages.success(request, _("Reminder sent to %(name)s.") % {"name": name})
            elif action == "category":
                category = self.config.categories.filter(pk=_int(request.POST.get("category"))).first()
                if category is None:
                    raise RegistrationError("wrong_category", _("Choose a category of this event."))
                actions.change_category(registrations=[registration], category=category, by=request.user)
                messages.success(
                    request, _("%(name)s moved to %(category)s.") % {"name": name, "category": category.name}
                )
        except RegistrationError as error:
            messages.error(request, f"{name}: {error.message}")
        return redirect(admin_url("guest", self.config.pk, pk))


# Inviting people from the directory --------------------------------------------------------------


class InviteFilterSet(WagtailFilterSet):
    country = ChoiceFilter(label=gettext_lazy("Country or region"), choices=(), widget=QuickSelect)

    class Meta:
        model = Person
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["country"].extra["choices"] = list(countries)


class InviteView(EventMixin, BaseListingView):
    """Pick people in the directory who are not registered yet, and a category; invite them."""

    required = perms.INVITE
    template_name = "registrations/admin/invite.html"
    paginate_by = PAGE_SIZE
    is_searchable = True
    filterset_class = InviteFilterSet
    header_icon = "mail"
    page_title = gettext_lazy("Invite from the directory")
    nav_current = "invite"
    verbose_name_plural = gettext_lazy("people")

    @cached_property
    def columns(self):
        return [
            SelectColumn(form_id="invite-form", field_name="person"),
            GuestNameColumn("name", label=_("Name"), of_registration=False),
            Column("organisation", label=_("Organisation")),
            Column("country", label=_("Country or region"), accessor="country.name"),
            Column("email", label=_("Email")),
        ]

    def get_base_queryset(self):
        registered = Registration.objects.filter(event=self.config).values("person_id")
        return Person.objects.exclude(pk__in=registered).order_by(*Person._meta.ordering, "pk")

    def search_queryset(self, queryset):
        return search_people(queryset, self.search_query) if self.is_searching else queryset

    def get_index_url(self):
        return admin_url("invite", self.config.pk)

    def get_index_results_url(self):
        return admin_url("invite_results", self.config.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            categories=list(self.config.categories.all()),
            invite_url=admin_url("invite", self.config.pk),
        )
        return context

    def post(self, request, config_id):
        ids = [value for value in request.POST.getlist("person") if value.isdigit()]
        people = list(Person.objects.filter(pk__in=ids))
        category = self.config.categories.filter(pk=_int(request.POST.get("category"))).first()
        if not people or category is None:
            messages.error(request, _("Select people and a category to invite them."))
            return redirect(admin_url("invite", self.config.pk))
        try:
            invited = actions.invite_guests(event=self.config, people=people, category=category, by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
            return redirect(admin_url("invite", self.config.pk))
        messages.success(
            request,
            ngettext("%(count)d guest invited.", "%(count)d guests invited.", len(invited)) % {"count": len(invited)},
        )
        skipped = len(people) - len(invited)
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)d person was already registered.", "%(count)d people were already registered.", skipped
                )
                % {"count": skipped},
            )
        return redirect(admin_url("guests", self.config.pk))
