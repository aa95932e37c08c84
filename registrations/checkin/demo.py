"""Demo check-in for the upcoming Xiangjiang Forum: a main gate in and out, the banquet hall for the
welcome banquet admitting only some categories, and one scanner device for trying the scanner.

Idempotent: points are made only for an event without any; the device is made again only when the
token kept in its file (`.local/checkin-device-token` for `make run`) no longer works (a fresh
database, a revoked device).
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.models import EventPage
from registrations.checkin.domain.devices import create_device, device_for_token
from registrations.checkin.domain.points import event_sessions, save_point
from registrations.checkin.models import CheckinPoint
from registrations.domain.events import config_for

TOKEN_FILE = Path(settings.BASE_DIR) / ".local" / "checkin-device-token"
BANQUET_TITLE = "欢迎宴会"  # made by the logistics demo
BANQUET_CATEGORIES = ("vip", "official", "delegation", "speaker")


def demo_event():
    page = (
        EventPage.objects.filter(
            brand__slug="xiangjiang-forum", locale__language_code="zh-hans", end__gte=timezone.now()
        )
        .order_by("start")
        .first()
    )
    return config_for(page) if page is not None else None


def load_checkin(token_file: Path = TOKEN_FILE) -> tuple[int, str | None]:
    """Give the demo forum its check-in points and a device; return how many points were made and the token."""
    config = demo_event()
    if config is None:
        return 0, None
    made = 0
    with transaction.atomic():
        if not CheckinPoint.objects.filter(event=config).exists():
            made = _points(config)
        token = _device(config, token_file)
    return made, token


def _points(config) -> int:
    save_point(config=config, name_zh="主入口", name_en="Main gate", direction=CheckinPoint.Direction.ENTRY)
    save_point(
        config=config, name_zh="主出口", name_en="Main gate exit", direction=CheckinPoint.Direction.EXIT,
        multiple_entry=True,
    )  # fmt: skip
    banquet = event_sessions(config).filter(title=BANQUET_TITLE).first()
    save_point(
        config=config,
        name_zh="宴会厅",
        name_en="Banquet hall",
        session=banquet,
        categories=config.categories.filter(code__in=BANQUET_CATEGORIES),
        opens=banquet.start - dt.timedelta(hours=1) if banquet else None,
        closes=banquet.end if banquet else None,
    )
    return 3


def _device(config, token_file: Path) -> str:
    token = token_file.read_text(encoding="utf-8").strip() if token_file.exists() else ""
    device = device_for_token(token)
    if device is not None and device.event_id == config.pk:
        return token
    _, token = create_device(config=config, name="演示扫码机 Demo scanner")
    token_file.parent.mkdir(parents=True, exist_ok=True)
    token_file.touch(mode=0o600, exist_ok=True)
    token_file.write_text(token + "\n", encoding="utf-8")
    return token
