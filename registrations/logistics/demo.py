"""Demo logistics for the upcoming Xiangjiang Forum: arrivals at Changsha Huanghua airport (CSX) and
Changsha South station over two days, vehicles and trips, three hotels, needs, a banquet; and a
few deliberate conflicts, so that every kind of warning shows.

Everything goes through the domain functions, as an organizer's clicks would. Idempotent: an
event that already has vehicles is left alone.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.models import EventPage, EventSession
from registrations.domain.actions import answer_invitation, invite_guests
from registrations.domain.events import config_for
from registrations.logistics.domain import hotels, needs, transfers, travel
from registrations.logistics.domain.travel import Picture
from registrations.logistics.models import Hub, Journey, Meal, Vehicle
from registrations.models import Person, Registration

TZ = ZoneInfo(settings.TIME_ZONE)
FLIGHT, TRAIN = Journey.Mode.FLIGHT, Journey.Mode.TRAIN

# (family, given, romanised family, romanised given, Chinese name, country, language, organisation,
#  position, email, phone, category)
GUESTS = [
    ("Ochieng", "Grace", "", "", "葛蕾丝", "KE", "en", "Kenya Investment Authority", "Director of Investment Promotion",
     "g.ochieng@example.ke", "+254 722 100 201", "official"),
    ("Wanjiru", "Mary", "", "", "玛丽", "KE", "en", "Kenya Investment Authority", "Senior Investment Officer",
     "m.wanjiru@example.ke", "+254 722 100 202", "delegation"),
    ("Tesfaye", "Dawit", "", "", "达维特", "ET", "en", "Ethiopian Investment Commission", "Deputy Commissioner",
     "d.tesfaye@example.et", "+251 911 300 400", "official"),
    ("Khumalo", "Thandiwe", "", "", "坦迪韦", "ZA", "en", "Gauteng Provincial Government",
     "MEC for Economic Development", "t.khumalo@example.za", "+27 82 555 0101", "official"),
    ("El-Sayed", "Ahmed", "", "", "艾哈迈德", "EG", "ar", "Suez Canal Economic Zone", "Head of Investment Promotion",
     "a.elsayed@example.eg", "+20 100 555 0102", "guest"),
    ("Phommachanh", "Souksavanh", "", "", "苏萨万", "LA", "lo", "Vientiane Capital Administration",
     "Deputy Director of Foreign Affairs", "s.phommachanh@example.la", "+856 20 5555 0103", "guest"),
    ("ใจดี", "สมชาย", "Jaidee", "Somchai", "颂猜", "TH", "th", "Thai Chamber of Commerce", "Vice Chairman",
     "somchai.j@example.th", "+66 81 555 0104", "guest"),
    ("Rahman", "Nurul", "", "", "努鲁尔", "MY", "ms", "Penang State Government", "State Executive Councillor",
     "n.rahman@example.my", "+60 12 555 0105", "official"),
    ("Santoso", "Budi", "", "", "布迪", "ID", "id", "Kadin Indonesia", "Vice Chairman", "b.santoso@example.id",
     "+62 811 555 0106", "guest"),
    ("Wibowo", "Agus", "", "", "阿古斯", "ID", "id", "Kadin Indonesia", "Head of China Desk", "a.wibowo@example.id",
     "+62 811 555 0107", "delegation"),
    ("Khan", "Ayesha", "", "", "阿伊莎", "PK", "en", "Lahore Chamber of Commerce and Industry", "Vice President",
     "a.khan@example.pk", "+92 300 555 0108", "guest"),
    ("Абенов", "Ерлан", "Abenov", "Yerlan", "叶尔兰", "KZ", "ru", "KTZ Express", "Deputy Chief Executive",
     "y.abenov@example.kz", "+7 701 555 0109", "guest"),
    ("Соколова", "Мария", "Sokolova", "Maria", "索科洛娃", "RU", "ru", "Government of Nizhny Novgorod Region",
     "Minister of International Relations", "m.sokolova@example.ru", "+7 903 555 0110", "vip"),
    ("Ковалёв", "Андрей", "Kovalev", "Andrei", "科瓦廖夫", "BY", "ru", "Minsk City Executive Committee",
     "Deputy Chairman", "a.kovalev@example.by", "+375 29 555 0111", "official"),
    ("Horváth", "Péter", "", "", "霍尔瓦特", "HU", "hu", "Hungarian Export Promotion Agency", "Regional Director",
     "p.horvath@example.hu", "+36 30 555 0112", "guest"),
    ("Jovanović", "Milica", "Jovanovic", "Milica", "米莉察", "RS", "sr", "Chamber of Commerce of Belgrade",
     "Head of the Asia Desk", "m.jovanovic@example.rs", "+381 64 555 0113", "guest"),
    ("Schneider", "Julia", "", "", "施耐德", "DE", "de", "Duisburger Hafen AG", "Head of China Business",
     "j.schneider@example.de", "+49 170 555 0114", "guest"),
    ("Martin", "Sophie", "", "", "苏菲", "FR", "fr", "Business France", "Regional Director for China",
     "s.martin@example.fr", "+33 6 55 55 01 15", "guest"),
    ("Brown", "Oliver", "", "", "布朗", "GB", "en", "China-Britain Business Council", "Director, Central China",
     "o.brown@example.co.uk", "+44 7700 900115", "guest"),
    ("Santos", "Ana", "", "", "安娜", "BR", "pt", "ApexBrasil", "Trade Promotion Manager", "a.santos@example.br",
     "+55 61 95555 0116", "guest"),
    ("Al Hashimi", "Khalid", "", "", "哈立德", "AE", "ar", "DP World", "Vice President, Asia Pacific",
     "k.alhashimi@example.ae", "+971 50 555 0117", "vip"),
    ("中村", "博", "Nakamura", "Hiroshi", "中村博", "JP", "ja", "JETRO", "Director, Changsha Office",
     "h.nakamura@example.jp", "+81 90 5555 0118", "official"),
    ("박", "서연", "Park", "Seoyeon", "朴瑞妍", "KR", "ko", "KOTRA", "Senior Manager", "seoyeon.park@example.kr",
     "+82 10 5555 0119", "guest"),
    ("Nguyễn", "Văn An", "Nguyen", "Van An", "阮文安", "VN", "vi", "Vietnam Chamber of Commerce and Industry",
     "Deputy Director", "van.an.nguyen@example.vn", "+84 90 555 0120", "guest"),
    ("黄", "美玲", "Huang", "Meiling", "", "SG", "zh-hans", "新加坡通商中国", "总裁", "huang.meiling@example.sg",
     "+65 9555 0121", "guest"),
    ("陈", "志强", "Chen", "Zhiqiang", "", "CN", "zh-hans", "中国进出口银行湖南省分行", "副行长",
     "chen.zhiqiang@example.cn", "+86 138 0731 0122", "official"),
]  # fmt: skip

# (day from the first day, "HH:MM", flight or train number, mode, hub key, terminal, coming from, emails)
ARRIVALS = [
    (
        -1,
        "10:35",
        "CZ3387",
        FLIGHT,
        "CSX",
        "T2",
        "广州 Guangzhou",
        ["g.ochieng@example.ke", "m.wanjiru@example.ke", "d.tesfaye@example.et", "t.khumalo@example.za"],
    ),
    (
        -1,
        "13:20",
        "MU2531",
        FLIGHT,
        "CSX",
        "T2",
        "上海浦东 Shanghai Pudong",
        ["j.schneider@example.de", "s.martin@example.fr", "o.brown@example.co.uk"],
    ),
    (
        -1,
        "13:45",
        "CA1347",
        FLIGHT,
        "CSX",
        "T2",
        "北京首都 Beijing Capital",
        ["m.sokolova@example.ru", "a.kovalev@example.by", "y.abenov@example.kz"],
    ),
    (-1, "14:28", "G83", TRAIN, "South", "", "北京西 Beijing West", ["j.thompson@example.co.uk"]),
    (-1, "15:10", "FD540", FLIGHT, "CSX", "T1", "曼谷 Bangkok", ["somchai.j@example.th", "s.phommachanh@example.la"]),
    (
        -1,
        "16:02",
        "G1001",
        TRAIN,
        "South",
        "",
        "上海虹桥 Shanghai Hongqiao",
        ["p.horvath@example.hu", "m.jovanovic@example.rs"],
    ),
    (
        -1,
        "16:30",
        "KE819",
        FLIGHT,
        "CSX",
        "T2",
        "首尔仁川 Seoul Incheon",
        ["minjun.kim@example.kr", "seoyeon.park@example.kr"],
    ),
    (
        -1,
        "17:05",
        "MU2098",
        FLIGHT,
        "CSX",
        "T2",
        "大阪关西 Osaka Kansai",
        ["t.yamada@example.jp", "h.nakamura@example.jp"],
    ),
    (-1, "18:40", "G6017", TRAIN, "South", "", "广州南 Guangzhou South", ["a.santos@example.br"]),
    (
        -1,
        "21:40",
        "TR120",
        FLIGHT,
        "CSX",
        "T2",
        "新加坡 Singapore",
        ["n.rahman@example.my", "b.santoso@example.id", "a.wibowo@example.id", "huang.meiling@example.sg"],
    ),
    (0, "00:10", "CZ384", FLIGHT, "CSX", "T2", "迪拜 Dubai", ["k.alhashimi@example.ae"]),
    (
        0,
        "07:50",
        "CA1351",
        FLIGHT,
        "CSX",
        "T2",
        "北京首都 Beijing Capital",
        ["j.mwangi@example.ke", "a.khan@example.pk"],
    ),
    (
        0,
        "08:05",
        "G501",
        TRAIN,
        "South",
        "",
        "北京西 Beijing West",
        ["a.elsayed@example.eg", "van.an.nguyen@example.vn"],
    ),
]
DEPARTURES = [
    (1, "19:10", "G502", TRAIN, "South", "", "北京西 Beijing West",
     ["a.elsayed@example.eg", "van.an.nguyen@example.vn"]),
    (1, "21:30", "CA1358", FLIGHT, "CSX", "T2", "北京首都 Beijing Capital",
     ["m.sokolova@example.ru", "a.kovalev@example.by"]),
    (2, "08:30", "CA1352", FLIGHT, "CSX", "T2", "北京首都 Beijing Capital",
     ["j.mwangi@example.ke", "a.khan@example.pk"]),
    (2, "09:30", "CZ3388", FLIGHT, "CSX", "T2", "广州 Guangzhou",
     ["g.ochieng@example.ke", "m.wanjiru@example.ke", "d.tesfaye@example.et", "t.khumalo@example.za"]),
    (2, "10:40", "MU2532", FLIGHT, "CSX", "T2", "上海浦东 Shanghai Pudong",
     ["j.schneider@example.de", "s.martin@example.fr", "o.brown@example.co.uk", "p.horvath@example.hu",
      "m.jovanovic@example.rs"]),
    (2, "11:15", "G84", TRAIN, "South", "", "北京西 Beijing West", ["j.thompson@example.co.uk", "y.abenov@example.kz"]),
    (2, "12:20", "KE820", FLIGHT, "CSX", "T2", "首尔仁川 Seoul Incheon",
     ["minjun.kim@example.kr", "seoyeon.park@example.kr"]),
    (2, "13:05", "FD541", FLIGHT, "CSX", "T1", "曼谷 Bangkok", ["somchai.j@example.th", "s.phommachanh@example.la"]),
    (2, "14:00", "MU2097", FLIGHT, "CSX", "T2", "大阪关西 Osaka Kansai",
     ["t.yamada@example.jp", "h.nakamura@example.jp"]),
    (2, "15:30", "TR121", FLIGHT, "CSX", "T2", "新加坡 Singapore",
     ["n.rahman@example.my", "b.santoso@example.id", "a.wibowo@example.id", "huang.meiling@example.sg"]),
    (2, "16:45", "CZ383", FLIGHT, "CSX", "T2", "迪拜 Dubai", ["k.alhashimi@example.ae"]),
    (2, "17:20", "G6018", TRAIN, "South", "", "广州南 Guangzhou South", ["a.santos@example.br"]),
]  # fmt: skip

# (name, kind, seats, plate, driver, phone)
VEHICLES = [
    ("贵宾1号车", Vehicle.Kind.CAR, 3, "湘A·H9001", "刘建华", "138 0731 2001"),
    ("贵宾2号车", Vehicle.Kind.CAR, 3, "湘A·H9002", "周明", "138 0731 2002"),
    ("贵宾3号车", Vehicle.Kind.CAR, 3, "湘A·H9003", "谭卫东", "138 0731 2003"),
    ("商务车1号", Vehicle.Kind.MPV, 6, "湘A·M6001", "罗志勇", "139 0731 3001"),
    ("商务车2号", Vehicle.Kind.MPV, 6, "湘A·M6002", "彭海波", "139 0731 3002"),
    ("商务车3号", Vehicle.Kind.MPV, 6, "湘A·M6003", "曾庆", "139 0731 3003"),
    ("中巴1号", Vehicle.Kind.MINIBUS, 18, "湘A·Z1801", "欧阳军", "137 0731 4001"),
    ("大巴1号", Vehicle.Kind.COACH, 45, "湘A·D4501", "李国强", "137 0731 4002"),
    ("无障碍车", Vehicle.Kind.ACCESSIBLE, 5, "湘A·W0501", "黄志坚", "136 0731 5001"),
]

# (Chinese name, English name, address zh, address en, phone, [(type zh, type en, guests per room, rooms)])
HOTELS = [
    ("长沙华天大酒店", "Huatian Hotel Changsha", "长沙市芙蓉区解放东路300号",
     "300 Jiefang East Road, Furong District, Changsha", "+86 731 8444 2888",
     [("行政套房", "Executive suite", 1, 4), ("豪华大床房", "Deluxe king", 1, 8)]),
    ("长沙运达喜来登酒店", "Sheraton Changsha Hotel", "长沙市芙蓉区远大一路478号",
     "478 Yuanda 1st Road, Furong District, Changsha", "+86 731 8488 8888",
     [("豪华双床房", "Deluxe twin", 2, 10)]),
    ("湖南国际会展中心酒店", "HICEC Hotel", "长沙县湘龙街道会展路2号",
     "2 Huizhan Road, Xianglong Subdistrict, Changsha County", "+86 731 8555 6666",
     [("标准大床房", "Standard king", 1, 8)]),
]  # fmt: skip

# (hotel, block, guests sharing, first night, check-out) as days from the first day; the default stay is -1 to 2.
ROOMS = [
    # Five in four executive suites on the night of the first day: the block is over-assigned.
    (0, 0, ["m.sokolova@example.ru"], -1, 1),
    (0, 0, ["minjun.kim@example.kr"], -1, 2),
    (0, 0, ["t.yamada@example.jp"], -1, 2),
    (0, 0, ["k.alhashimi@example.ae"], -1, 2),
    (0, 0, ["j.mwangi@example.ke"], 0, 2),
    (0, 1, ["a.kovalev@example.by"], -1, 1),
    (0, 1, ["y.abenov@example.kz"], -1, 2),
    (0, 1, ["h.nakamura@example.jp"], -1, 2),
    (0, 1, ["seoyeon.park@example.kr"], -1, 2),
    (0, 1, ["a.khan@example.pk"], 0, 2),
    (1, 0, ["g.ochieng@example.ke", "m.wanjiru@example.ke"], -1, 2),
    (1, 0, ["b.santoso@example.id", "a.wibowo@example.id"], -1, 2),
    (1, 0, ["d.tesfaye@example.et"], -1, 2),
    (1, 0, ["t.khumalo@example.za"], -1, 2),
    (1, 0, ["j.schneider@example.de"], -1, 2),
    (1, 0, ["s.martin@example.fr"], -1, 2),
    (1, 0, ["o.brown@example.co.uk"], -1, 2),
    (1, 0, ["p.horvath@example.hu"], -1, 2),
    (1, 0, ["m.jovanovic@example.rs"], -1, 2),
    (1, 0, ["a.santos@example.br"], -1, 2),
    (2, 0, ["j.thompson@example.co.uk"], -1, 2),
    (2, 0, ["a.elsayed@example.eg"], 0, 1),
    (2, 0, ["van.an.nguyen@example.vn"], 0, 1),
    # Booked from the first day, but he lands the day before: the stay is not covered.
    (2, 0, ["somchai.j@example.th"], 0, 2),
    (2, 0, ["n.rahman@example.my"], -1, 2),
    (2, 0, ["huang.meiling@example.sg"], -1, 2),
    # s.phommachanh@example.la needs a room and has none.
]

# email: (diet, allergies, access, access note, needs room)
NEEDS = {
    "a.elsayed@example.eg": (["halal", "no_alcohol"], "", [], "", None),
    "n.rahman@example.my": (["halal"], "", [], "", None),
    "k.alhashimi@example.ae": (["halal", "no_alcohol"], "", [], "", None),
    "a.khan@example.pk": (["halal"], "花生 peanuts", [], "", None),
    "somchai.j@example.th": (["vegetarian"], "", [], "", None),
    "s.martin@example.fr": (["vegetarian", "not_spicy"], "", [], "", None),
    "j.schneider@example.de": (["vegan"], "", [], "", None),
    "d.tesfaye@example.et": (["no_pork"], "", [], "", None),
    "b.santoso@example.id": (["no_pork", "not_spicy"], "", [], "", None),
    "o.brown@example.co.uk": (["not_spicy"], "虾蟹 shellfish", [], "", None),
    "p.horvath@example.hu": ([], "", ["wheelchair"], "Travels with a folding wheelchair.", None),
    "wang.jianguo@example.cn": ([], "", [], "", False),
    "li.xiuying@example.cn": ([], "", [], "", False),
    "chen.zhiqiang@example.cn": (["not_spicy"], "", [], "", False),
}
BANQUET = (
    "欢迎宴会",
    "Welcome banquet",
    "<p>湖南省人民政府主办，请着正装。</p>",
    "<p>Hosted by the Hunan Provincial People's Government. Formal dress.</p>",
)


def load_logistics() -> int:
    """Give the upcoming Xiangjiang Forum its demo logistics, unless it has some; return how many guests travel."""
    page = (
        EventPage.objects.filter(
            brand__slug="xiangjiang-forum", locale__language_code="zh-hans", end__gte=timezone.now()
        )
        .order_by("start")
        .first()
    )
    if page is None:
        return 0
    config = config_for(page)
    if Vehicle.objects.filter(event=config).exists():
        return 0
    with transaction.atomic():
        return _load(config, page)


def _load(config, page) -> int:
    first_day = timezone.localtime(page.start, TZ).date()

    def at(day, hhmm):
        hour, minute = map(int, hhmm.split(":"))
        return dt.datetime.combine(first_day + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=TZ)

    def night(day):
        return first_day + dt.timedelta(days=day)

    travel.transfer_settings(config)
    hubs = {
        "CSX": Hub.objects.get(event=config, code="CSX"),
        "South": Hub.objects.get(event=config, name_zh="长沙南站"),
    }
    guests = _guests(config)

    journeys = {}
    for direction, rows in ((Journey.Direction.ARRIVAL, ARRIVALS), (Journey.Direction.DEPARTURE, DEPARTURES)):
        for day, hhmm, number, mode, hub, terminal, other_end, emails in rows:
            for email in emails:
                journeys.setdefault(email, {})[direction] = {
                    "mode": mode,
                    "number": number,
                    "at": at(day, hhmm),
                    "hub": hubs[hub],
                    "terminal": terminal,
                    "other_end": other_end,
                }
    for email, both in journeys.items():
        travel.save_travel(
            registration=guests[email], arrival=both.get("arrival"), departure=both.get("departure"), by=None
        )
    for email, (diet, allergies, access, access_note, needs_room) in NEEDS.items():
        needs.save_needs(
            registration=guests[email], diet=diet, allergies=allergies, access=access, access_note=access_note,
            needs_room=needs_room,
        )  # fmt: skip

    vehicles = [
        transfers.save_vehicle(
            event=config, name=name, kind=kind, seats=seats, plate=plate, driver_name=driver, driver_phone=phone
        )
        for name, kind, seats, plate, driver, phone in VEHICLES
    ]
    for i, (zh, en, address_zh, address_en, phone, blocks) in enumerate(HOTELS):
        hotel = hotels.save_hotel(
            event=config, name_zh=zh, name_en=en, address_zh=address_zh, address_en=address_en, phone=phone,
            sort_order=i,
        )  # fmt: skip
        for type_zh, type_en, occupancy, rooms in blocks:
            hotels.save_block(
                hotel=hotel, room_type_zh=type_zh, room_type_en=type_en, occupancy=occupancy, rooms=rooms,
                check_in=night(-1), check_out=night(2),
            )  # fmt: skip
    blocks_of = [list(h.blocks.order_by("pk")) for h in config.hotels.order_by("sort_order")]
    for hotel, block, emails, first, last in ROOMS:
        hotels.assign_room(
            block=blocks_of[hotel][block], registrations=[guests[e] for e in emails], check_in=night(first),
            check_out=night(last),
        )  # fmt: skip

    _trips(config, guests, vehicles, hubs, at)
    _banquet(config, page, at)
    return len(journeys)


def _guests(config) -> dict[str, Registration]:
    """The demo's attending guests by email: the forum's own, and the delegates added here."""
    categories = {c.code: c for c in config.categories.all()}
    for family, given, rfamily, rgiven, chinese, country, language, org, position, email, phone, code in GUESTS:
        person, _created = Person.objects.get_or_create(
            email=email,
            defaults={
                "family_name": family,
                "given_name": given,
                "romanised_family_name": rfamily or family,
                "romanised_given_name": rgiven or given,
                "chinese_name": chinese,
                "country": country,
                "language": language,
                "organisation": org,
                "position": position,
                "phone": phone,
            },
        )
        for registration in invite_guests(event=config, people=[person], category=categories[code]):
            answer_invitation(registration=registration, accept=True)
    return {
        r.person.email: r
        for r in Registration.objects.filter(event=config, status__in=("accepted", "confirmed")).select_related(
            "person"
        )
    }


def _trips(config, guests, vehicles, hubs, at):
    """The suggested trips taken up, then the organizers' mistakes and a guest's late change."""
    by_name = {v.name: v for v in vehicles}
    stranded = guests["s.phommachanh@example.la"].pk  # left without a pickup on purpose
    for suggestion in transfers.suggest_trips(Picture.load(config)):
        riders = [g for g in suggestion.passengers if g.pk != stranded]
        if not riders:
            continue
        vehicle = suggestion.vehicle
        if suggestion.journeys[0].number == "CZ3387":
            vehicle = by_name["贵宾1号车"]  # four guests in a car for three: over capacity
        if suggestion.journeys[0].number in ("MU2531", "CA1347"):
            vehicle = by_name["商务车1号"]  # for both flights, 25 minutes apart: in two places at once
        transfers.plan_trip(
            event=config,
            passengers=riders,
            direction=suggestion.direction,
            pickup_at=suggestion.pickup_at,
            hub=suggestion.hub,
            hotel=suggestion.hotel,
            place="" if suggestion.hotel else config.event.venue.name,
            meeting_point=_meeting_point(suggestion),
            vehicle=vehicle,
        )
    # Khalid Al Hashimi's flight is delayed after his pickup was planned.
    late = guests["k.alhashimi@example.ae"]
    arrival = late.journeys.get(direction="arrival")
    travel.save_travel(
        registration=late,
        arrival={"mode": FLIGHT, "number": "CZ384", "at": at(0, "01:35"), "hub": hubs["CSX"], "terminal": "T2",
                 "other_end": arrival.other_end},
        departure={"mode": FLIGHT, "number": "CZ383", "at": at(2, "16:45"), "hub": hubs["CSX"], "terminal": "T2",
                   "other_end": arrival.other_end},
    )  # fmt: skip
    # The site visit: everyone by coach from the venue's north gate.
    transfers.plan_trip(
        event=config,
        passengers=list(guests.values()),
        direction=transfers.OTHER,
        pickup_at=at(1, "13:30"),
        duration=40,
        meeting_point="会展中心北门",
        place="中国（湖南）自由贸易试验区长沙片区",
        vehicle=by_name["大巴1号"],
    )


def _meeting_point(suggestion) -> str:
    if suggestion.direction == transfers.DEPARTURE:
        return "酒店大堂"
    return "T2 到达大厅 3 号门" if suggestion.hub.code == "CSX" else "出站口 东广场"


def _banquet(config, page, at):
    """The welcome banquet on the first evening, in both languages of the page, marked as a meal."""
    zh_title, en_title, zh_text, en_text = BANQUET
    session = page.sessions.filter(title=zh_title).first()
    if session is None:
        page.sessions.add(
            EventSession(
                locale=page.locale,
                title=zh_title,
                description=zh_text,
                start=at(0, "18:30"),
                end=at(0, "20:30"),
                sort_order=99,
            )
        )
        page.save_revision().publish()
        session = page.sessions.get(title=zh_title)
        for translation in page.get_translations().specific():
            translation.sessions.add(
                EventSession(
                    locale=translation.locale, translation_key=session.translation_key, title=en_title,
                    description=en_text, start=session.start, end=session.end, sort_order=99,
                )
            )  # fmt: skip
            translation.save_revision().publish()
    needs.set_meals(event=config, kinds={session.translation_key: Meal.Kind.BANQUET})
