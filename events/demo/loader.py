"""Loading the demo content: create what is missing, change nothing that exists.

Objects are found by stable keys: brands by slug, venues and speakers by their Chinese
name, images by title in the demo collection, event pages by slug under the event
index, translations through their translation key. A second run therefore writes
nothing (no new rows, no new revisions).

Dates are relative to the day the demo was first loaded: that day is read back from
the first publication of the demo's event pages, so slugs and years stay the same on
every later run. When no demo event page exists yet, it is today.
"""

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale

from events.demo import content, images
from events.demo.content import EN, ZH
from events.models import (
    Brand,
    EventIndexPage,
    EventPage,
    EventSession,
    HomePage,
    OfficeSettings,
    Room,
    Speaker,
    Venue,
)
from events.setup import ensure_site_structure

TZ = ZoneInfo("Asia/Shanghai")


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    def add(self, kind: str, created: bool, n: int = 1):
        (self.created if created else self.present)[kind] += n

    def lines(self) -> list[str]:
        kinds = list(dict.fromkeys([*self.created, *self.present, *self.updated]))
        out = []
        for kind in kinds:
            parts = [
                f"{n} {what}"
                for n, what in (
                    (self.created[kind], "created"),
                    (self.updated[kind], "filled in"),
                    (self.present[kind], "already present"),
                )
                if n
            ]
            out.append(f"  {kind:<22} {', '.join(parts)}")
        return out

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))


def load(*, today: dt.date | None = None) -> Report:
    """Load the whole demo in one transaction and say what was created."""
    with transaction.atomic():
        return DemoLoader(today=today).run()


