"""Guests of several scripts who attend the forum, a delegation, a brand logo, and readers of PDFs and QR codes.

Test modules take its fixtures with `from tests.checkin.badge_support import *`.
"""

import io

import pypdfium2
import pytest
import zxingcpp
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from pypdf import PdfReader

from registrations.domain.actions import answer_invitation, invite_guests
from registrations.models import Delegation
from tests.registrations.conftest import config, forum_page, guest_category, make_person
from tests.registrations.test_backoffice import make_staff, other_config, superuser


def attend(config, category, person, delegation=None):
    (registration,) = invite_guests(event=config, people=[person], category=category)
    registration = answer_invitation(registration=registration, accept=True)
    if delegation is not None:
        registration.delegation = delegation
        registration.save(update_fields=["delegation"])
    return registration


@pytest.fixture
def delegations(config):
    return {
        "moscow": Delegation.objects.create(event=config, name="Moscow delegation", country="RU"),
        "cairo": Delegation.objects.create(event=config, name="Cairo delegation", country="EG"),
    }


@pytest.fixture
def vip_category(config):
    return config.categories.get(code="vip")


@pytest.fixture
def cast(config, guest_category, vip_category, delegations):
    """Five attending guests: Russian and Arabic names in their own script, a Chinese name, a
    British guest with a Chinese name, and one of no delegation."""
    return {
        "ivan": attend(
            config,
            guest_category,
            make_person(
                1,
                family_name="Петров",
                given_name="Иван",
                romanised_family_name="Petrov",
                romanised_given_name="Ivan",
                chinese_name="伊万·彼得罗夫",
                language="ru",
                country="RU",
                organisation="Московский университет",
            ),
            delegations["moscow"],
        ),
        "mohamed": attend(
            config,
            vip_category,
            make_person(
                2,
                family_name="عبدالله",
                given_name="محمد",
                romanised_family_name="Abdullah",
                romanised_given_name="Mohamed",
                chinese_name="穆罕默德",
                language="ar",
                country="EG",
                organisation="Cairo University",
            ),
            delegations["cairo"],
        ),
        "wang": attend(
            config,
            guest_category,
            make_person(
                3,
                family_name="王",
                given_name="小明",
                romanised_family_name="Wang",
                romanised_given_name="Xiaoming",
                language="zh-hans",
                country="CN",
                organisation="湖南大学",
            ),
            delegations["moscow"],
        ),
        "anna": attend(
            config,
            guest_category,
            make_person(4, family_name="Brown", given_name="Anna", chinese_name="安娜", organisation="British Council"),
        ),
        "boris": attend(
            config,
            guest_category,
            make_person(5, family_name="Abramov", given_name="Boris", language="ru", country="RU"),
            delegations["cairo"],
        ),
    }


@pytest.fixture
def logo(config, forum_page, settings, tmp_path):
    """A red square as the brand's logo, stored under a temporary MEDIA_ROOT."""
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = io.BytesIO()
    PILImage.new("RGB", (240, 80), (158, 27, 50)).save(buffer, format="PNG")
    image = Image(title="湘江论坛标志", file=ImageFile(io.BytesIO(buffer.getvalue()), name="logo.png"))
    image.save()
    brand = forum_page.brand
    brand.logo = image
    brand.save(update_fields=["logo"])
    config.refresh_from_db()  # its page, and the page's brand, are read again
    return image


def pdf_reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def pdf_page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in pdf_reader(content).pages]


def page_size_mm(page) -> tuple[float, float]:
    box = page.mediabox
    return round(float(box.width) * 25.4 / 72, 2), round(float(box.height) * 25.4 / 72, 2)


def qr_codes_on_page(content: bytes, index: int = 0, scale: float = 4) -> list[str]:
    """The QR codes an independent decoder (zxing-cpp) reads on one page rendered to pixels (pdfium)."""
    document = pypdfium2.PdfDocument(content)
    image = document[index].render(scale=scale).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode]


def qr_codes_in_png(content: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(PILImage.open(io.BytesIO(content)))]


__all__ = [
    "attend",
    "cast",
    "config",
    "delegations",
    "forum_page",
    "guest_category",
    "logo",
    "make_person",
    "make_staff",
    "other_config",
    "page_size_mm",
    "pdf_page_texts",
    "pdf_reader",
    "qr_codes_in_png",
    "qr_codes_on_page",
    "superuser",
    "vip_category",
]
