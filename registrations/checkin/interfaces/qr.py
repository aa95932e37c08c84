"""QR codes as SVG (pages, badges) and PNG (email, download), at error correction M.

A pass code is upper-case base32, so the qrcode library encodes it in alphanumeric mode.
"""

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def _qr(text: str, border: int) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    qr.add_data(text)
    qr.make(fit=True)
    return qr


def qr_svg(text: str, *, border: int = 4) -> str:
    """An SVG element of one path, scaling to its container (its viewBox is in modules)."""
    image = _qr(text, border).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def qr_png(text: str, *, box_size: int = 8, border: int = 4) -> bytes:
    buffer = io.BytesIO()
    qr = _qr(text, border)
    qr.box_size = box_size
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
