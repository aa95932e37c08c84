"""Seating plans: protocol placement, precedence, interpreters behind principals, swaps, and what others read."""
# ruff: noqa: F405

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from wagtail import hooks

from registrations.domain.errors import RegistrationError
from registrations.logistics.domain import interpreters, precedence, seating
from registrations.logistics.domain.seating import Shape, TableSpec, seat_position
from registrations.logistics.interfaces import protocol_exports, table_cards
from registrations.logistics.models import Seat
from tests.logistics.protocol_support import *  # noqa: F403

pytestmark = pytest.mark.django_db


def plan_with(config, *tables, **fields):
    return seating.create_plan(
        event=config, title="欢迎宴会", tables=list(tables), start=config.event.start, end=config.event.end, **fields
    )


def seated(plan):
    return {
        (seat.table.number, seat.number): seat.registration.person.given_name
        for seat in plan.seats.filter(behind=False).select_related("table", "registration__person")
    }


# Geometry ------------------------------------------------------------------------------------------


def test_round_table_seat_one_faces_the_entrance_and_the_principal_is_on_the_hosts_right():
    # The entrance is at the bottom of the drawing; the host at the top faces it, so the host's right is our left.
    assert seat_position(Shape.ROUND, 10, 1) == (0.0, -1.0)
    x2, _y2 = seat_position(Shape.ROUND, 10, 2)
    x3, _y3 = seat_position(Shape.ROUND, 10, 3)
    assert x2 < 0 < x3
    assert seat_position(Shape.ROUND, 10, 10) == (0.0, 1.0)  # the last seat faces the host


def test_every_seat_of_a_table_has_its_own_place():
    for shape in Shape.values:
        for seats in (1, 2, 7, 10, 12):
            places = {seat_position(shape, seats, n) for n in range(1, seats + 1)}
            assert len(places) == seats, (shape, seats)


def test_head_table_puts_the_host_in_the_middle_and_alternates_outwards():
    xs = [seat_position(Shape.HEAD, 5, n)[0] for n in range(1, 6)]
    assert xs == [0.0, -0.5, 0.5, -1.0, 1.0]


# Filling by precedence ---------------------------------------------------------------------------------


def test_plan_is_filled_by_rank_with_host_first_and_principal_guest_second(config, guest_category):
    people = guests(config, guest_category, 6)
    host, *others = people
    for registration, (klass, order) in zip(others, [(2, 1), (1, 2), (1, 1), (3, None), (None, None)], strict=True):
        rank(registration, klass, order)
    plan = plan_with(config, TableSpec(Shape.HEAD, 3), TableSpec(Shape.ROUND, 4), host=host)
    filled = seating.fill_plan(plan=plan)
    assert (filled.seated, filled.unseated) == (6, [])
    assert seated(plan) == {
        (1, 1): "Anna0",  # the host
        (1, 2): "Anna3",  # class 1, order 1: the principal guest, on the host's right
        (1, 3): "Anna2",  # class 1, order 2
        (2, 1): "Anna1",  # class 2
        (2, 2): "Anna4",  # class 3
        (2, 3): "Anna5",  # no class: last
    }


def test_a_chosen_principal_guest_sits_on_the_hosts_right_whatever_the_ranks(config, guest_category):
    host, top, chosen = guests(config, guest_category, 3)
    rank(top, 1, 1)
    rank(chosen, 2, 1)
    plan = plan_with(config, TableSpec(Shape.ROUND, 10), host=host, principal_guest=chosen)
    seating.fill_plan(plan=plan)
    assert seated(plan) == {(1, 1): "Anna0", (1, 2): "Anna2", (1, 3): "Anna1"}


def test_guests_beyond_the_seats_are_reported_unseated(config, guest_category):
    guests(config, guest_category, 5)
    plan = plan_with(config, TableSpec(Shape.ROUND, 2), TableSpec(Shape.LONG, 2))
    filled = seating.fill_plan(plan=plan)
    assert filled.seated == 4
    assert [r.person.given_name for r in filled.unseated] == ["Anna4"]


def test_only_attending_guests_are_seated(config, guest_category):
    from registrations.domain.actions import invite_guests

    guests(config, guest_category, 2)
    invite_guests(event=config, people=[make_person(9)], category=guest_category)  # invited, not answered
    plan = plan_with(config, TableSpec(Shape.ROUND, 10))
    assert seating.fill_plan(plan=plan).seated == 2


