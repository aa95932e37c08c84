"""Guests' pages: thin doors into registrations.domain.

Personal pages carry personal data and CSRF tokens: they are private and never stored
by the page cache or a shared proxy.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale, Site

from events.localize import localized
from events.models import EventPage
from registrations import forms, sections
from registrations.domain import guests
from registrations.domain.actions import accept_offer, answer_invitation
from registrations.domain.errors import RegistrationError
from registrations.domain.events import config_for, source_page
from registrations.models import ATTENDING, Registration, Status

private = cache_control(private=True, no_store=True)
OPEN_MODES = (EventPage.RegistrationMode.OPEN, EventPage.RegistrationMode.APPROVAL)


def _registration(token):
    """The registration of a personal link; anything else is the site's ordinary 404."""
    registration = (
        Registration.objects.for_token(token).select_related("person", "event__event", "category", "delegation").first()
    )
    if registration is None:
        raise Http404
    return registration


def _event_context(config):
    """The event in the page's language, with its brand and venue."""
    page = config.event
    local = page.get_translation_or_none(Locale.get_active())
    if local is None or not local.live:
        local = page
    brand = localized(local.brand, local.locale)
    return {
        "event_page": local,
        "brand": brand,
        "header_brand": brand,
        "venue": localized(local.venue, local.locale) if local.venue_id else None,
    }


def _guest_context(registration):
    return {
        **_event_context(registration.event),
        "registration": registration,
        "person": registration.person,
        "attending": registration.status in ATTENDING,
        "rank": guests.waiting_list_rank(registration),
        "substitute": registration.substitutes.select_related("person").order_by("-pk").first()
        if registration.status == Status.REPLACED
        else None,
        "rsvp_url": reverse("registrations:rsvp", args=[registration.token]),
        "pass_url": reverse("registrations:pass", args=[registration.token]),
    }


def _answer(registration, form):
    registration = answer_invitation(
        registration=registration, accept=form.cleaned_data["accept"], answers=form.answers
    )
    if registration.status == Status.DECLINED:
        return _("You have declined the invitation. Thank you for letting us know.")
    if registration.status == Status.WAITLISTED:
        return _("Thank you. The event is full at the moment, so you are on the waiting list.")
    return _("Thank you for accepting. We look forward to welcoming you.")


def _details(registration, form):
    guests.update_details(registration=registration, **form.details())
    return _("Your details have been updated.")


def _substitute(registration, form):
    replacement = guests.nominate_new_substitute(registration=registration, **form.person_fields())
    return _("Thank you. %(name)s has been proposed to attend in your place; the organizers will confirm.") % {
        "name": replacement.person.display_name
    }


def _offer(registration, form):
    accept_offer(registration=registration)
    return _("Your place is confirmed. We look forward to welcoming you.")


RSVP_ACTIONS = {
    guests.ANSWER: (forms.RsvpForm, _answer),
    guests.DETAILS: (forms.DetailsForm, _details),
    guests.SUBSTITUTE: (forms.SubstituteForm, _substitute),
    guests.OFFER: (forms.OfferForm, _offer),
}


MEMBER = "member"


def _delegation_contact(registration) -> list:
    """The delegations this guest leads or looks after, with their members; empty for everyone else."""
    return list(guests.contact_delegations(registration).prefetch_related("members__person").order_by("name", "pk"))


def _member_form(member, data=None):
    return forms.MemberDetailsForm(data, registration=member, prefix=f"member-{member.pk}")


def _post_member(request, registration, delegations):
    """A head or liaison corrects a member's details: (form, refusal); form is None once saved."""
    try:
        guests.ensure_allowed(registration=registration, action=guests.DETAILS)
    except RegistrationError as error:
        return None, error.message
    members = {member.pk: member for delegation in delegations for member in delegation.members.all()}
    pk = request.POST.get("member", "")
    member = members.get(int(pk)) if pk.isascii() and pk.isdigit() else None
    if member is None:
        return None, _("This person is not a member of your delegation.")
    form = _member_form(member, request.POST)
    if form.is_valid():
        try:
            guests.update_member_details(by_registration=registration, member=member, **form.details())
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            return None, None
    return form, None


def _delegation_sections(registration, delegations, posted=None):
    """Each delegation with its members, and a details form for each active member but the contact themselves."""
    may_edit = guests.DETAILS in guests.allowed_actions(registration)
    sections = []
    for delegation in delegations:
        rows = []
        for member in sorted(delegation.members.all(), key=lambda m: m.person.display_name):
            form = None
            if may_edit and member.pk != registration.pk and member.status not in guests.INACTIVE:
                is_posted = posted is not None and posted.registration.pk == member.pk
                form = posted if is_posted else _member_form(member)
            rows.append({"registration": member, "person": member.person, "form": form})
        sections.append({"delegation": delegation, "members": rows})
    return sections


def _rsvp_form(action, registration, data=None):
    form_class, _perform = RSVP_ACTIONS[action]
    kwargs = {"registration": registration, "prefix": action}
    if form_class is forms.RsvpForm:
        kwargs["questions"] = guests.questions_for(registration.event, [registration.category])
    return form_class(data, **kwargs)