class DemoLoader:
    def __init__(self, *, today=None):
        self.today = today
        self.report = Report()
        self.images = {}

    # The steps, in order -------------------------------------------------------------

    def run(self) -> Report:
        homes = ensure_site_structure()
        self.zh = Locale.objects.get(language_code=ZH)
        self.en = Locale.objects.get(language_code=EN)
        # Fresh copies: the ones returned may hold tree fields (numchild) that adding
        # their children has made stale, and saving those would hide the children.
        self.homes = {code: HomePage.objects.get(pk=homes[code].pk) for code in (ZH, EN)}
        self.indexes = {code: EventIndexPage.objects.child_of(home).get() for code, home in self.homes.items()}
        self.collection = self.get_collection()

        self.load_office()
        self.load_home_pages()
        self.brands = {spec["slug"]: self.load_brand(spec) for spec in content.BRANDS}
        self.venues = {spec["key"]: self.load_venue(spec) for spec in content.VENUES}
        self.speakers = {spec["key"]: self.load_speaker(spec) for spec in content.SPEAKERS}
        anchor = self.anchor_date()
        for spec in content.EDITIONS:
            self.load_edition(spec, anchor)
        # Images are looked up only when needed: count the whole collection instead.
        total = get_image_model().objects.filter(collection=self.collection).count()
        self.report.present["images"] = total - self.report.created["images"]
        return self.report

    def get_collection(self):
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=content.COLLECTION_NAME).first()
        self.report.add("collection", collection is None)
        if collection is None:
            collection = root.add_child(name=content.COLLECTION_NAME)
        return collection

    def load_office(self):
        office = OfficeSettings.load()
        changed = []
        for name, value in content.OFFICE.items():
            if not getattr(office, name):
                setattr(office, name, value)
                changed.append(name)
        if office.logo_id is None:
            spec = content.OFFICE_LOGO
            office.logo = self.image(
                spec["title"],
                lambda: images.logo(
                    seed=spec["title"],
                    primary=spec["primary"],
                    accent=spec["accent"],
                    motif=spec["motif"],
                    letters=spec["letters"],
                    name=spec["name"],
                ),
                "fao-logo.png",
            )
            changed.append("logo")
        if changed:
            office.save()
            self.report.updated["office settings"] += 1
        else:
            self.report.add("office settings", False)

    def load_home_pages(self):
        spec = content.HOME_HERO
        hero = self.image(
            spec["title"],
            lambda: images.hero(
                seed=spec["title"],
                primary=spec["primary"],
                accent=spec["accent"],
                motif=spec["motif"],
                wordmark=spec["wordmark"],
                caption=spec["caption"],
                chinese=spec["chinese"],
            ),
            "home-banner.jpg",
        )
        for code in (ZH, EN):
            texts = content.HOME[code]
            page = self.homes[code].get_latest_revision_as_object()
            changed = False
            if not page.introduction:
                page.introduction = texts["introduction"]
                changed = True
            if page.hero_image_id is None:
                page.hero_image = hero
                changed = True
            if not page.body:
                text, attribution = texts["quote"]
                page.body = [
                    block("rich_text", texts["about"]),
                    block("quote", {"text": text, "attribution": attribution}),
                ]
                changed = True
            self.publish_if(page, changed, "home page")

            index = self.indexes[code].get_latest_revision_as_object()
            changed = not index.introduction
            if changed:
                index.introduction = content.EVENT_INDEX[code]
            self.publish_if(index, changed, "event index page")

    def publish_if(self, page, changed: bool, kind: str):
        if changed:
            page.save_revision().publish()
            self.report.updated[kind] += 1
        else:
            self.report.add(kind, False)

    # Snippets --------------------------------------------------------------------------

    def load_brand(self, spec) -> dict:
        slug = spec["slug"]
        zh = Brand.objects.filter(locale=self.zh, slug=slug).first()
        self.report.add("brands (zh-hans)", zh is None)
        if zh is None:
            logo = self.image(
                f"{spec[ZH]['short_name']}标识 · {spec[EN]['short_name']} logo",
                lambda: images.logo(
                    seed=slug,
                    primary=spec["primary"],
                    accent=spec["accent"],
                    motif=spec["motif"],
                    letters=spec["letters"],
                    name=spec["wordmark"],
                ),
                f"{slug}-logo.png",
            )
            zh = Brand(
                locale=self.zh,
                slug=slug,
                logo=logo,
                primary_colour=spec["primary"],
                accent_colour=spec["accent"],
                sender_email=spec["sender_email"],
                **spec[ZH],
            )
            zh.full_clean()
            zh.save()
        en = zh.get_translation_or_none(self.en)
        self.report.add("brands (en)", en is None)
        if en is None:
            en = zh.copy_for_translation(self.en)
            for name, value in spec[EN].items():
                setattr(en, name, value)
            en.full_clean()
            en.save()
        return {ZH: zh, EN: en, "spec": spec}

    def load_venue(self, spec) -> dict:
        zh = Venue.objects.filter(locale=self.zh, name=spec[ZH]["name"]).first()
        self.report.add("venues (zh-hans)", zh is None)
        if zh is None:
            zh = Venue(
                locale=self.zh,
                latitude=Decimal(spec["latitude"]),
                longitude=Decimal(spec["longitude"]),
                rooms=[Room(locale=self.zh, name=room[ZH], capacity=room["capacity"]) for room in spec["rooms"]],
                **spec[ZH],
            )
            zh.save()
            self.report.add("rooms (zh-hans)", True, len(spec["rooms"]))
        else:
            self.report.add("rooms (zh-hans)", False, zh.rooms.count())

        rooms_by_name = {room.name: room for room in zh.rooms.all()}
        rooms = {room["key"]: rooms_by_name.get(room[ZH]) for room in spec["rooms"]}
        english_names = {
            rooms_by_name[room[ZH]].translation_key: room[EN] for room in spec["rooms"] if room[ZH] in rooms_by_name
        }

        en = zh.get_translation_or_none(self.en)
        self.report.add("venues (en)", en is None)
        if en is None:
            en = zh.copy_for_translation(self.en)
            for name, value in spec[EN].items():
                setattr(en, name, value)
            copied = list(en.rooms.all())
            for room in copied:
                room.name = english_names.get(room.translation_key, room.name)
            en.rooms = copied
            en.save()
            translated = Room.objects.filter(venue=en, locale=self.en).count()
            if translated != len(rooms_by_name):
                raise RuntimeError(
                    f"Translating venue {zh.name!r} gave {translated} English rooms instead of {len(rooms_by_name)}."
                )
            self.report.add("rooms (en)", True, translated)
        else:
            self.report.add("rooms (en)", False, en.rooms.count())
        return {ZH: zh, EN: en, "rooms": rooms}

    def load_speaker(self, spec) -> dict:
        zh = Speaker.objects.filter(locale=self.zh, name=spec[ZH]["name"]).first()
        self.report.add("speakers (zh-hans)", zh is None)
        if zh is None:
            photo = None
            if spec["portrait"]:
                photo = self.image(
                    f"{spec[ZH]['name']}（示意头像） · {spec[EN]['name']} (placeholder portrait)",
                    lambda: images.portrait(
                        seed=spec["key"],
                        initials=spec["initials"],
                        background=PORTRAIT_BACKGROUNDS[len(spec[EN]["name"]) % len(PORTRAIT_BACKGROUNDS)],
                        accent="#F0CB6A",
                    ),
                    f"portrait-{spec['key']}.jpg",
                )
            zh = Speaker(locale=self.zh, photo=photo, **spec[ZH])
            zh.save()
        en = zh.get_translation_or_none(self.en)
        self.report.add("speakers (en)", en is None)
        if en is None:
            en = zh.copy_for_translation(self.en)
            for name, value in spec[EN].items():
                setattr(en, name, value)
            en.save()
        return {ZH: zh, EN: en}

    # Images ----------------------------------------------------------------------------

    def image(self, title: str, draw, filename: str):
        """The demo image with this title, drawn and saved if it does not exist yet."""
        if title in self.images:
            return self.images[title]
        Image = get_image_model()
        image = Image.objects.filter(collection=self.collection, title=title).first()
        self.report.add("images", image is None)
        if image is None:
            image = Image(title=title, collection=self.collection, file=ImageFile(BytesIO(draw()), name=filename))
            image._set_image_file_metadata()
            image.save()
        self.images[title] = image
        return image

    def scene(self, brand: dict, kind: str):
        spec = brand["spec"]
        labels = content.SCENES[kind]
        title = f"{spec[ZH]['short_name']}示意图：{labels[ZH]} · {spec[EN]['short_name']} illustration: {labels[EN]}"
        return self.image(
            title,
            lambda: images.scene(
                seed=f"{spec['slug']}-{kind}",
                primary=spec["primary"],
                accent=spec["accent"],
                kind=kind,
                label=f"{spec[EN]['short_name']} · {labels[EN]} (illustration)",
            ),
            f"{spec['slug']}-{kind}.jpg",
        )

    # Event pages -----------------------------------------------------------------------

    def anchor_date(self) -> dt.date:
        """The day the demo was first loaded: it fixes every edition's dates and slug."""
        if self.today:
            return self.today
        first = (
            EventPage.objects.child_of(self.indexes[ZH])
            .filter(brand__in=[brand[ZH] for brand in self.brands.values()], first_published_at__isnull=False)
            .order_by("first_published_at")
            .values_list("first_published_at", flat=True)
            .first()
        )
        return timezone.localtime(first, TZ).date() if first else timezone.localdate(timezone=TZ)

    def edition_dates(self, spec, anchor: dt.date) -> dt.date:
        if spec["role"] == "current":
            first_day = anchor + dt.timedelta(days=spec["lead_days"])
            return first_day + dt.timedelta(days=(spec["weekday"] - first_day.weekday()) % 7)
        current = next(e for e in content.EDITIONS if e["brand"] == spec["brand"] and e["role"] == "current")
        return self.edition_dates(current, anchor) - dt.timedelta(weeks=spec["weeks_back"])

    def load_edition(self, spec, anchor: dt.date):
        brand = self.brands[spec["brand"]]
        venue = self.venues[spec["venue"]]
        first_day = self.edition_dates(spec, anchor)
        year = first_day.year
        slug = f"{spec['brand']}-{year}"

        def at(day: int, hhmm: str) -> dt.datetime:
            hour, minute = map(int, hhmm.split(":"))
            return dt.datetime.combine(first_day + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=TZ)

        zh = EventPage.objects.child_of(self.indexes[ZH]).filter(slug=slug).first()
        self.report.add("event pages (zh-hans)", zh is None)
        if zh is None:
            sessions = [
                EventSession(
                    locale=self.zh,
                    title=item[ZH]["title"],
                    description=item[ZH]["description"],
                    start=at(item["day"], item["start"]),
                    end=at(item["day"], item["end"]),
                    room=venue["rooms"][item["room"]] if item["room"] else None,
                    speakers=[self.speakers[key][ZH] for key in item["speakers"]],
                    sort_order=i,
                )
                for i, item in enumerate(spec["sessions"])
            ]
            start, end = min(s.start for s in sessions), max(s.end for s in sessions)
            registration = content.REGISTRATION[spec["brand"]]
            if spec["role"] == "current":
                opens = dt.datetime.combine(anchor - dt.timedelta(days=14), dt.time(9), tzinfo=TZ)
            else:
                opens = dt.datetime.combine(first_day - dt.timedelta(days=90), dt.time(9), tzinfo=TZ)
            closes = dt.datetime.combine(first_day - dt.timedelta(days=10), dt.time(23, 59), tzinfo=TZ)
            hero = self.edition_hero(spec, brand, venue, year)
            zh = EventPage(
                locale=self.zh,
                slug=slug,
                title=spec[ZH]["title"].format(year=year),
                brand=brand[ZH],
                edition_year=year,
                start=start,
                end=end,
                venue=venue[ZH],
                summary=spec[ZH]["summary"].format(year=year),
                hero_image=hero,
                body=self.body(spec, brand, ZH, year),
                registration_mode=registration["mode"],
                capacity=registration["capacity"],
                registration_opens=opens,
                registration_closes=closes,
                sessions=sessions,
            )
            self.indexes[ZH].add_child(instance=zh)
            zh.save_revision().publish()
            self.report.add("sessions (zh-hans)", True, len(sessions))
        else:
            self.report.add("sessions (zh-hans)", False, zh.sessions.count())

        en = zh.get_translation_or_none(self.en)
        self.report.add("event pages (en)", en is None)
        if en is None:
            self.translate_edition(spec, brand, zh)
        else:
            self.report.add("sessions (en)", False, en.specific.sessions.count())

    def translate_edition(self, spec, brand, zh: EventPage):
        year = zh.edition_year
        en = zh.copy_for_translation(self.en)
        en.title = spec[EN]["title"].format(year=year)
        en.summary = spec[EN]["summary"].format(year=year)
        en.body = self.body(spec, brand, EN, year)
        # The copies keep their translation key: match them to their Chinese originals.
        by_key = {s.translation_key: s.title for s in zh.sessions.all()}
        english = {item[ZH]["title"]: item[EN] for item in spec["sessions"]}
        copied = list(en.sessions.all())
        for session in copied:
            texts = english.get(by_key.get(session.translation_key))
            if texts:
                session.title = texts["title"]
                session.description = texts["description"]
        en.sessions = copied
        en.save_revision().publish()
        self.report.add("sessions (en)", True, len(copied))

    def edition_hero(self, spec, brand, venue, year: int):
        bspec = brand["spec"]
        return self.image(
            f"{year}{bspec[ZH]['short_name']}横幅 · {bspec[EN]['short_name']} {year} banner",
            lambda: images.hero(
                seed=f"{bspec['slug']}-{year}",
                primary=bspec["primary"],
                accent=bspec["accent"],
                motif=bspec["motif"],
                wordmark=bspec["wordmark"],
                caption=f"{venue[EN].city} {year}",
                chinese=bspec[ZH]["name"],
            ),
            f"{bspec['slug']}-{year}-banner.jpg",
        )

    def body(self, spec, brand, code: str, year: int) -> list:
        """The raw StreamField data of an edition's body in one language."""
        blocks = []
        for kind, value in spec["body"]:
            if kind == "rich_text":
                blocks.append(block("rich_text", value[code].format(year=year)))
            elif kind == "quote":
                text, attribution = value[code]
                blocks.append(block("quote", {"text": text, "attribution": attribution}))
            elif kind == "image":
                alt, caption = value[code]
                image = self.scene(brand, value["scene"])
                blocks.append(block("image", {"image": image_value(image, alt), "caption": caption}))
            elif kind == "gallery":
                gallery = [self.scene(brand, scene) for scene in value["scenes"]]
                items = [
                    list_item(image_value(image, scene_alt(scene, code)))
                    for image, scene in zip(gallery, value["scenes"], strict=True)
                ]
                blocks.append(block("gallery", {"title": value[code], "images": items}))
            elif kind == "speakers":
                items = [list_item(self.speakers[key][code].pk) for key in value["speakers"]]
                blocks.append(block("speakers", {"title": value[code], "speakers": items}))
            else:
                raise ValueError(f"Unknown demo block {kind!r}")
        return blocks


PORTRAIT_BACKGROUNDS = ["#0B4F6C", "#1B5E3B", "#5B3A6E", "#7A2E2E", "#2F4858"]


def block(kind: str, value) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def list_item(value) -> dict:
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def image_value(image, alt_text: str) -> dict:
    return {"image": image.pk, "alt_text": alt_text, "decorative": False}


def scene_alt(scene: str, code: str) -> str:
    label = content.SCENES[scene][code]
    return f"{label}（示意图）" if code == ZH else f"Illustration: {label}"