def test_a_plan_for_chosen_categories_seats_only_them_and_its_host(config, guest_category):
    vips = guests(config, config.categories.get(code="vip"), 2)
    press = guests(config, config.categories.get(code="press"), 2, start=10)
    host = guests(config, guest_category, 1, start=20)[0]
    plan = plan_with(config, TableSpec(Shape.ROUND, 10), categories=[config.categories.get(code="vip")], host=host)
    filled = seating.fill_plan(plan=plan)
    assert (filled.seated, filled.unseated) == (3, [])
    assert set(plan.seats.values_list("registration_id", flat=True)) == {host.pk, *(r.pk for r in vips)}
    seating.update_plan(plan=plan, categories=[])  # none chosen: everyone attending
    assert seating.fill_plan(plan=plan).seated == 5
    assert {r.pk for r in press} <= set(plan.seats.values_list("registration_id", flat=True))


def test_a_plan_cannot_seat_another_events_categories(config, other_config):
    with pytest.raises(RegistrationError) as refused:
        plan_with(config, TableSpec(), categories=[other_config.categories.get(code="vip")])
    assert refused.value.code == "wrong_event"
    assert not config.seating_plans.exists()


def test_filling_again_replaces_every_seat(config, guest_category):
    guests(config, guest_category, 3)
    plan = plan_with(config, TableSpec(Shape.ROUND, 10))
    seating.fill_plan(plan=plan)
    seating.fill_plan(plan=plan)
    assert plan.seats.count() == 3


@pytest.mark.parametrize(
    ("tie_breaker", "expected"),
    [
        # 法国 fǎ, 德国 dé, 日本 rì, 韩国 hán: by pinyin de < fa < han < ri
        ("country_pinyin", ["DE", "FR", "KR", "JP"]),
        # by strokes of the first character: 日 4, 法 8, 韩 12, 德 15
        ("country_strokes", ["JP", "FR", "KR", "DE"]),
        # France, Germany, Japan, Korea (South Korea)
        ("country_en", ["FR", "DE", "JP", "KR"]),
    ],
)
def test_guests_of_the_same_rank_are_ordered_by_country_in_the_chosen_language(
    config, guest_category, tie_breaker, expected
):
    people = attending(
        config, guest_category, [make_person(i, country=c) for i, c in enumerate(["JP", "FR", "DE", "KR"])]
    )
    for registration in people:
        rank(registration, 1, None)
    precedence.set_rules(event=config, tie_breaker=tie_breaker)
    ordered = precedence.attending_in_precedence(config)
    assert [r.person.country.code for r in ordered] == expected


def test_guests_of_the_same_rank_are_ordered_by_date_of_taking_office(config, guest_category):
    late, early, unknown = guests(config, guest_category, 3)
    ranks = {
        r.pk: {"protocol_class": 1, "protocol_order": None, "took_office_on": day}
        for r, day in ((late, dt.date(2024, 1, 1)), (early, dt.date(2019, 6, 1)), (unknown, None))
    }
    assert precedence.set_ranks(event=config, ranks=ranks) == 3
    ordered = precedence.attending_in_precedence(config)
    assert [r.pk for r in ordered] == [early.pk, late.pk, unknown.pk]


def test_ranks_of_another_events_guest_are_refused_and_nothing_is_written(config, guest_category, other_config):
    mine = guests(config, guest_category, 1)[0]
    theirs = guests(other_config, other_config.categories.get(code="guest"), 1, start=5)[0]
    ranks = {r.pk: {"protocol_class": 1, "protocol_order": 1, "took_office_on": None} for r in (mine, theirs)}
    with pytest.raises(RegistrationError) as refused:
        precedence.set_ranks(event=config, ranks=ranks)
    assert refused.value.code == "wrong_event"
    mine.refresh_from_db()
    assert mine.protocol_class is None


# Interpreters behind their principals ------------------------------------------------------------------


def test_an_interpreter_sits_behind_the_guest_they_interpret_for(config, guest_category, sessions):
    host, guest = guests(config, guest_category, 2)
    interpreter = interpreters.save_interpreter(event=config, name="Li Na", pairs=["zh-en"])
    session = sessions[0]
    plan = seating.create_plan(event=config, title="开幕式", tables=[TableSpec()], session=session, host=host)
    interpreters.assign_interpreter(interpreter=interpreter, language_pair="zh-en", session=session, principal=guest)
    filled = seating.fill_plan(plan=plan)
    assert filled.interpreters == 1
    chair = Seat.objects.get(plan=plan, behind=True)
    front = Seat.objects.get(plan=plan, registration=guest)
    assert (chair.table_id, chair.number, chair.interpreter_id) == (front.table_id, front.number, interpreter.pk)


