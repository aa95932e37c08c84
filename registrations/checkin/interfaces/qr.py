"""QR codes as SVG (pages, badges) and PNG (email, download), at error correction M.

A pass code is upper-case base32, so the qrcode library encodes it in alphanumeric mode.
"""

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def _qr(text: str, border: int) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    qr.add_data(text)
    qr.make(fit=True)
    return qr


def qr_svg(text: str, *, border: int = 4, size: str = "") -> str:
    """An SVG element of one path, scaling to its container (its viewBox is in modules).

    The path draws each row's runs of dark modules as one rectangle: about a quarter of the
    size of one square per module, so a thousand badges lay out faster, and `crispEdges`
    keeps renderers from showing hairlines between neighbouring modules. `size` sets its width
    and height ("100%" fills a box in WeasyPrint, which does not size inline SVG by CSS);
    by default a module is a millimetre.
    """
    matrix = _qr(text, border).get_matrix()
    modules = len(matrix)
    size = size or f"{modules}mm"
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < modules:
            if row[x]:
                start = x
                while x < modules and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{size}" height="{size}" '
        f'viewBox="0 0 {modules} {modules}" shape-rendering="crispEdges">'
        f'<rect width="{modules}" height="{modules}" fill="#fff"/><path d="{"".join(runs)}" fill="#000"/></svg>'
    )


def qr_png(text: str, *, box_size: int = 8, border: int = 4) -> bytes:
    buffer = io.BytesIO()
    qr = _qr(text, border)
    qr.box_size = box_size
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
