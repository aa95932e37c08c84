"""Table cards (席卡) and the seating chart of a plan, as PDFs.

A table card is an A4 sheet folded across the middle into a tent: the name is printed on
both halves, the upper one upside down, so it reads from both sides of the table — in
Chinese, and in the guest's own script (or in Latin letters for a Chinese name).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from registrations import names
from registrations.logistics.domain.seating import Shape, plan_window, seat_position
from registrations.logistics.interfaces.pdf import render_pdf

TABLES_PER_PAGE = 6


def card_names(person) -> tuple[str, str]:
    """(the large line, the line under it): Chinese first, then the name as the guest writes it."""
    chinese = person.badge_chinese_name
    own = person.display_name
    if chinese and chinese != own:
        return chinese, own
    if names.is_cjk(own):
        romanised = person.romanised_name
        return own, romanised if romanised != own else ""
    return own, ""


def table_cards_pdf(plan) -> bytes:
    seats = (
        plan.seats.filter(behind=False)
        .select_related("registration__person", "table")
        .order_by("table__number", "number")
    )
    cards = []
    for seat in seats:
        first, second = card_names(seat.registration.person)
        cards.append({"first": first, "second": second, "table": seat.table.number, "seat": seat.number})
    return render_pdf("logistics/protocol/pdf/table_cards.html", {"cards": cards, "plan": plan}, stylesheet="cards.css")


def _short_name(person) -> str:
    return person.badge_chinese_name or person.display_name


def chart_context(plan) -> dict:
    tables = list(plan.tables.order_by("number"))
    occupants = {}
    for seat in plan.seats.select_related("registration__person", "interpreter"):
        occupants[(seat.table_id, seat.number, seat.behind)] = seat
    drawn = []
    for table in tables:
        seats = []
        for number in range(1, table.seats + 1):
            x, y = seat_position(table.shape, table.seats, number)
            guest = occupants.get((table.pk, number, False))
            interpreter = occupants.get((table.pk, number, True))
            seats.append(
                {
                    "number": number,
                    # Percentages of the table's drawing box; seats sit on a ring outside the table.
                    "left": round(50 + x * (40 if table.shape == Shape.ROUND else 42), 2),
                    "top": round(50 + y * (40 if table.shape == Shape.ROUND else 30), 2),
                    "name": _short_name(guest.registration.person) if guest else "",
                    "interpreter": interpreter.interpreter.name if interpreter else "",
                }
            )
        drawn.append({"table": table, "seats": seats})
    pages = [drawn[i : i + TABLES_PER_PAGE] for i in range(0, len(drawn), TABLES_PER_PAGE)]
    start, _end = plan_window(plan)
    return {
        "plan": plan,
        "pages": pages,
        "start": timezone.localtime(start) if start else None,
        "labels": {
            "entrance": _("Entrance"),
            "table": _("Table"),
            "interpreter": _("Interpreter"),
        },
    }


def seating_chart_pdf(plan) -> bytes:
    return render_pdf("logistics/protocol/pdf/seating_chart.html", chart_context(plan), stylesheet="chart.css")