def test_an_interpreter_at_another_time_is_not_seated(config, guest_category, sessions):
    _host, guest = guests(config, guest_category, 2)
    interpreter = interpreters.save_interpreter(event=config, name="Li Na", pairs=["zh-en"])
    first, second = sessions
    plan = seating.create_plan(event=config, title="开幕式", tables=[TableSpec()], session=first)
    interpreters.assign_interpreter(interpreter=interpreter, language_pair="zh-en", session=second, principal=guest)
    assert seating.fill_plan(plan=plan).interpreters == 0


# Swaps by hand ---------------------------------------------------------------------------------------


def test_swapping_two_seats_exchanges_the_guests_and_their_interpreters(config, guest_category, sessions):
    host, guest, _third = guests(config, guest_category, 3)
    interpreter = interpreters.save_interpreter(event=config, name="Li Na", pairs=["zh-en"])
    session = sessions[0]
    plan = seating.create_plan(
        event=config, title="开幕式", tables=[TableSpec(seats=4), TableSpec(seats=4)], session=session, host=host
    )
    interpreters.assign_interpreter(interpreter=interpreter, language_pair="zh-en", session=session, principal=guest)
    seating.fill_plan(plan=plan)
    one, two = plan.tables.order_by("number")
    seating.swap_seats(plan=plan, first=(one.pk, 2), second=(two.pk, 4))
    assert seated(plan) == {(1, 1): "Anna0", (2, 4): "Anna1", (1, 3): "Anna2"}
    chair = Seat.objects.get(plan=plan, behind=True)
    assert (chair.table_id, chair.number) == (two.pk, 4)


def test_swapping_refuses_a_seat_that_does_not_exist_and_changes_nothing(config, guest_category, other_config):
    guests(config, guest_category, 2)
    plan = plan_with(config, TableSpec(seats=4))
    seating.fill_plan(plan=plan)
    before = seated(plan)
    table = plan.tables.get()
    foreign = plan_with(other_config, TableSpec(seats=4)).tables.get()
    for first, second in (((table.pk, 1), (table.pk, 5)), ((table.pk, 1), (foreign.pk, 1))):
        with pytest.raises(RegistrationError) as refused:
            seating.swap_seats(plan=plan, first=first, second=second)
        assert refused.value.code == "no_such_seat"
    with pytest.raises(RegistrationError):
        seating.swap_seats(plan=plan, first=(table.pk, 3), second=(table.pk, 4))  # both empty
    assert seated(plan) == before


def test_an_unseated_guest_is_placed_at_an_empty_seat_only(config, guest_category):
    _first, second = guests(config, guest_category, 2)
    plan = plan_with(config, TableSpec(seats=1), TableSpec(seats=2))
    seating.fill_plan(plan=plan)
    one, two = plan.tables.order_by("number")
    seating.unseat(plan=plan, table_id=two.pk, number=1)
    with pytest.raises(RegistrationError) as taken:
        seating.place_guest(plan=plan, registration=second, table_id=one.pk, number=1)
    assert taken.value.code == "seat_taken"
    seating.place_guest(plan=plan, registration=second, table_id=two.pk, number=2)
    assert seated(plan) == {(1, 1): "Anna0", (2, 2): "Anna1"}


# What the gate, the badges and the itinerary read --------------------------------------------------------


def test_seat_labels_read_the_main_plan_in_the_active_language(config, guest_category):
    first, second, third = guests(config, guest_category, 3)
    other = plan_with(config, TableSpec(seats=10))
    seating.fill_plan(plan=other)
    main = plan_with(config, TableSpec(seats=2), TableSpec(seats=2), is_main=True)
    seating.fill_plan(plan=main)
    ids = [first.pk, second.pk, third.pk, 999999]
    with translation.override("en"):
        assert seating.seat_labels(config, ids) == {
            first.pk: "Table 1 · Seat 1",
            second.pk: "Table 1 · Seat 2",
            third.pk: "Table 2 · Seat 1",
        }
    with translation.override("zh-hans"):
        assert seating.seat_labels(config, [third.pk]) == {third.pk: "2号桌 1号座"}


