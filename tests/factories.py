"""Building blocks for tests: brands, venues and event pages in both languages."""

from datetime import timedelta

from events.models import Brand, EventPage, EventSession, Room, Speaker, Venue


def make_brand(locale, *, slug="xiangjiang-forum", name="一带一路湘江论坛", short_name="湘江论坛", **extra):
    values = {
        "primary_colour": "#9E1B32",
        "accent_colour": "#C9A227",
        "sender_name": "湘江论坛组委会",
        "sender_email": "forum@example.org",
        "tagline": "共商 共建 共享",
    }
    values.update(extra)
    return Brand.objects.create(locale=locale, slug=slug, name=name, short_name=short_name, **values)


def translate(obj, locale, **fields):
    """Save a translation of a snippet with the given fields changed."""
    copy = obj.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def make_venue(locale, *, name="湖南国际会展中心", city="长沙", rooms=("主会场", "第一分会场")):
    venue = Venue(locale=locale, name=name, address="长沙市开福区湘江北路1177号", city=city)
    venue.rooms = [Room(locale=locale, name=room, sort_order=i) for i, room in enumerate(rooms)]
    venue.save()
    return venue


def make_speakers(locale, count):
    return [Speaker.objects.create(locale=locale, name=f"演讲嘉宾{i}", position=f"机构{i}") for i in range(count)]


def make_event(
    index,
    *,
    brand,
    start,
    title="2027一带一路湘江论坛",
    slug=None,
    venue=None,
    sessions=0,
    speakers=(),
    days=2,
    **extra,
):
    """Publish an event page under `index` with `sessions` agenda items, each with all `speakers`."""
    end = start + timedelta(days=days - 1, hours=8)
    page = EventPage(
        title=title,
        slug=slug or f"event-{start:%Y%m%d}-{brand.slug}",
        brand=brand,
        edition_year=start.year,
        start=start,
        end=end,
        venue=venue,
        summary=extra.pop("summary", "论坛聚焦共建一带一路高质量发展。"),
        **extra,
    )
    rooms = list(venue.rooms.all()) if venue else []
    page.sessions = [
        EventSession(
            locale=index.locale,
            title=f"议程{i + 1}",
            start=start + timedelta(hours=i),
            end=start + timedelta(hours=i, minutes=50),
            room=rooms[i % len(rooms)] if rooms else None,
            speakers=list(speakers),
            sort_order=i,
        )
        for i in range(sessions)
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def translate_page(page, locale, **fields):
    """Publish a translation of a page with the given fields changed."""
    copy = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy
