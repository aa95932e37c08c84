"""Demo of the protocol desk for the upcoming Xiangjiang Forum: interpreters (one double-booked on
purpose), a bilateral meeting, ranks, a banquet seating plan shown at the gate, passport data and letters.

Idempotent: an event that already has interpreters or seating plans is left as it is.
"""

import datetime as dt
import io
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from events.models import EventPage
from registrations.domain.events import config_for
from registrations.logistics.domain import interpreters, letters, passports, precedence, seating
from registrations.logistics.models import Interpreter, SeatingPlan
from registrations.models import ATTENDING, Delegation, Registration

ROSTER = [
    ("李娜", ["zh-en"], "+8613807310001", "lina@example.cn"),
    ("朴敏", ["zh-ko"], "+8613807310002", "piaomin@example.cn"),
    ("王芳", ["zh-en", "zh-fr"], "+8613807310003", "wangfang@example.cn"),
    ("Сергей Орлов", ["zh-ru"], "+8613807310004", "orlov@example.ru"),
]
# (email, class, order, took office)
RANKS = {
    "wang.jianguo@example.cn": (1, 1, None),
    "j.mwangi@example.ke": (1, 2, dt.date(2019, 5, 1)),
    "minjun.kim@example.kr": (2, 1, dt.date(2022, 7, 1)),
    "t.yamada@example.jp": (2, 2, dt.date(2020, 4, 1)),
    "li.xiuying@example.cn": (3, 1, None),
}
BANQUET_CATEGORIES = ("vip", "official", "delegation", "guest", "speaker")
PASSPORTS = {
    "j.mwangi@example.ke": ("MWANGI", "JOSEPH", "AK0456789", "KE", "M", dt.date(1968, 3, 14), "Nairobi"),
    "minjun.kim@example.kr": ("KIM", "MINJUN", "M12345678", "KR", "M", dt.date(1975, 11, 2), "Andong"),
}


def load_protocol() -> int:
    """Create the demo's protocol data for the upcoming Xiangjiang Forum; return how many things were made."""
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
    if Interpreter.objects.filter(event=config).exists() or SeatingPlan.objects.filter(event=config).exists():
        return 0
    with transaction.atomic():
        return _load(config)


def _load(config) -> int:
    made = 0
    people = {r.person.email: r for r in Registration.objects.filter(event=config).select_related("person")}
    ranks = {
        people[email].pk: {"protocol_class": c, "protocol_order": o, "took_office_on": took}
        for email, (c, o, took) in RANKS.items()
        if email in people and people[email].status in ATTENDING
    }
    precedence.set_ranks(event=config, ranks=ranks)
    roster = {
        name: interpreters.save_interpreter(event=config, name=name, pairs=pairs, phone=phone, email=email)
        for name, pairs, phone, email in ROSTER
    }
    made += len(roster)
    page = config.event
    sessions = list(page.sessions.order_by("start", "sort_order"))
    korea = Delegation.objects.filter(event=config, country="KR").first()
    start = sessions[0].start if sessions else page.start
    meeting = interpreters.save_meeting(
        event=config,
        title="省领导会见庆尚北道友好代表团",
        start=start + timedelta(minutes=30),
        end=start + timedelta(minutes=75),
        place="湖南宾馆贵宾厅",
        delegation=korea,
        participants=[r for r in people.values() if korea and r.delegation_id == korea.pk],
    )
    made += 1
    if korea:
        interpreters.assign_interpreter(interpreter=roster["朴敏"], language_pair="zh-ko", delegation=korea)
        made += 1
    if sessions:
        principal = people.get("j.mwangi@example.ke")
        interpreters.assign_interpreter(
            interpreter=roster["李娜"], language_pair="zh-en", session=sessions[0], principal=principal
        )
        made += 1
    # A deliberate conflict for the demo: 李娜 is also booked for the meeting, which overlaps the opening.
    interpreters.assign_interpreter(interpreter=roster["李娜"], language_pair="zh-en", meeting=meeting)
    made += 1

    banquet_at = timezone.localtime(page.start).replace(hour=18, minute=30, second=0, microsecond=0)
    host = people.get("wang.jianguo@example.cn")
    plan = seating.create_plan(
        event=config,
        title="欢迎宴会",
        tables=[seating.TableSpec(seating.Shape.HEAD, 8, "主桌"), *[seating.TableSpec() for _ in range(3)]],
        start=banquet_at,
        end=banquet_at + timedelta(hours=2),
        place="湖南宾馆一楼宴会厅",
        host=host if host and host.status in ATTENDING else None,
        # The banquet seats the VIPs, officials, delegations and speakers, not the press or staff.
        categories=config.categories.filter(code__in=BANQUET_CATEGORIES),
        is_main=True,
    )
    seating.fill_plan(plan=plan)
    made += 1

    ready = []
    for email, (surname, given, number, nationality, sex, born, place) in PASSPORTS.items():
        registration = people.get(email)
        if registration is None or not passports.may_submit(registration):
            continue
        passports.submit_passport(
            registration=registration,
            consent=True,
            surname=surname,
            given_names=given,
            number=number,
            nationality=nationality,
            sex=sex,
            date_of_birth=born,
            place_of_birth=place,
            date_of_issue=dt.date(2021, 6, 1),
            date_of_expiry=dt.date(2031, 6, 1),
        )
        ready.append(registration)
    issued, _refused = letters.issue_letters(event=config, registrations=ready[:1])
    return made + len(ready) + len(issued) + _letterhead()


def _letterhead() -> int:
    """The office's signatory, contact and a drawn seal for the letters, unless someone set them already."""
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    from registrations.logistics.models import LetterheadSettings

    settings = LetterheadSettings.load()
    if settings.seal_id or settings.signatory_zh:
        return 0
    seal = Image(title="外事办公章（演示）", file=ImageFile(io.BytesIO(_seal_png()), name="demo-seal.png"))
    seal.save()
    settings.seal = seal
    settings.signatory_zh, settings.signatory_title_zh = "张明", "主任"
    settings.signatory_en, settings.signatory_title_en = "Zhang Ming", "Director-General"
    settings.contact_name, settings.contact_phone = "刘芳 Liu Fang", "+86 731 8221 9012"
    settings.contact_email = "visa@fao.hunan.gov.cn"
    settings.save()
    return 1


def _seal_png() -> bytes:
    """A red round seal: a ring, a star, and the office's name round the top (when a CJK font is at hand)."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    size, red = 480, (200, 16, 30, 235)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((12, 12, size - 12, size - 12), outline=red, width=16)
    centre, r = size / 2, 62
    star = [
        (centre + (r if i % 2 == 0 else r * 0.4) * math.sin(i * math.pi / 5),
         centre - (r if i % 2 == 0 else r * 0.4) * math.cos(i * math.pi / 5))
        for i in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=red)
    try:
        font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 44)
    except OSError:
        font = None
    if font is not None:
        name = "湖南省人民政府外事办公室"
        for i, char in enumerate(name):
            angle = math.radians(-135 + i * 270 / (len(name) - 1))
            glyph = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
            ImageDraw.Draw(glyph).text((30, 30), char, font=font, fill=red, anchor="mm")
            glyph = glyph.rotate(-math.degrees(angle), resample=Image.BICUBIC)
            x, y = centre + 170 * math.sin(angle), centre - 170 * math.cos(angle)
            image.alpha_composite(glyph, (int(x - 30), int(y - 30)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