@private
@require_http_methods(["GET", "HEAD", "POST"])
def rsvp(request, token):
    """The guest's personal page: their status, and what they may still do."""
    registration = _registration(token)
    posted, posted_action, refusal = None, None, None
    delegations = _delegation_contact(registration)
    extras = {section.action: section for section in sections.guest_sections() if section.action not in RSVP_ACTIONS}
    if request.method == "POST" and request.POST.get("action") == MEMBER and delegations:
        posted_action = MEMBER
        posted, refusal = _post_member(request, registration, delegations)
        if posted is None and refusal is None:
            messages.success(request, _("The member's details have been updated."))
            return redirect(request.path)
    elif request.method == "POST" and request.POST.get("action") in extras:
        posted_action = request.POST["action"]
        posted, refusal = _post_section(request, registration, extras[posted_action])
        if posted is None and refusal is None:
            return redirect(request.path)
    elif request.method == "POST":
        posted_action = request.POST.get("action", "")
        if posted_action not in RSVP_ACTIONS:
            return redirect(request.path)
        try:
            guests.ensure_allowed(registration=registration, action=posted_action)
        except RegistrationError as error:
            refusal = error.message
        else:
            posted = _rsvp_form(posted_action, registration, request.POST)
            if posted.is_valid():
                try:
                    message = RSVP_ACTIONS[posted_action][1](registration, posted)
                except RegistrationError as error:
                    posted.add_error(None, error.message)
                else:
                    messages.success(request, message)
                    return redirect(request.path)
    else:
        guests.record_opened(registration=registration)

    allowed = guests.allowed_actions(registration)
    shown = {
        action: posted if posted is not None and action == posted_action else _rsvp_form(action, registration)
        for action in RSVP_ACTIONS
        if action in allowed
    }
    context = {
        **_guest_context(registration),
        "forms": shown,
        "posted": posted,
        "posted_action": posted_action,
        "refusal": refusal,
        "deadline": registration.event.rsvp_deadline,
        "deadline_passed": guests.deadline_passed(registration),
        "answerable_status": registration.status in (Status.INVITED, Status.ACCEPTED, Status.DECLINED),
        "delegations": _delegation_sections(registration, delegations, posted if posted_action == MEMBER else None),
        "extra_sections": [
            {
                "section": section,
                "form": posted if action == posted_action else _section_form(section, registration),
                "open": action == posted_action,
            }
            for action, section in extras.items()
            if section.available(registration)
        ],
    }
    return render(request, "registrations/rsvp.html", context)


def _section_form(section, registration, data=None):
    return section.form_class(
        data, registration=registration, prefix=section.action, **section.form_kwargs(registration)
    )


def _post_section(request, registration, section):
    """A form another app adds to the page (registrations.sections): (form, refusal); form is None once done."""
    if not section.available(registration):
        return None, _("This is not available any more.")
    form = _section_form(section, registration, request.POST)
    if form.is_valid():
        try:
            message = section.perform(registration, form)
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, message)
            return None, None
    return form, None


@private
@require_http_methods(["GET", "HEAD"])
def guest_pass(request, token):
    """The guest's pass to print or show, once their place is confirmed."""
    registration = _registration(token)
    context = _guest_context(registration)
    if context["attending"]:
        context["reference"] = guests.reference(registration)
        parts = [(section, section.context(registration, request)) for section in sections.pass_sections()]
        context["card_sections"] = [{"template": s.template, "section": c} for s, c in parts if s.place == "card"]
        context["after_sections"] = [{"template": s.template, "section": c} for s, c in parts if s.place != "card"]
    return render(request, "registrations/pass.html", context)


def _event_page(request, page_path) -> EventPage:
    """The live, public event page at this path, if it takes applications; else the ordinary 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page.localized.specific
    page, _args, _kwargs = root.route(request, [part for part in page_path.split("/") if part])
    page = page.specific
    if not isinstance(page, EventPage) or page.get_view_restrictions().exists():
        raise Http404
    # The registration rules live on the page the registrations hang on, whichever translation is shown.
    if source_page(page).registration_mode not in OPEN_MODES:
        raise Http404
    return page


APPLIED = {
    Status.CONFIRMED: gettext_lazy("Thank you for registering. Your place is confirmed."),
    Status.PENDING: gettext_lazy("Thank you for registering. The organizers will review your application."),
    Status.WAITLISTED: gettext_lazy(
        "Thank you for registering. The event is full at the moment, so you are on the waiting list."
    ),
}


@private
@require_http_methods(["GET", "HEAD", "POST"])
def apply_for_event(request, page_path):
    """The public application form of an event that is open for registration."""
    page = _event_page(request, page_path)
    config = config_for(page)
    refusal = guests.application_refusal(config)
    categories = list(guests.public_categories(config))
    form = forms.ApplicationForm(
        request.POST if request.method == "POST" else None,
        categories=categories,
        questions=guests.questions_for(config, categories),
    )
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            registration = guests.apply_with_details(
                event=config, category=form.cleaned_data["category"], answers=form.answers, **form.person_fields()
            )
        except RegistrationError as error:
            form.add_error(None, error.message)
            if error.code == "already_registered":
                form.add_error(None, _("If this is you, please use the personal link in the emails we sent you."))
        else:
            messages.success(request, str(APPLIED.get(registration.status, APPLIED[Status.CONFIRMED])))
            return redirect("registrations:rsvp", token=registration.token)
    context = {
        **_event_context(config),
        "form": form,
        "refusal": refusal.message if refusal else None,
        "posted": request.method == "POST",
    }
    return render(request, "registrations/apply.html", context)
