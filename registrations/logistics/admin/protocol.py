"""The event's Protocol tab: warnings, seating plans, precedence, interpreters, visa letters, exports.

Thin doors: each view resolves the event for the user (registrations.admin.guests.EventMixin:
a 403 outside their events or where their role falls short), parses the request, calls one
domain function and reports the outcome with Wagtail's messages.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from registrations import permissions as perms
from registrations.admin.guests import EventMixin, admin_url
from registrations.domain.errors import RegistrationError
from registrations.logistics.admin import protocol_forms as pforms
from registrations.logistics.domain import interpreters as interpreting
from registrations.logistics.domain import letters as lettering
from registrations.logistics.domain import passports as passport_data
from registrations.logistics.domain import precedence, seating
from registrations.logistics.interfaces import protocol_exports, table_cards
from registrations.logistics.models import (
    Interpreter,
    InterpreterAssignment,
    Meeting,
    PassportData,
    ProtocolDetails,
    SeatingPlan,
    VisaLetter,
)
from registrations.logistics.models.interpreters import pair_label
from registrations.models import Registration
from registrations.models.setup import in_language

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, *args):
    return reverse(f"logistics_protocol:{name}", args=args)


# The Protocol tab's own screens, each shown to the roles that may open it.
SCREENS = (
    ("overview", gettext_lazy("Warnings"), perms.VIEW_LOGISTICS),
    ("plans", gettext_lazy("Seating plans"), perms.VIEW_LOGISTICS),
    ("precedence", gettext_lazy("Precedence"), perms.VIEW_LOGISTICS),
    ("interpreters", gettext_lazy("Interpreters"), perms.VIEW_LOGISTICS),
    ("letters", gettext_lazy("Visa letters"), perms.VIEW_PASSPORTS),
    ("passport_log", gettext_lazy("Passport data log"), perms.VIEW_PASSPORT_LOG),
    ("exports", gettext_lazy("Exports"), perms.VIEW_LOGISTICS),
)


def protocol_tabs(config, allowed, current):
    """The event's one Protocol tab (hook registrations_event_tabs)."""
    if perms.VIEW_LOGISTICS not in allowed:
        return []
    return [{"url": url("overview", config.pk), "label": _("Protocol"), "current": current == "protocol"}]


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ProtocolView(EventMixin, WagtailAdminTemplateMixin, TemplateView):
    """A screen of the Protocol tab: the event's tabs, then the tab's own navigation."""

    required = perms.VIEW_LOGISTICS
    nav_current = "protocol"
    screen = "overview"
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["protocol_nav"] = [
            {"url": url(name, self.config.pk), "label": label, "current": name == self.screen}
            for name, label, action in SCREENS
            if action in self.allowed
        ]
        context["can_edit"] = perms.EDIT_LOGISTICS in self.allowed
        return context

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        return [*items[:-1], {"url": url("overview", self.config.pk), "label": _("Protocol")}, items[-1]]

    def back(self, name="overview", *args):
        return redirect(url(name, self.config.pk, *args))


# Warnings ------------------------------------------------------------------------------------------


class OverviewView(ProtocolView):
    template_name = "logistics/protocol/overview.html"
    page_title = gettext_lazy("Protocol warnings")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        config = self.config
        plans = list(config.seating_plans.all())
        unseated = {plan.pk: seating.plan_guests(plan).exclude(seats__plan=plan).count() for plan in plans}
        seating_warnings = [
            ngettext(
                "%(plan)s: %(count)d guest it seats has no seat.",
                "%(plan)s: %(count)d guests it seats have no seat.",
                unseated[plan.pk],
            )
            % {"plan": plan.title, "count": unseated[plan.pk]}
            for plan in plans
            if unseated[plan.pk]
        ]
        context.update(
            warnings=interpreting.warnings_for(config),
            seating_warnings=seating_warnings,
            figures={
                "interpreters": config.interpreters.count(),
                "assignments": InterpreterAssignment.objects.filter(interpreter__event=config).count(),
                "plans": len(plans),
                "passports": PassportData.objects.filter(registration__event=config).count(),
                "letters": VisaLetter.objects.filter(registration__event=config, revoked_at__isnull=True).count(),
            },
        )
        return context


