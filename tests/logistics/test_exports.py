"""The spreadsheets for the motor pool, the hotels and the kitchen: opened with openpyxl, read back exactly."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registrations.logistics.domain.hotels import assign_room, save_block, save_hotel
from registrations.logistics.domain.needs import save_needs, set_meals
from registrations.logistics.domain.transfers import plan_trip, save_vehicle
from registrations.logistics.domain.travel import Picture, save_travel
from registrations.logistics.interfaces.exports import kitchen_sheet, pickup_schedule, rooming_lists
from tests.logistics.conftest import at, attending, first_day, journey
from tests.registrations.test_backoffice import superuser  # noqa: F401

pytestmark = pytest.mark.django_db


def sheets(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


@pytest.fixture
def scene(event, airport):
    """Two guests on one pickup, sharing a twin room; one is halal and allergic to peanuts; a lunch."""
    zhang = attending(
        event, 1, family_name="张", given_name="伟", romanised_family_name="Zhang", romanised_given_name="Wei",
        language="zh-hans", country="CN", phone="+8613800000001",
    )  # fmt: skip
    anna = attending(event, 2, chinese_name="安娜", phone="+447700900123")
    for guest, number, hhmm in ((zhang, "CA1347", "13:45"), (anna, "MU2531", "13:20")):
        save_travel(
            registration=guest,
            arrival=journey(at(event, -1, hhmm), airport, number=number, terminal="T2"),
            departure=journey(at(event, 2, "10:40"), airport, number="MU2532"),
        )
    save_needs(registration=anna, diet=["halal"], allergies="花生 peanuts", access=["wheelchair"])
    van = save_vehicle(
        event=event,
        name="商务车1号",
        kind="mpv",
        seats=6,
        plate="湘A·M6001",
        driver_name="罗志勇",
        driver_phone="139 0731 3001",
    )
    hotel = save_hotel(event=event, name_zh="长沙运达喜来登酒店", name_en="Sheraton Changsha Hotel")
    night = first_day(event) - dt.timedelta(days=1)
    twins = save_block(
        hotel=hotel, room_type_zh="豪华双床房", room_type_en="Deluxe twin", occupancy=2, check_in=night,
        check_out=night + dt.timedelta(days=3), rooms=10,
    )  # fmt: skip
    assign_room(
        block=twins, registrations=[zhang, anna], check_in=night, check_out=night + dt.timedelta(days=3),
        room_number="1203", notes="高层",
    )  # fmt: skip
    trip = plan_trip(
        event=event, passengers=[zhang, anna], direction="arrival", pickup_at=at(event, -1, "14:30"), duration=50,
        hub=airport, hotel=hotel, meeting_point="T2 到达大厅 3 号门", vehicle=van, notes="举牌接机",
    )  # fmt: skip
    return {"zhang": zhang, "anna": anna, "hotel": hotel, "trip": trip, "night": night}


def test_the_pickup_schedule_has_a_row_per_passenger_in_landing_order(event, scene):
    (title, rows), = sheets(pickup_schedule(Picture.load(event), language="en")).items()  # fmt: skip
    day = first_day(event) - dt.timedelta(days=1)
    ref = scene["trip"].reference
    common = (
        dt.datetime.combine(day, dt.time()),
        dt.time(14, 30),
        ref,
        "Arrival pickup",
        "Changsha Huanghua International Airport (CSX) · T2 到达大厅 3 号门",
    )
    tail = (
        "商务车1号 · Business van",
        "湘A·M6001",
        "罗志勇",
        "139 0731 3001",
        "Sheraton Changsha Hotel",
        dt.time(15, 20),
    )
    anna = ("MU2531", dt.time(13, 20), "Anna2 Smith", "安娜", "+447700900123")
    zhang = ("CA1347", dt.time(13, 45), "Zhang Wei", "张伟", "+8613800000001")
    assert title == "Pickup schedule"
    assert rows == [
        (
            "Date", "Pickup time", "Trip", "Kind", "Pickup place", "Flight or train", "Lands or leaves",
            "Guest (Latin letters)", "Guest (Chinese)", "Phone", "Vehicle", "Plate", "Driver", "Driver's phone",
            "Destination", "Arrives at destination", "Notes",
        ),
        (*common, *anna, *tail, "举牌接机; Wheelchair access"),
        (*common, *zhang, *tail, "举牌接机"),
    ]  # fmt: skip


def test_the_pickup_schedule_of_one_day_leaves_out_the_others(event, scene):
    (rows,) = sheets(pickup_schedule(Picture.load(event), day=first_day(event), language="en")).values()
    assert len(rows) == 1  # the header only


def test_the_rooming_list_shows_who_shares_with_whom_in_chinese_headers(event, scene):
    night = scene["night"]
    content = rooming_lists(Picture.load(event), hotels=[scene["hotel"]], language="zh-hans")
    ((title, rows),) = sheets(content).items()
    assert title == "长沙运达喜来登酒店"
    check_in, check_out = (
        dt.datetime.combine(night, dt.time()),
        dt.datetime.combine(night + dt.timedelta(days=3), dt.time()),
    )
    day = (first_day(event) - dt.timedelta(days=1)).isoformat()
    last = (first_day(event) + dt.timedelta(days=2)).isoformat()
    room = ("豪华双床房", check_in, check_out, 3)
    assert rows == [
        ("客人（护照姓名）", "中文姓名", "国家或地区", "房型", "入住", "退房", "晚数", "同住", "房号", "抵达", "离开",
         "备注"),
        ("Zhang Wei", "张伟", "中国", *room, "Anna2 Smith", "1203", f"{day} 13:45 CA1347", f"{last} 10:40 MU2532",
         "高层"),
        ("Anna2 Smith", "安娜", "英国", *room, "Zhang Wei", "1203", f"{day} 13:20 MU2531", f"{last} 10:40 MU2532",
         "高层；轮椅通行"),
    ]  # fmt: skip


def test_the_kitchen_sheet_counts_each_meal_and_lists_the_guests_with_needs(event, scene, forum_page):
    from events.models import EventSession

    lunch = EventSession.objects.create(
        page=forum_page,
        locale=forum_page.locale,
        title="工作午餐",
        start=at(event, 0, "12:00"),
        end=at(event, 0, "13:30"),
        sort_order=9,
    )
    set_meals(event=event, kinds={lunch.translation_key: "lunch"})
    book = sheets(kitchen_sheet(Picture.load(event), language="en"))
    assert list(book) == ["Kitchen totals", "Guests with needs"]
    totals, people = book["Kitchen totals"], book["Guests with needs"]
    assert totals[0] == (
        "Meal", "Session", "Date", "Time", "Guests", "Halal", "Kosher", "Vegetarian", "Vegan", "No pork", "No beef",
        "No fish or seafood", "Gluten-free", "Lactose-free", "Not spicy", "No alcohol", "Food allergies",
        "Wheelchair access",
    )  # fmt: skip
    day = dt.datetime.combine(first_day(event), dt.time())
    diets = (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)  # one halal
    assert totals[1:] == [("Lunch", "工作午餐", day, dt.time(12, 0), 2, *diets, 1, 1)]
    assert people == [
        (
            "Guest",
            "Guest (Latin letters)",
            "Chinese name",
            "Diet",
            "Food allergies",
            "Access",
            "Other requests",
            "Meals",
        ),
        ("Anna2 Smith", "Anna2 Smith", "安娜", "Halal", "花生 peanuts", "Wheelchair access", None, "工作午餐"),
    ]


def test_a_formula_in_a_name_stays_text(event, airport):
    guest = attending(event, 1, family_name='=HYPERLINK("x")', romanised_family_name="=cmd")
    save_travel(registration=guest, arrival=journey(at(event, -1, "10:00"), airport), departure=None)
    plan_trip(
        event=event,
        passengers=[guest],
        direction="arrival",
        pickup_at=at(event, -1, "10:45"),
        hub=airport,
        place="会展中心",
    )
    book = load_workbook(io.BytesIO(pickup_schedule(Picture.load(event), language="en")))
    cell = book.active.cell(row=2, column=8)
    assert (cell.value, cell.data_type) == ("Anna1 =cmd", "s")


def test_the_admin_downloads_each_export_in_the_admins_language(client, superuser, event, scene):  # noqa: F811
    client.force_login(superuser)
    for name, first_header in (
        ("export_pickups", "日期"),
        ("export_rooming", "客人（护照姓名）"),
        ("export_kitchen", "餐次"),
    ):
        response = client.get(reverse(f"logistics_admin:{name}", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert response["Content-Disposition"].startswith('attachment; filename="')
        first_sheet = next(iter(sheets(response.content).values()))
        assert first_sheet[0][0] == first_header, name
    one = client.get(reverse("logistics_admin:export_rooming", args=[event.pk]), {"hotel": scene["hotel"].pk})
    assert list(sheets(one.content)) == ["长沙运达喜来登酒店"]
