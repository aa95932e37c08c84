"""Demo pictures drawn locally with Pillow: no network, no stock photos, no real people.

Every drawing is seeded from its title, so the same title always gives the same
picture. Text in the pictures is Latin only; a CJK font is used for an optional
decorative Chinese line when fontconfig can find one, and skipped otherwise.
"""

import functools
import math
import random
import shutil
import subprocess
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter, ImageFont

JPEG_QUALITY = 82


# Colours ---------------------------------------------------------------------------


def rgb(hex_colour: str) -> tuple[int, int, int]:
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def darker(colour, t: float = 0.35):
    return mix(colour, (0, 0, 0), t)


def lighter(colour, t: float = 0.35):
    return mix(colour, (255, 255, 255), t)


def relative_luminance(colour) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a, b) -> float:
    """WCAG contrast ratio of two colours given as (r, g, b) or #RRGGBB."""
    a = rgb(a) if isinstance(a, str) else a
    b = rgb(b) if isinstance(b, str) else b
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Fonts -----------------------------------------------------------------------------


def _fc_match(pattern: str) -> tuple[str, int] | None:
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}|%{lang}", pattern],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, rest = out.partition("|")
    index, _, langs = rest.partition("|")
    if not path:
        return None
    return path, int(index or 0), langs


@functools.cache
def latin_font_path(bold: bool = True) -> str | None:
    found = _fc_match("DejaVu Sans:bold" if bold else "DejaVu Sans")
    return found[0] if found else None


@functools.cache
def cjk_font() -> tuple[str, int] | None:
    """A font that really covers Simplified Chinese, or None."""
    for pattern in ("Noto Sans CJK SC:bold", "sans-serif:lang=zh-cn"):
        found = _fc_match(pattern)
        if found and "zh-cn" in found[2].split("|"):
            return found[0], found[1]
    return None


def font(size: int, *, bold: bool = True) -> ImageFont.ImageFont:
    path = latin_font_path(bold)
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size)


def chinese_font(size: int):
    found = cjk_font()
    if not found:
        return None
    try:
        return ImageFont.truetype(found[0], size, index=found[1])
    except OSError:
        return None


# Canvas helpers --------------------------------------------------------------------


def gradient(width: int, height: int, start, end, *, angle: float = 20.0) -> Image.Image:
    """A smooth linear gradient from `start` to `end`, running at `angle` degrees."""
    w, h = max(2, width // 8), max(2, height // 8)
    a = math.radians(angle)
    dx, dy = math.cos(a), math.sin(a)
    extent = abs(w * dx) + abs(h * dy)
    mask = Image.new("L", (w, h))
    mask.putdata(
        [
            round(255 * min(1.0, max(0.0, ((x - w / 2) * dx + (y - h / 2) * dy) / extent + 0.5)))
            for y in range(h)
            for x in range(w)
        ]
    )
    mask = mask.resize((width, height), Image.Resampling.BICUBIC)
    return Image.composite(Image.new("RGB", (width, height), end), Image.new("RGB", (width, height), start), mask)


def overlay(base: Image.Image, draw_fn) -> Image.Image:
    """Draw translucent shapes straight onto `base`, each blended with what is beneath."""
    # Pillow blends RGBA colours only when drawing on an RGB image.
    canvas = base.convert("RGB")
    draw_fn(ImageDraw.Draw(canvas, "RGBA"))
    return canvas


def text_size(draw: ImageDraw.ImageDraw, text: str, fnt) -> tuple[int, int]:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=fnt)
    return right - left, bottom - top


def to_jpeg(img: Image.Image) -> bytes:
    buffer = BytesIO()
    img.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def to_png(img: Image.Image) -> bytes:
    buffer = BytesIO()
    img.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


# Motifs ----------------------------------------------------------------------------


