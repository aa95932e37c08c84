"""Finding an event's registration settings from any of its page translations."""

from django.db import transaction

from events.models import EventPage
from registrations.models import Category, EventConfig

DEFAULT_CATEGORIES = [
    ("vip", "贵宾", "VIP", "#9E1B32"),
    ("official", "官员", "Official", "#1F4E79"),
    ("delegation", "代表团成员", "Delegation member", "#2E7D32"),
    ("guest", "嘉宾", "Guest", "#6A1B9A"),
    ("speaker", "演讲嘉宾", "Speaker", "#E65100"),
    ("press", "媒体", "Press", "#455A64"),
    ("contestant", "参赛选手", "Contestant", "#00838F"),
    ("staff", "工作人员", "Staff", "#5D4037"),
]


def source_page(page: EventPage) -> EventPage:
    """The first page of the event's translations: the one registrations hang on."""
    return EventPage.objects.filter(translation_key=page.translation_key).order_by("pk").first()


@transaction.atomic
def config_for(page: EventPage) -> EventConfig:
    """The event's registration settings, created with the usual guest categories on first use."""
    source = source_page(page)
    config, created = EventConfig.objects.get_or_create(event=source)
    if created:
        Category.objects.bulk_create(
            Category(event=config, code=code, name_zh=zh, name_en=en, colour=colour, sort_order=i)
            for i, (code, zh, en, colour) in enumerate(DEFAULT_CATEGORIES)
        )
    return config