def test_seat_labels_are_empty_without_a_main_plan_and_take_one_query(
    config, guest_category, django_assert_num_queries
):
    people = guests(config, guest_category, 3)
    seating.fill_plan(plan=plan_with(config, TableSpec()))
    with django_assert_num_queries(1):
        assert seating.seat_labels(config, [r.pk for r in people]) == {}


def test_a_new_main_plan_takes_over_from_the_old_one(config):
    old = plan_with(config, TableSpec(), is_main=True)
    new = plan_with(config, TableSpec(), is_main=True)
    old.refresh_from_db()
    assert (old.is_main, new.is_main) == (False, True)


def test_the_itinerary_hook_gives_each_seat_and_interpreter(config, guest_category, sessions):
    host, guest = guests(config, guest_category, 2)
    interpreter = interpreters.save_interpreter(event=config, name="Li Na", pairs=["zh-en"], phone="+8613800000000")
    session = sessions[0]
    plan = seating.create_plan(event=config, title="开幕式", tables=[TableSpec()], session=session, host=host)
    seating.fill_plan(plan=plan)
    interpreters.assign_interpreter(interpreter=interpreter, language_pair="zh-en", session=session, principal=guest)
    with translation.override("en"):
        items = [item for provider in hooks.get_hooks("logistics_itinerary_items") for item in provider(guest)]
    kinds = {item.kind: item for item in items}
    assert kinds["seat"].title == f"Your seat at {session.title}: Table 1 · Seat 2"
    assert kinds["seat"].start == session.start
    assert kinds["interpreter"].title == f"Interpreter Li Na (Chinese↔English): {session.title}"
    assert kinds["interpreter"].detail == "+86 138 0000 0000"
    assert len({item.uid for item in items}) == len(items)


# Documents -----------------------------------------------------------------------------------------------


def test_table_cards_show_the_chinese_name_and_the_guests_own_script_on_both_halves(config, guest_category):
    ivanova = make_person(
        1, family_name="Иванова", given_name="Анна", chinese_name="伊万诺娃", country="RU", language="ru"
    )
    wang = make_person(2, family_name="王", given_name="建国", country="CN", language="zh-hans")
    attending(config, guest_category, [ivanova, wang])
    plan = plan_with(config, TableSpec())
    seating.fill_plan(plan=plan)
    content = table_cards.table_cards_pdf(plan)
    assert pdf_pages(content) == 2
    text = pdf_text(content)
    for name in ("伊万诺娃", "Анна Иванова", "王建国", "Wang Jianguo"):
        assert text.count(name) == 2, name


def test_seating_chart_shows_every_table_and_seated_name(config, guest_category):
    attending(config, guest_category, [make_person(1, chinese_name="史密斯")])
    plan = plan_with(config, *[TableSpec() for _ in range(7)])
    seating.fill_plan(plan=plan)
    content = table_cards.seating_chart_pdf(plan)
    assert pdf_pages(content) == 2  # six tables a page
    assert "史密斯" in pdf_text(content)


def test_seating_list_export_has_the_columns_ushers_need(config, guest_category):
    attending(config, guest_category, [make_person(1, chinese_name="史密斯", organisation="=cmd|' /C calc'!A0")])
    plan = plan_with(config, TableSpec(name="主桌"))
    seating.fill_plan(plan=plan)
    sheet = load_workbook(io.BytesIO(protocol_exports.seating_list(plan, language="en"))).active
    rows = list(sheet.values)
    assert rows[0][:7] == (
        "Table",
        "Table name",
        "Seat",
        "Seat as announced",
        "Name",
        "Chinese name",
        "Name (Latin letters)",
    )
    assert rows[1][:7] == (1, "主桌", 1, "Table 1 · Seat 1", "Anna1 Smith", "史密斯", "Anna1 Smith")
    assert sheet.cell(row=2, column=9).data_type == "s"  # the organisation stays text, never a formula


def test_a_plan_of_400_guests_at_40_tables_fills_in_a_constant_number_of_queries(
    config, guest_category, django_assert_max_num_queries
):
    from events.models import EventPage

    EventPage.objects.filter(pk=config.event_id).update(capacity=None)
    people = guests(config, guest_category, 400)
    for i, registration in enumerate(people):
        rank(registration, 1 + i % 5, i)
    plan = plan_with(config, *[TableSpec() for _ in range(40)])
    with django_assert_max_num_queries(14):
        filled = seating.fill_plan(plan=plan)
    assert (filled.seated, filled.unseated) == (400, [])
    assert plan.seats.values("table").distinct().count() == 40