def _waves(draw, size, colour, rnd, *, count=9, alpha=70):
    """Flowing river lines: the Xiangjiang, and the routes of the Belt and Road."""
    width, height = size
    for i in range(count):
        base_y = height * (0.15 + 0.8 * i / count) + rnd.uniform(-20, 20)
        amplitude = rnd.uniform(height * 0.04, height * 0.12)
        wavelength = rnd.uniform(width * 0.35, width * 0.8)
        phase = rnd.uniform(0, math.tau)
        points = [
            (x, base_y + amplitude * math.sin(phase + math.tau * x / wavelength)) for x in range(-20, width + 21, 12)
        ]
        draw.line(points, fill=(*colour, alpha), width=rnd.choice((2, 3, 4, 6)), joint="curve")
        if i % 3 == 0:
            for x, y in points[:: rnd.randint(9, 14)]:
                r = rnd.choice((4, 5, 7))
                draw.ellipse((x - r, y - r, x + r, y + r), fill=(*colour, alpha + 60))


def _rings(draw, size, colour, rnd, *, count=14, alpha=80):
    """Interlocking rings: cities linked by friendship."""
    width, height = size
    for _ in range(count):
        r = rnd.uniform(height * 0.12, height * 0.45)
        x, y = rnd.uniform(0, width), rnd.uniform(-r / 2, height + r / 2)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(*colour, alpha), width=rnd.choice((3, 4, 6)))
    step = max(24, width // 40)
    for gx in range(step // 2, width, step):
        for gy in range(step // 2, height, step):
            if rnd.random() < 0.18:
                draw.ellipse((gx - 2, gy - 2, gx + 2, gy + 2), fill=(255, 255, 255, 70))


def _bridges(draw, size, colour, rnd, *, count=6, alpha=85):
    """Arched bridges over water: the Chinese Bridge."""
    width, height = size
    water = height * 0.78
    span_w = width / count
    for i in range(count + 1):
        x0 = i * span_w - span_w * 0.5 + rnd.uniform(-20, 20)
        rise = rnd.uniform(height * 0.25, height * 0.5)
        for k in range(3):
            pad = k * 16
            draw.arc(
                (x0 + pad, water - rise + pad, x0 + span_w * 1.4 - pad, water + rise - pad),
                180,
                360,
                fill=(*colour, alpha - k * 20),
                width=5 - k,
            )
    for k in range(6):
        y = water + 10 + k * 14
        draw.line([(0, y), (width, y)], fill=(255, 255, 255, 40 - k * 5), width=2)


def _hills(draw, size, colour, rnd, *, alpha=90):
    """Layered hills and sandstone pillars, for the home page's view of Hunan."""
    width, height = size
    for layer in range(4):
        base = height * (0.55 + layer * 0.12)
        points = [(0, height)]
        x = 0
        while x <= width + 40:
            points.append((x, base - rnd.uniform(0, height * 0.18) * (1 - layer * 0.2)))
            x += rnd.randint(40, 110)
        points.append((width, height))
        draw.polygon(points, fill=(*mix(colour, (0, 0, 0), layer * 0.15), alpha + layer * 30))
    for _ in range(9):
        x = rnd.uniform(width * 0.05, width * 0.95)
        w = rnd.uniform(14, 34)
        top = rnd.uniform(height * 0.25, height * 0.5)
        draw.rounded_rectangle((x, top, x + w, height), radius=int(w / 2), fill=(*darker(colour, 0.3), 120))


MOTIFS = {"waves": _waves, "rings": _rings, "bridges": _bridges, "hills": _hills}


# Pictures --------------------------------------------------------------------------


def hero(
    *, seed: str, primary: str, accent: str, motif: str, wordmark: str, caption: str = "", chinese: str = ""
) -> bytes:
    """A 1600x600 banner. Pages show it at low opacity behind their own text, so the
    wordmark stays small in a corner and the motif does the work."""
    rnd = random.Random(seed)
    width, height = 1600, 600
    p, a = rgb(primary), rgb(accent)
    img = gradient(width, height, lighter(p, 0.08), darker(p, 0.45), angle=rnd.uniform(10, 35))

    def draw(d):
        MOTIFS[motif](d, (width, height), a, rnd)
        # A soft glow, like light on water.
        cx, cy = width * rnd.uniform(0.6, 0.85), height * rnd.uniform(0.2, 0.45)
        for k in range(10, 0, -1):
            r = 24 * k
            d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*lighter(a, 0.5), 6))

    img = overlay(img, draw)
    d = ImageDraw.Draw(img, "RGBA")
    big, small = font(40), font(22, bold=False)
    w, h = text_size(d, wordmark, big)
    x, y = width - w - 56, height - h - (96 if caption else 60)
    cw = text_size(d, caption, small)[0] if caption else 0
    plate = (min(x, width - cw - 56) - 28, y - 40, width - 28, height - 28)
    d.rounded_rectangle(plate, radius=10, fill=(*darker(p, 0.55), 150))
    d.text((x, y), wordmark, font=big, fill=(255, 255, 255))
    d.rectangle((x, y - 18, x + 72, y - 12), fill=a)
    if caption:
        d.text((width - cw - 56, y + h + 16), caption, font=small, fill=lighter(a, 0.4))
    zh_font = chinese_font(30) if chinese else None
    if zh_font:
        d.text((56, 48), chinese, font=zh_font, fill=(*lighter(p, 0.75),))
    return to_jpeg(img)


def logo(*, seed: str, primary: str, accent: str, motif: str, letters: str, name: str) -> bytes:
    """A 480x480 emblem: a medallion with the motif and monogram, the name beneath."""
    rnd = random.Random(seed)
    size = 480
    p, a = rgb(primary), rgb(accent)
    img = Image.new("RGB", (size, size), (255, 255, 255))
    d = ImageDraw.Draw(img, "RGBA")
    cx, cy, r = size // 2, 200, 165
    medallion = gradient(2 * r, 2 * r, lighter(p, 0.1), darker(p, 0.3), angle=60)
    MOTIFS[motif](ImageDraw.Draw(medallion, "RGBA"), medallion.size, a, rnd, alpha=90)
    mask = Image.new("L", medallion.size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, 2 * r - 1, 2 * r - 1), fill=255)
    img.paste(medallion, (cx - r, cy - r), mask)
    d.ellipse((cx - r - 8, cy - r - 8, cx + r + 8, cy + r + 8), outline=a, width=8)
    mono = font(112)
    w, h = text_size(d, letters, mono)
    left, top, _, _ = d.textbbox((0, 0), letters, font=mono)
    d.text((cx - w / 2 - left, cy - h / 2 - top), letters, font=mono, fill=(255, 255, 255))
    label = font(34)
    while text_size(d, name, label)[0] > size - 40 and label.size > 16:
        label = font(label.size - 2)
    w, _ = text_size(d, name, label)
    d.text(((size - w) / 2, 400), name, font=label, fill=p)
    return to_png(img)