# Seating plans -------------------------------------------------------------------------------------


class PlansView(ProtocolView):
    template_name = "logistics/protocol/plans.html"
    page_title = gettext_lazy("Seating plans")
    screen = "plans"

    def get(self, request, config_id):
        return self.render_to_response(self.get_context_data(form=pforms.NewPlanForm(config=self.config)))

    def post(self, request, config_id):
        self.require(perms.EDIT_LOGISTICS)
        form = pforms.NewPlanForm(request.POST, config=self.config)
        if form.is_valid():
            data = form.cleaned_data
            shape = data["shape"]
            tables = [seating.TableSpec(shape=shape, seats=data["seats"]) for _i in range(data["tables"])]
            if data["head_table"]:
                tables[0] = seating.TableSpec(shape=seating.Shape.HEAD, seats=data["seats"], name=_("Head table"))
            try:
                plan = seating.create_plan(
                    event=self.config,
                    title=data["title"],
                    tables=tables,
                    session=data["session"],
                    start=data["start"],
                    end=data["end"],
                    place=data["place"],
                    host=data["host"],
                    principal_guest=data["principal_guest"],
                    categories=data["categories"],
                    is_main=data["is_main"],
                    by=request.user,
                )
            except RegistrationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Seating plan “%(title)s” created.") % {"title": plan.title})
                return self.back("plan", plan.pk)
        messages.error(request, _("The plan could not be created: correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plans = self.config.seating_plans.select_related("session").prefetch_related("categories")
        plans = plans.order_by("start", "pk")
        context["plans"] = [
            {
                "plan": plan,
                "url": url("plan", self.config.pk, plan.pk),
                "when": seating.plan_window(plan)[0],
                "tables": plan.tables.count(),
                "categories": in_language("、", ", ").join(c.name for c in plan.categories.all()),
                "seated": plan.seats.filter(behind=False).count(),
            }
            for plan in plans
        ]
        return context


class PlanView(ProtocolView):
    """A plan's seat map: fill it by precedence, swap two seats, seat or unseat a guest, change its tables."""

    template_name = "logistics/protocol/plan.html"
    screen = "plans"

    @cached_property
    def plan(self):
        return get_object_or_404(
            SeatingPlan.objects.select_related("session", "host__person", "principal_guest__person"),
            event=self.config,
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return self.plan.title

    def plan_form(self, data=None):
        plan = self.plan
        initial = {
            "title": plan.title,
            "session": plan.session,
            "start": plan.start,
            "end": plan.end,
            "place": plan.place,
            "host": plan.host,
            "principal_guest": plan.principal_guest,
            "categories": list(plan.categories.all()),
            "is_main": plan.is_main,
        }
        return pforms.PlanForm(data, config=self.config, initial=initial, prefix="plan")

    def table_formset(self, data=None):
        initial = [{"shape": t.shape, "seats": t.seats, "name": t.name} for t in self.plan.tables.order_by("number")]
        return pforms.TableFormSet(data, initial=initial, prefix="tables")

    def get(self, request, config_id, pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, config_id, pk):
        self.require(perms.EDIT_LOGISTICS)
        action = request.POST.get("action", "")
        handler = {
            "fill": self.fill,
            "swap": self.swap,
            "place": self.place,
            "unseat": self.unseat,
            "plan": self.save_plan,
            "tables": self.save_tables,
            "delete": self.delete,
        }.get(action)
        if handler is None:
            messages.error(request, _("Unknown action."))
            return self.back("plan", self.plan.pk)
        try:
            return handler(request)
        except RegistrationError as error:
            messages.error(request, error.message)
            return self.back("plan", self.plan.pk)

    def fill(self, request):
        filled = seating.fill_plan(plan=self.plan, by=request.user)
        messages.success(
            request,
            ngettext("%(count)d guest seated by precedence.", "%(count)d guests seated by precedence.", filled.seated)
            % {"count": filled.seated},
        )
        if filled.unseated:
            messages.warning(
                request,
                ngettext(
                    "%(count)d guest has no seat: add tables or seats.",
                    "%(count)d guests have no seat: add tables or seats.",
                    len(filled.unseated),
                )
                % {"count": len(filled.unseated)},
            )
        return self.back("plan", self.plan.pk)

    @staticmethod
    def _seat(value):
        table, _sep, number = (value or "").partition(":")
        if not (table.isdigit() and number.isdigit()):
            raise RegistrationError("no_such_seat", _("Choose two seats."))
        return int(table), int(number)

    def swap(self, request):
        first, second = self._seat(request.POST.get("first")), self._seat(request.POST.get("second"))
        seating.swap_seats(plan=self.plan, first=first, second=second, by=request.user)
        messages.success(request, _("Seats swapped."))
        return self.back("plan", self.plan.pk)

    def place(self, request):
        registration = Registration.objects.filter(event=self.config, pk=_int(request.POST.get("registration"))).first()
        if registration is None:
            raise RegistrationError("not_attending", _("Choose a guest of this event."))
        table, number = self._seat(request.POST.get("seat"))
        seating.place_guest(plan=self.plan, registration=registration, table_id=table, number=number, by=request.user)
        messages.success(request, _("%(name)s seated.") % {"name": registration.person.display_name})
        return self.back("plan", self.plan.pk)

    def unseat(self, request):
        table, number = self._seat(request.POST.get("seat"))
        seating.unseat(plan=self.plan, table_id=table, number=number, by=request.user)
        messages.success(request, _("Seat freed."))
        return self.back("plan", self.plan.pk)

    def save_plan(self, request):
        form = self.plan_form(request.POST)
        if not form.is_valid():
            messages.error(request, _("The plan could not be saved: correct the errors below."))
            return self.render_to_response(self.get_context_data(plan_form=form))
        seating.update_plan(plan=self.plan, by=request.user, **form.cleaned_data)
        messages.success(request, _("Plan saved."))
        return self.back("plan", self.plan.pk)

    def save_tables(self, request):
        formset = self.table_formset(request.POST)
        if not formset.is_valid():
            messages.error(request, _("The tables could not be saved: correct the errors below."))
            return self.render_to_response(self.get_context_data(table_formset=formset))
        specs = [
            seating.TableSpec(shape=f.cleaned_data["shape"], seats=f.cleaned_data["seats"], name=f.cleaned_data["name"])
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        seating.set_tables(plan=self.plan, tables=specs, by=request.user)
        messages.success(request, _("Tables saved."))
        return self.back("plan", self.plan.pk)

    def delete(self, request):
        title = self.plan.title
        seating.delete_plan(plan=self.plan, by=request.user)
        messages.success(request, _("Seating plan “%(title)s” deleted.") % {"title": title})
        return self.back("plans")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.plan
        tables = list(plan.tables.order_by("number"))
        occupants = {}
        for seat in plan.seats.select_related("registration__person", "registration__delegation", "interpreter"):
            occupants[(seat.table_id, seat.number, seat.behind)] = seat
        drawn, choices, empty = [], [], []
        for table in tables:
            seats = []
            for number in range(1, table.seats + 1):
                x, y = seating.seat_position(table.shape, table.seats, number)
                guest = occupants.get((table.pk, number, False))
                interpreter = occupants.get((table.pk, number, True))
                key = f"{table.pk}:{number}"
                label = seating.seat_label(table.number, number)
                person = guest.registration.person if guest else None
                seats.append(
                    {
                        "key": key,
                        "number": number,
                        "label": label,
                        # Percentages of the table's card: round tables keep the side seats inside it.
                        "left": round(50 + x * (34 if table.shape == seating.Shape.ROUND else 42), 2),
                        "top": round(50 + y * (44 if table.shape == seating.Shape.ROUND else 34), 2),
                        "person": person,
                        "interpreter": interpreter.interpreter if interpreter else None,
                    }
                )
                choices.append((key, f"{label} — {person.display_name}" if person else f"{label} — {_('empty')}"))
                if person is None:
                    empty.append((key, label))
            drawn.append({"table": table, "seats": seats})
        seated_ids = {s.registration_id for s in occupants.values() if s.registration_id}
        unseated = [
            g for g in precedence.in_precedence(self.config, seating.plan_guests(plan)) if g.pk not in seated_ids
        ]
        context.update(
            plan=plan,
            tables=drawn,
            seat_choices=choices,
            empty_seats=empty,
            unseated=unseated,
            plan_form=kwargs.get("plan_form") or self.plan_form(),
            table_formset=kwargs.get("table_formset") or self.table_formset(),
            action_url=url("plan", self.config.pk, plan.pk),
            cards_url=url("plan_cards", self.config.pk, plan.pk),
            chart_url=url("plan_chart", self.config.pk, plan.pk),
            export_url=url("plan_export", self.config.pk, plan.pk),
        )
        return context


class PlanDocumentView(EventMixin, View):
    """GET: a plan's table cards or seating chart (PDF), or its seating list (XLSX)."""

    required = perms.VIEW_LOGISTICS
    document = "cards"

    def get(self, request, config_id, pk):
        plan = get_object_or_404(SeatingPlan.objects.select_related("session"), event=self.config, pk=pk)
        stem = f"{self.config.event.slug}-plan-{plan.pk}"
        if self.document == "cards":
            return _download(table_cards.table_cards_pdf(plan), "application/pdf", f"{stem}-table-cards.pdf")
        if self.document == "chart":
            return _download(table_cards.seating_chart_pdf(plan), "application/pdf", f"{stem}-chart.pdf")
        content = protocol_exports.seating_list(plan, language=get_language() or "zh-hans")
        return _download(content, XLSX, f"{stem}-seating.xlsx")


# Precedence ----------------------------------------------------------------------------------------


class PrecedenceView(ProtocolView):
    """The attending guests in order of precedence, with their class, order and date of taking office."""

    template_name = "logistics/protocol/precedence.html"
    page_title = gettext_lazy("Precedence")
    screen = "precedence"

    def get(self, request, config_id):
        return self.render_to_response(self.get_context_data())

    def post(self, request, config_id):
        self.require(perms.EDIT_LOGISTICS)
        if request.POST.get("action") == "rules":
            form = pforms.RulesForm(request.POST)
            if form.is_valid():
                precedence.set_rules(event=self.config, by=request.user, **form.cleaned_data)
                messages.success(request, _("Precedence rules saved."))
            else:
                messages.error(request, _("Choose how guests of the same rank are ordered."))
            return self.back("precedence")
        ranks, errors = {}, []
        for registration in precedence.attending(self.config):
            prefix = f"r{registration.pk}-"
            if prefix + "class" not in request.POST:
                continue
            try:
                ranks[registration.pk] = self._rank(request.POST, prefix)
            except ValueError:
                errors.append(registration.person.display_name)
        if errors:
            messages.error(
                request,
                _("Nothing was saved. Class and order are whole numbers from 1, the date as YYYY-MM-DD: %(names)s")
                % {"names": ", ".join(errors[:10])},
            )
            return self.back("precedence")
        changed = precedence.set_ranks(event=self.config, ranks=ranks, by=request.user)
        messages.success(
            request,
            ngettext("%(count)d guest's rank saved.", "%(count)d guests' ranks saved.", changed) % {"count": changed},
        )
        return self.back("precedence")

    @staticmethod
    def _rank(data, prefix) -> dict:
        from datetime import date

        def number(name):
            text = data.get(prefix + name, "").strip()
            if not text:
                return None
            value = int(text)
            if not 1 <= value <= 32000:
                raise ValueError(text)
            return value

        day = data.get(prefix + "took", "").strip()
        return {
            "protocol_class": number("class"),
            "protocol_order": number("order"),
            "took_office_on": date.fromisoformat(day) if day else None,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        guests = precedence.attending_in_precedence(self.config)
        took = dict(
            ProtocolDetails.objects.filter(registration__event=self.config).values_list(
                "registration_id", "took_office_on"
            )
        )
        context.update(
            guests=[{"registration": g, "person": g.person, "took_office_on": took.get(g.pk)} for g in guests],
            rules_form=pforms.RulesForm(initial={"tie_breaker": precedence.rules_for(self.config).tie_breaker}),
        )
        return context


# Interpreters --------------------------------------------------------------------------------------


class InterpretersView(ProtocolView):
    """The roster, the meetings, and every assignment with its warnings."""

    template_name = "logistics/protocol/interpreters.html"
    page_title = gettext_lazy("Interpreters")
    screen = "interpreters"

    def forms(self, data=None, posted=None):
        built = {
            "interpreter": pforms.InterpreterForm(prefix="interpreter"),
            "meeting": pforms.MeetingForm(config=self.config, prefix="meeting"),
            "assignment": pforms.AssignmentForm(config=self.config, prefix="assignment"),
        }
        if posted is not None:
            built[posted[0]] = posted[1]
        return built

    def get(self, request, config_id):
        return self.render_to_response(self.get_context_data(forms=self.forms()))

    def post(self, request, config_id):
        self.require(perms.EDIT_LOGISTICS)
        action = request.POST.get("action", "")
        config = self.config
        try:
            if action == "interpreter":
                form = pforms.InterpreterForm(request.POST, prefix="interpreter")
                if form.is_valid():
                    data = form.cleaned_data
                    interpreting.save_interpreter(
                        event=config, name=data["name"], pairs=data["pairs"], by=request.user,
                        phone=data["phone"], email=data["email"], notes=data["notes"],
                    )  # fmt: skip
                    messages.success(request, _("%(name)s added to the roster.") % {"name": data["name"]})
                    return self.back("interpreters")
            elif action == "meeting":
                form = pforms.MeetingForm(request.POST, config=config, prefix="meeting")
                if form.is_valid():
                    data = dict(form.cleaned_data)
                    participants = data.pop("participants")
                    interpreting.save_meeting(event=config, participants=participants, by=request.user, **data)
                    messages.success(request, _("Meeting “%(title)s” added.") % {"title": data["title"]})
                    return self.back("interpreters")
            elif action == "assignment":
                form = pforms.AssignmentForm(request.POST, config=config, prefix="assignment")
                if form.is_valid():
                    assignment = interpreting.assign_interpreter(by=request.user, **form.cleaned_data)
                    messages.success(
                        request,
                        _("%(name)s assigned: %(subject)s.")
                        % {"name": assignment.interpreter.name, "subject": interpreting.subject_label(assignment)},
                    )
                    return self.back("interpreters")
            elif action in ("unassign", "delete_interpreter", "delete_meeting"):
                return self.remove(request, action)
            else:
                messages.error(request, _("Unknown action."))
                return self.back("interpreters")
        except RegistrationError as error:
            form.add_error(None, error.message)
        messages.error(request, _("Nothing was saved: correct the errors below."))
        return self.render_to_response(self.get_context_data(forms=self.forms(posted=(action, form)), open=action))

    def remove(self, request, action):
        pk = _int(request.POST.get("pk"))
        if action == "unassign":
            assignment = get_object_or_404(InterpreterAssignment, interpreter__event=self.config, pk=pk)
            interpreting.unassign_interpreter(assignment=assignment, by=request.user)
            messages.success(request, _("Assignment removed."))
        elif action == "delete_interpreter":
            interpreter = get_object_or_404(Interpreter, event=self.config, pk=pk)
            interpreting.delete_interpreter(interpreter=interpreter, by=request.user)
            messages.success(request, _("%(name)s removed from the roster.") % {"name": interpreter.name})
        else:
            meeting = get_object_or_404(Meeting, event=self.config, pk=pk)
            interpreting.delete_meeting(meeting=meeting, by=request.user)
            messages.success(request, _("Meeting “%(title)s” deleted.") % {"title": meeting.title})
        return self.back("interpreters")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignments = list(interpreting.assignments_of(self.config))
        warnings = interpreting.double_bookings(self.config, assignments)
        doubled = {a.pk for w in warnings for a in w.assignments}
        context.update(
            interpreters=self.config.interpreters.all(),
            meetings=self.config.meetings.select_related("delegation").prefetch_related("participants__person"),
            assignments=[
                {
                    "assignment": a,
                    "subject": interpreting.subject_label(a),
                    "pair": pair_label(a.language_pair),
                    "double_booked": a.pk in doubled,
                }
                for a in assignments
            ],
            warnings=warnings + interpreting.uncovered_delegations(self.config, assignments),
            open=kwargs.get("open", ""),
        )
        return context


# Visa letters and passport data ----------------------------------------------------------------------


class LettersView(ProtocolView):
    """Guests' passport data, unmasked (each read logged), their letters; issue and print letters."""

    required = perms.VIEW_PASSPORTS
    template_name = "logistics/protocol/letters.html"
    page_title = gettext_lazy("Visa letters")
    screen = "letters"
    header_icon = "doc-full"

    def get(self, request, config_id):
        return self.render_to_response(self.get_context_data(settings_form=self.settings_form()))

    def settings_form(self, data=None):
        return pforms.LetterSettingsForm(data, instance=lettering.letter_settings(self.config), prefix="settings")

    def post(self, request, config_id):
        action = request.POST.get("action", "")
        if action == "settings":
            form = self.settings_form(request.POST)
            if not form.is_valid():
                messages.error(request, _("The letter settings could not be saved: correct the errors below."))
                return self.render_to_response(self.get_context_data(settings_form=form))
            lettering.save_letter_settings(event=self.config, by=request.user, **form.cleaned_data)
            messages.success(request, _("Letter settings saved."))
            return self.back("letters")
        if "withdraw" in request.POST:
            letter = get_object_or_404(
                VisaLetter.objects.select_related("registration__person"),
                registration__event=self.config,
                pk=_int(request.POST["withdraw"]),
            )
            lettering.withdraw_letter(letter=letter, by=request.user)
            messages.success(
                request,
                _("Letter %(reference)s to %(name)s withdrawn: it can no longer be printed.")
                % {"reference": letter.reference, "name": letter.registration.person.display_name},
            )
            return self.back("letters")
        ids = [_int(v) for v in request.POST.getlist("registration")]
        registrations = list(Registration.objects.filter(event=self.config, pk__in=[i for i in ids if i]))
        if not registrations:
            messages.warning(request, _("Select at least one guest first."))
            return self.back("letters")
        if action == "issue":
            try:
                issued, refused = lettering.issue_letters(
                    event=self.config, registrations=registrations, by=request.user
                )
            except RegistrationError as error:
                messages.error(request, error.message)
                return self.back("letters")
            if issued:
                messages.success(
                    request,
                    ngettext("%(count)d letter issued.", "%(count)d letters issued.", len(issued))
                    % {"count": len(issued)},
                )
            if refused:
                messages.warning(
                    request,
                    _("No passport data yet, so no letter: %(names)s")
                    % {"names": ", ".join(r.person.display_name for r in refused[:20])},
                )
            return self.back("letters")
        if action == "print":
            latest = {}
            for letter in (
                VisaLetter.objects.filter(registration__in=registrations, revoked_at__isnull=True)
                .select_related("registration__person")
                .order_by("issued_at", "pk")
            ):
                latest[letter.registration_id] = letter
            if not latest:
                messages.warning(request, _("These guests have no letter yet: issue them first."))
                return self.back("letters")
            return self.letters_response(list(latest.values()), "visa-letters")
        messages.error(request, _("Unknown action."))
        return self.back("letters")

    def letters_response(self, letters, stem):
        try:
            content = lettering.letters_pdf(event=self.config, letters=letters, by=self.request.user)
        except RegistrationError as error:
            messages.error(self.request, error.message)
            return self.back("letters")
        return _download(content, "application/pdf", f"{stem}-{timezone.localdate():%Y%m%d}.pdf")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        guests = list(
            Registration.objects.filter(event=self.config, passport__isnull=False)
            .select_related("person", "delegation")
            .order_by("person__family_name", "pk")
        )
        # Opening this screen reads every guest's passport data: each read is logged.
        passports = passport_data.read_passports(event=self.config, by=self.request.user, purpose="view")
        letters = {}
        for letter in VisaLetter.objects.filter(registration__event=self.config).order_by("issued_at", "pk"):
            letters.setdefault(letter.registration_id, []).append(letter)
        without = (
            Registration.objects.filter(event=self.config, passport__isnull=True, status__in=("accepted", "confirmed"))
            .select_related("person")
            .order_by("person__family_name", "pk")
        )
        context.update(
            rows=[
                {
                    "registration": g,
                    "person": g.person,
                    "passport": passports[g.pk],
                    "expires_soon": passport_data.expires_soon(passports[g.pk]),
                    "letters": letters.get(g.pk, []),
                }
                for g in guests
                if g.pk in passports
            ],
            without=without,
            settings_form=kwargs.get("settings_form") or self.settings_form(),
        )
        return context


class LetterPdfView(EventMixin, View):
    """GET: one letter as PDF (the guest's passport data read, and logged)."""

    required = perms.VIEW_PASSPORTS

    def get(self, request, config_id, pk):
        letter = get_object_or_404(
            VisaLetter.objects.select_related("registration__person"), registration__event=self.config, pk=pk
        )
        try:
            content = lettering.letters_pdf(event=self.config, letters=[letter], by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
            return redirect(url("letters", self.config.pk))
        return _download(content, "application/pdf", f"{letter.reference}.pdf")


class PassportLogView(ProtocolView):
    """Who read whose passport data, when and why (never the data itself)."""

    required = perms.VIEW_PASSPORT_LOG
    template_name = "logistics/protocol/passport_log.html"
    page_title = gettext_lazy("Passport data log")
    screen = "passport_log"
    header_icon = "history"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = {
            passport_data.READ: _("Read"),
            passport_data.SUBMITTED: _("Given by the guest"),
            passport_data.DELETED: _("Deleted"),
            passport_data.PURGED: _("Purged"),
        }
        purposes = {"view": _("review"), "letter": _("visa letter"), "export": _("export")}
        entries = list(passport_data.read_log(self.config)[:500])
        context["entries"] = [
            {
                "entry": e,
                "action": labels.get(e.action, e.action),
                "purpose": purposes.get((e.data or {}).get("purpose"), ""),
                "guest_url": admin_url("guest", self.config.pk, e.object_id),
            }
            for e in entries
        ]
        return context


# Exports -------------------------------------------------------------------------------------------


class ExportsView(ProtocolView):
    template_name = "logistics/protocol/exports.html"
    page_title = gettext_lazy("Protocol exports")
    screen = "exports"
    header_icon = "download"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            interpreter_url=url("interpreter_export", self.config.pk),
            plans=[
                {
                    "plan": plan,
                    "export_url": url("plan_export", self.config.pk, plan.pk),
                    "cards_url": url("plan_cards", self.config.pk, plan.pk),
                    "chart_url": url("plan_chart", self.config.pk, plan.pk),
                }
                for plan in self.config.seating_plans.order_by("start", "pk")
            ],
        )
        return context


class InterpreterExportView(EventMixin, View):
    required = perms.VIEW_LOGISTICS

    def get(self, request, config_id):
        content = protocol_exports.interpreter_schedule(self.config, language=get_language() or "zh-hans")
        return _download(content, XLSX, f"{self.config.event.slug}-interpreters-{timezone.localdate():%Y%m%d}.xlsx")
