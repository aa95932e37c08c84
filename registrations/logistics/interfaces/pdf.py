"""PDFs of protocol documents with WeasyPrint: Chinese in Noto CJK, one font set-up and stylesheet per process.

A large batch (hundreds of visa letters) is laid out in parallel: its HTML is split into
chunks, each chunk is rendered by a process of a pool (WeasyPrint's layout is pure Python
and holds the GIL), and the chunks' pages are joined into one PDF with pypdf. Workers
receive only HTML and a stylesheet path: they never touch Django or the database.
"""

import base64
import functools
import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC = "logistics/protocol/"
# Below this many pages a pool costs more (starting processes, loading fonts) than it saves.
PARALLEL_FROM = 80


@functools.cache
def _fonts():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _stylesheet_at(path: str):
    from weasyprint import CSS

    return CSS(filename=path, font_config=_fonts())


def _stylesheet_path(name: str, static: str = STATIC) -> str:
    return finders.find(static + name)


def html_to_pdf(html: str, stylesheet_path: str) -> bytes:
    """One HTML document to PDF bytes (also what each pool worker runs)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=".").render(
        stylesheets=[_stylesheet_at(stylesheet_path)], font_config=_fonts()
    )
    return document.write_pdf()


def render_pdf(template: str, context: dict, *, stylesheet: str, static: str = STATIC) -> bytes:
    """Render a Django template to a PDF with a print stylesheet (in this app's static folder unless `static` says)."""
    return html_to_pdf(render_to_string(template, context), _stylesheet_path(stylesheet, static))


def processes() -> int:
    """How many processes lay out a large batch: the CPUs this process may use, or PROTOCOL_PDF_PROCESSES."""
    configured = os.environ.get("PROTOCOL_PDF_PROCESSES", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return os.process_cpu_count() or 1


def render_rows_pdf(
    template: str, context: dict, *, stylesheet: str, rows: str = "rows", static: str = STATIC
) -> bytes:
    """A template with many rows (a page each, such as letters) as ONE PDF, laid out in parallel when large.

    Below PARALLEL_FROM rows, or with one CPU, it is one document rendered in this process.
    Else the rows are cut into chunks (two per process, so a slow process holds no one up),
    each chunk is the same template with the same shared context (images, settings).
    """
    items = list(context[rows])
    workers = min(processes(), len(items) // (PARALLEL_FROM // 2) or 1)
    if len(items) < PARALLEL_FROM or workers < 2:
        return render_pdf(template, context, stylesheet=stylesheet, static=static)
    size = -(-len(items) // (2 * workers))
    htmls = [render_to_string(template, {**context, rows: items[i : i + size]}) for i in range(0, len(items), size)]
    path = _stylesheet_path(stylesheet, static)
    # "spawn": fresh interpreters, so no lock held by another thread of a gunicorn worker is inherited.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = list(pool.map(html_to_pdf, htmls, [path] * len(htmls)))
    return join_pdfs(parts)


def join_pdfs(parts: list[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
