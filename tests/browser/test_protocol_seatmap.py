"""The seat map in headless Chromium: two seats swapped by two clicks, and with the keyboard alone."""

import re

import pytest
from django.urls import reverse

from registrations.logistics.models import Seat, SeatingPlan

from .conftest import open_page_ok

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-only-for-this-test"


def occupant(plan, table_number, seat_number):
    seat = Seat.objects.filter(plan=plan, table__number=table_number, number=seat_number, behind=False).first()
    return seat.registration_id if seat else None


@pytest.fixture
def banquet(demo_site, page, django_user_model):
    """The demo's banquet plan, open in the back office for a superuser."""
    django_user_model.objects.create_superuser("organizer", "organizer@example.org", PASSWORD)
    plan = SeatingPlan.objects.get(is_main=True)
    open_page_ok(page, demo_site.url + "/admin/login/")
    page.fill("input[name=username]", "organizer")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    open_page_ok(page, demo_site.url + reverse("logistics_protocol:plan", args=[plan.event_id, plan.pk]))
    return plan


def seat_button(page, plan, table_number, seat_number):
    table = plan.tables.get(number=table_number)
    return page.locator(f"[data-seat='{table.pk}:{seat_number}']")


def test_two_clicks_swap_two_seats(banquet, page):
    host, second = occupant(banquet, 1, 1), occupant(banquet, 1, 2)
    assert host
    assert second
    seat_button(page, banquet, 1, 1).click()
    assert seat_button(page, banquet, 1, 1).get_attribute("aria-pressed") == "true"
    with page.expect_navigation():
        seat_button(page, banquet, 1, 2).click()
    assert (occupant(banquet, 1, 1), occupant(banquet, 1, 2)) == (second, host)
    assert "座位已互换。" in page.content()  # the admin speaks Chinese unless the user chose otherwise


def first_empty_seat(plan):
    """The demo fills tables by precedence, so how many stay empty depends on who accepted."""
    for table in plan.tables.order_by("number"):
        taken = set(Seat.objects.filter(plan=plan, table=table, behind=False).values_list("number", flat=True))
        for number in range(1, table.seats + 1):
            if number not in taken:
                return table.number, number
    raise AssertionError("the demo banquet has no empty seat")


def test_the_keyboard_alone_moves_a_guest_to_an_empty_seat(banquet, page):
    host = occupant(banquet, 1, 1)
    assert host
    table_number, seat_number = first_empty_seat(banquet)
    seat_button(page, banquet, 1, 1).focus()
    page.keyboard.press("Enter")
    seat_button(page, banquet, table_number, seat_number).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert (occupant(banquet, 1, 1), occupant(banquet, table_number, seat_number)) == (None, host)
