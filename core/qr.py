"""QR codes of deep links: PNG for e-mails and Telegram, SVG for the admin web."""

from __future__ import annotations

import io
from typing import Any

import qrcode
from qrcode.image.pure import PyPNGImage
from qrcode.image.svg import SvgPathImage


def _code(data: str) -> qrcode.QRCode[Any]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_png(data: str) -> bytes:
    """A PNG image of a QR code that encodes data."""
    buffer = io.BytesIO()
    _code(data).make_image(image_factory=PyPNGImage).save(buffer)
    return buffer.getvalue()


def qr_svg(data: str) -> str:
    """An SVG document of a QR code that encodes data, scaled by its container."""
    buffer = io.BytesIO()
    _code(data).make_image(image_factory=SvgPathImage).save(buffer)
    return buffer.getvalue().decode()
