"""QR codes of the platform's verification links (certificates, issued proofs, bookings), drawn by the qrcode
library as SVG — inline in a page, or as a data URI in a PDF — never as a raster image or a remote service."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg


def qr_svg(text: str, *, size_mm: int = 30) -> str:
    """The QR code of ``text`` (error correction M, quiet zone of 4 modules) as a standalone SVG document
    ``size_mm`` millimetres wide."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text.encode())
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    width = code.modules_count + 8
    return svg.replace(
        f'width="{width}mm" height="{width}mm"', f'width="{size_mm}mm" height="{size_mm}mm"', 1
    )


def qr_data_uri(text: str, *, size_mm: int = 30) -> str:
    """The same as a ``data:`` URI, for an ``<img>`` (the CSP allows data: images; WeasyPrint reads it)."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(text, size_mm=size_mm).encode()).decode()
