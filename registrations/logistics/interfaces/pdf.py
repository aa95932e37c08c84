"""PDFs of protocol documents with WeasyPrint: Chinese in Noto CJK, one font set-up and stylesheet per process."""

import base64
import functools

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC = "logistics/protocol/"


@functools.cache
def _fonts():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _stylesheet(name: str):
    from weasyprint import CSS

    path = finders.find(STATIC + name)
    return CSS(filename=path, font_config=_fonts())


def render_pdf(template: str, context: dict, *, stylesheet: str) -> bytes:
    """Render a Django template to a PDF with one of this app's print stylesheets."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    document = HTML(string=html, base_url=".").render(stylesheets=[_stylesheet(stylesheet)], font_config=_fonts())
    return document.write_pdf()


def image_data_uri(image) -> str:
    """A Wagtail image as a data: URI (storage-agnostic; embedded once however many pages show it)."""
    if image is None:
        return ""
    try:
        with image.file.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        return ""
    kind = "png" if content[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg" if content[:2] == b"\xff\xd8" else "png"
    return f"data:image/{kind};base64,{base64.b64encode(content).decode()}"