def portrait(*, seed: str, initials: str, background: str, accent: str) -> bytes:
    """A 600x600 placeholder portrait: a neutral silhouette with initials, no face."""
    rnd = random.Random(seed)
    size = 600
    bg, a = rgb(background), rgb(accent)
    img = gradient(size, size, lighter(bg, 0.15), darker(bg, 0.25), angle=rnd.uniform(50, 120))

    def draw(d):
        skin = mix(a, (255, 255, 255), 0.55)
        d.ellipse((size * 0.18, size * 0.62, size * 0.82, size * 1.3), fill=(*lighter(bg, 0.55), 235))
        d.ellipse((size * 0.33, size * 0.2, size * 0.67, size * 0.6), fill=(*skin, 235))
        d.polygon(
            [(size * 0.44, size * 0.64), (size * 0.5, size * 0.8), (size * 0.56, size * 0.64)],
            fill=(*darker(bg, 0.2), 200),
        )

    img = overlay(img, draw).filter(ImageFilter.SMOOTH)
    d = ImageDraw.Draw(img)
    mono = font(54)
    w, h = text_size(d, initials, mono)
    d.rounded_rectangle((size - w - 64, 28, size - 24, 28 + h + 32), radius=12, fill=darker(bg, 0.35))
    d.text((size - w - 44, 34), initials, font=mono, fill=(255, 255, 255))
    return to_jpeg(img)


