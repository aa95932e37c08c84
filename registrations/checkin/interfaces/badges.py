"""PDF badges with WeasyPrint: a CR80 card (85.6 × 54 mm, landscape) or A6 (105 × 148 mm, portrait).

Each badge carries the pass QR (inline SVG), the name in the guest's own script and in
Chinese, organisation, delegation, the category's name on a band of its colour, the
brand's logo and the event's title. A print run is one HTML document; a large one is laid
out in parallel chunks by registrations.logistics.interfaces.pdf (fonts, CJK, joining).
The logo is embedded once per document, in its <style>, not once per badge.
"""

from django.utils.safestring import mark_safe
from wagtail.models import Locale

from registrations.checkin.domain.badges import CR80, check_size
from registrations.checkin.domain.passes import PassPayload, active_key, sign
from registrations.checkin.interfaces.qr import qr_svg
from registrations.checkin.models import Pass
from registrations.logistics.interfaces.pdf import image_data_uri, render_rows_pdf

STATIC = "checkin/"
STYLESHEET = "badges.css"
LONG_NAME = 22  # characters: a longer name is set smaller to fit its line
QUIET = 2  # modules of white round the QR: with the space around it on the badge, enough for scanners


def _titles(config) -> tuple[str, str]:
    """The event's title in Chinese (the source page) and in English, where it is translated."""
    page = config.event
    english = ""
    locale = Locale.objects.filter(language_code__iexact="en").first()
    if locale is not None and page.locale_id != locale.pk:
        translation = page.get_translation_or_none(locale)
        if translation is not None and translation.title != page.title:
            english = translation.title
    return page.title, english


def _codes(config, registrations) -> dict[int, str]:
    """Each registration's pass code, with one query for the versions (passes.pass_code, in bulk)."""
    key = active_key(config=config)
    versions = dict(Pass.objects.filter(registration__in=registrations).values_list("registration_id", "version"))
    missing = [r for r in registrations if r.pk not in versions]
    if missing:
        Pass.objects.bulk_create([Pass(registration=r) for r in missing], ignore_conflicts=True)
        versions.update(Pass.objects.filter(registration__in=missing).values_list("registration_id", "version"))
    return {r.pk: sign(PassPayload(key.key_id, config.pk, r.pk, versions[r.pk]), key) for r in registrations}


def _chinese_line(person) -> str:
    chinese = person.badge_chinese_name
    return chinese if chinese and chinese != person.display_name else ""


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on the category's colour (#rrggbb)."""
    try:
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    except (TypeError, ValueError):
        return "#ffffff"
    return "#111111" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"


def badge_rows(config, registrations) -> list[dict]:
    codes = _codes(config, registrations)
    rows = []
    for registration in registrations:
        person, category = registration.person, registration.category
        rows.append(
            {
                "qr": mark_safe(
                    qr_svg(codes[registration.pk], border=QUIET, size="100%")
                ),  # our own SVG, no user text in it
                "name": person.display_name,
                "long": len(person.display_name) > LONG_NAME,
                "chinese_name": _chinese_line(person),
                "organisation": person.organisation,
                "delegation": registration.delegation.name if registration.delegation_id else "",
                "category_zh": category.name_zh,
                "category_en": category.name_en if category.name_en != category.name_zh else "",
                "colour": category.colour,
                "ink": _ink(category.colour),
            }
        )
    return rows


def badges_pdf(config, registrations, *, size: str = CR80) -> bytes:
    """The badges of these registrations, in this order, one per page, as one PDF."""
    check_size(size)
    registrations = list(registrations)
    brand = config.event.brand
    title_zh, title_en = _titles(config)
    context = {
        "size": size,
        "rows": badge_rows(config, registrations),
        "brand": brand,
        "logo_src": image_data_uri(brand.logo) if brand is not None and brand.logo_id else "",
        "title_zh": title_zh,
        "title_en": title_en,
    }
    return render_rows_pdf("checkin/badges/badges.html", context, stylesheet=STYLESHEET, static=STATIC)
