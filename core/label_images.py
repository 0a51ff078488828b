"""Pictures of CloudBoxx box labels (and of a box without one), for the demo and the tests.

A label is what a technician finds on the box: a white sticker with the CloudBoxx heading, the
code (QR, DataMatrix or Code 128) and the QNR printed for people. The sandbox user sends these
to the bot as if photographed; the tests photograph them at an angle, blurred, side by side.
"""

from __future__ import annotations

import io

import qrcode
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from cloudboxx import parse_qnr

SYMBOLOGIES = ("qr", "datamatrix", "code128")
_CODE_SIDE = 300  # pixels the code of a matrix label is drawn at (about 3 cm at 250 dpi)
_CODE_TOP = 140  # below the heading
_MIN_WIDTH = 640
_INK, _GREY, _EDGE = (20, 20, 20), (90, 90, 90), (160, 160, 160)


def label_png(qnr: str, symbology: str = "qr", *, content: str | None = None) -> bytes:
    """A PNG of the box label of qnr; the code holds content if given, else what labels hold."""
    qnr = parse_qnr(qnr)
    code = _code_image(_label_content(qnr, symbology) if content is None else content, symbology)
    heading, small = ImageFont.load_default(size=44), ImageFont.load_default(size=26)
    width, height = max(_MIN_WIDTH, code.width + 80), _CODE_TOP + code.height + 120
    middle = width // 2
    label = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(label)
    draw.rectangle((4, 4, width - 5, height - 5), outline=_EDGE, width=3)
    draw.text((middle, 60), "CloudBoxx", font=heading, fill=_INK, anchor="mm", stroke_width=1)
    draw.text((middle, 108), "Telematics unit", font=small, fill=_GREY, anchor="mm")
    label.paste(code, ((width - code.width) // 2, _CODE_TOP))
    below = _CODE_TOP + code.height
    draw.text((middle, below + 45), f"QNR {qnr}", font=heading, fill=_INK, anchor="mm")
    draw.text(
        (middle, height - 35), "12 V · IP65 · Made in EU", font=small, fill=_GREY, anchor="mm"
    )
    return _png(label)


def photo_without_code_png() -> bytes:
    """A PNG like a photo of a grey box with printing on it but no code anywhere."""
    photo = Image.new("RGB", (900, 640), (118, 112, 104))  # the dashboard behind the box
    draw = ImageDraw.Draw(photo)
    draw.rounded_rectangle((140, 110, 760, 530), radius=28, fill=(72, 74, 78))
    draw.rounded_rectangle((160, 130, 740, 180), radius=12, fill=(88, 90, 95))
    for x in (180, 720):
        for y in (150, 510):
            draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=(150, 150, 150))
    font = ImageFont.load_default(size=40)
    draw.text((450, 300), "CloudBoxx", font=font, fill=(210, 210, 210), anchor="mm")
    draw.text(
        (450, 360),
        "do not open",
        font=ImageFont.load_default(size=26),
        fill=(190, 190, 190),
        anchor="mm",
    )
    noise = Image.effect_noise(photo.size, 18).convert("RGB")
    photo = Image.blend(photo, noise, 0.08).filter(ImageFilter.GaussianBlur(1.2))
    return _png(photo)


def _label_content(qnr: str, symbology: str) -> str:
    # QR labels say what the code is; the small DataMatrix and the barcode hold the bare QNR.
    return f"QNR:{qnr}" if symbology == "qr" else qnr


def _code_image(content: str, symbology: str) -> Image.Image:
    if symbology == "qr":
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(content)
        code.make(fit=True)
        modules = code.get_matrix()
        image = Image.new("L", (len(modules), len(modules)), 255)
        image.putdata([0 if dark else 255 for row in modules for dark in row])
        return _scaled(image, _CODE_SIDE)
    if symbology == "datamatrix":
        # Without forceSquare zxing-cpp picks a rectangular symbol for a 16-character text.
        barcode = zxingcpp.create_barcode(
            content, zxingcpp.BarcodeFormat.DataMatrix, forceSquare=True
        )
        return _scaled(Image.fromarray(zxingcpp.write_barcode_to_image(barcode)), _CODE_SIDE)
    if symbology == "code128":
        barcode = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.Code128)
        bars = Image.fromarray(zxingcpp.write_barcode_to_image(barcode, scale=3))
        return bars.resize((bars.width, 200), Image.Resampling.NEAREST)  # taller bars
    raise ValueError(f"unknown symbology {symbology!r}; use one of {', '.join(SYMBOLOGIES)}")


def _scaled(image: Image.Image, side: int) -> Image.Image:
    # Whole pixels per module, so the printed code stays crisp.
    factor = max(1, side // max(image.size))
    return image.resize((image.width * factor, image.height * factor), Image.Resampling.NEAREST)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
