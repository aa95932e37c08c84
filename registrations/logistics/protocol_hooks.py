"""Wagtail hooks of the protocol desk: the event's Protocol tab, its admin URLs, audit-log actions,
the guests' passport section, the itinerary's seats and interpreters, and the office's letter settings."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_protocol_actions(actions):
    for action, label in (
        ("logistics.rank", _("Protocol rank changed")),
        ("logistics.seated", _("Seating plan filled by precedence")),
        ("logistics.swapped", _("Seats swapped")),
        ("logistics.placed", _("Guest seated")),
        ("logistics.unseated", _("Seat freed")),
        ("logistics.passport_submitted", _("Passport data given")),
        ("logistics.passport_read", _("Passport data read")),
        ("logistics.passport_deleted", _("Passport data deleted")),
        ("logistics.passport_purged", _("Passport data purged")),
        ("logistics.letter_issued", _("Visa letter issued")),
        ("logistics.letter_withdrawn", _("Visa letter withdrawn")),
    ):
        actions.register_action(action, label, label)


# The back office: every URL checks the user's role at the event (registrations.permissions).
def _urls():
    from django.urls import include, path

    from registrations.logistics.admin import protocol as views

    event_urls = [
        path("", views.OverviewView.as_view(), name="overview"),
        path("plans/", views.PlansView.as_view(), name="plans"),
        path("plans/<int:pk>/", views.PlanView.as_view(), name="plan"),
        path("plans/<int:pk>/table-cards.pdf", views.PlanDocumentView.as_view(document="cards"), name="plan_cards"),
        path("plans/<int:pk>/chart.pdf", views.PlanDocumentView.as_view(document="chart"), name="plan_chart"),
        path("plans/<int:pk>/seating.xlsx", views.PlanDocumentView.as_view(document="list"), name="plan_export"),
        path("precedence/", views.PrecedenceView.as_view(), name="precedence"),
        path("interpreters/", views.InterpretersView.as_view(), name="interpreters"),
        path("interpreters/schedule.xlsx", views.InterpreterExportView.as_view(), name="interpreter_export"),
        path("letters/", views.LettersView.as_view(), name="letters"),
        path("letters/<int:pk>.pdf", views.LetterPdfView.as_view(), name="letter_pdf"),
        path("passport-log/", views.PassportLogView.as_view(), name="passport_log"),
        path("exports/", views.ExportsView.as_view(), name="exports"),
    ]
    return [path("registrations/events/<int:config_id>/protocol/", include((event_urls, "logistics_protocol")))]


@hooks.register("register_admin_urls")
def register_protocol_urls():
    return _urls()


@hooks.register("registrations_event_tabs")
def protocol_tab(config, allowed, current):
    from registrations.logistics.admin.protocol import protocol_tabs

    return protocol_tabs(config, allowed, current)


@hooks.register("registrations_guest_sections")
def passport_section():
    from registrations.logistics.interfaces.passport_section import PASSPORT

    return [PASSPORT]


@hooks.register("logistics_itinerary_items")
def protocol_itinerary_items(registration):
    from registrations.logistics.domain.protocol_itinerary import itinerary_items

    return itinerary_items(registration)