def scene(*, seed: str, primary: str, accent: str, kind: str, label: str) -> bytes:
    """A 1200x800 illustration standing in for an event photograph."""
    rnd = random.Random(seed)
    width, height = 1200, 800
    p, a = rgb(primary), rgb(accent)
    img = gradient(width, height, lighter(p, 0.25), darker(p, 0.5), angle=90)

    def stage(d):
        d.rectangle((0, height * 0.58, width, height), fill=(*darker(p, 0.6), 255))
        d.rectangle((width * 0.12, height * 0.12, width * 0.88, height * 0.46), fill=(*lighter(p, 0.1), 255))
        d.rectangle((width * 0.12, height * 0.12, width * 0.88, height * 0.46), outline=(*a, 255), width=6)
        d.rectangle((width * 0.1, height * 0.5, width * 0.9, height * 0.6), fill=(*darker(p, 0.25), 255))
        for i in range(7):  # rows of the audience
            y = height * 0.66 + i * 40
            for j in range(22):
                x = width * 0.04 + j * 52 + (i % 2) * 26 + rnd.uniform(-4, 4)
                tone = mix((40, 40, 50), (80, 70, 70), rnd.random())
                d.ellipse((x, y, x + 26, y + 26), fill=(*tone, 255))
                d.rounded_rectangle((x - 6, y + 22, x + 32, y + 60), radius=12, fill=(*tone, 255))

    def table(d):
        d.rectangle((0, 0, width, height), fill=(*lighter(p, 0.7), 255))
        d.rounded_rectangle((width * 0.1, height * 0.45, width * 0.9, height * 0.62), radius=24, fill=(*p, 255))
        for i in range(6):
            x = width * 0.16 + i * width * 0.13
            d.ellipse((x, height * 0.25, x + 70, height * 0.25 + 70), fill=(*mix((60, 50, 50), a, 0.2), 255))
            d.rounded_rectangle((x - 20, height * 0.33, x + 90, height * 0.47), radius=30, fill=(*darker(p, 0.3), 255))
            d.rectangle((x + 10, height * 0.5, x + 60, height * 0.55), fill=(255, 255, 255, 255))
        for i in range(3):
            x = width * (0.25 + i * 0.25)
            d.line((x, height * 0.62, x, height * 0.9), fill=(*a, 255), width=5)
            d.polygon([(x, height * 0.62), (x + 80, height * 0.65), (x, height * 0.68)], fill=(*a, 255))

    def landscape(d):
        _hills(d, (width, height), a, rnd, alpha=150)
        sun = (width * rnd.uniform(0.6, 0.85), height * 0.22)
        d.ellipse((sun[0] - 60, sun[1] - 60, sun[0] + 60, sun[1] + 60), fill=(*lighter(a, 0.4), 220))

    def lanterns(d):
        d.rectangle((0, height * 0.7, width, height), fill=(*darker(p, 0.5), 255))
        for i in range(9):
            x = width * 0.08 + i * width * 0.105
            y = height * (0.18 + 0.12 * math.sin(i * 0.9))
            d.line((x + 40, 0, x + 40, y), fill=(*a, 255), width=3)
            d.ellipse((x, y, x + 80, y + 100), fill=(*mix((200, 30, 30), a, 0.2), 255))
            d.rectangle((x + 25, y - 6, x + 55, y + 6), fill=(*a, 255))
            d.rectangle((x + 25, y + 94, x + 55, y + 106), fill=(*a, 255))
        for i in range(5):
            x = width * 0.15 + i * width * 0.17
            d.ellipse((x, height * 0.52, x + 60, height * 0.6), fill=(40, 40, 50, 255))
            d.polygon(
                [(x - 30, height * 0.7), (x + 30, height * 0.58), (x + 90, height * 0.7)], fill=(*lighter(p, 0.3), 255)
            )

    drawings = {"stage": stage, "table": table, "landscape": landscape, "lanterns": lanterns}
    img = overlay(img, lambda d: drawings[kind](d))
    d = ImageDraw.Draw(img)
    small = font(24, bold=False)
    w, h = text_size(d, label, small)
    d.rectangle((0, height - h - 28, w + 40, height), fill=darker(p, 0.4))
    d.text((20, height - h - 18), label, font=small, fill=(255, 255, 255))
    return to_jpeg(img)
