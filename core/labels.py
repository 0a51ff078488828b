"""Reading a CloudBoxx box's QNR from a photo of its label: QR, DataMatrix or a linear barcode.

Pure (bytes in, a LabelReading out): the bot hands over a photo's bytes and says what was found.
Photos come from strangers, so decoding is guarded: only common photo formats are opened, an
image that claims too many pixels is refused before it is decoded, and whatever Pillow raises
on a broken or crafted file means "not an image".
"""

from __future__ import annotations

import asyncio
import io
import re
import struct
from dataclasses import dataclass

import zxingcpp
from PIL import (  # the plugins of PHOTO_FORMATS: Image.open(formats=…) knows only those loaded
    BmpImagePlugin,  # noqa: F401
    GifImagePlugin,  # noqa: F401
    Image,
    ImageOps,
    JpegImagePlugin,  # noqa: F401
    PngImagePlugin,  # noqa: F401
    WebPImagePlugin,  # noqa: F401
)

from cloudboxx import MalformedQnr, parse_qnr

MAX_PIXELS = 40_000_000  # a 40-megapixel photo; a larger claim is a decompression bomb
DECODE_SIDE = 2400  # longest side handed to the decoder: a label stays readable, decoding fast
# Phone cameras write JPEG, screenshots PNG, Telegram stickers WEBP. Nothing else is opened:
# other plugins (EPS runs Ghostscript) are attack surface a label photo never needs.
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP")
_CODES = zxingcpp.BarcodeFormats(
    [
        zxingcpp.BarcodeFormat.QRCode,
        zxingcpp.BarcodeFormat.DataMatrix,
        zxingcpp.BarcodeFormat.AllLinear,
    ]
)
# 16 hex digits not inside a longer run of them: "QNR:38429DA427AB7C25", ".../38429DA427AB7C25".
_QNR_TOKEN = re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{16}(?![0-9A-Fa-f])")


@dataclass(frozen=True, slots=True)
class LabelReading:
    """What a label photo showed: the distinct QNRs read, and why there are none if so."""

    qnrs: tuple[str, ...] = ()  # in the order read, each once; two means two different boxes
    code_found: bool = False  # some code was decoded, whether or not it held a QNR
    not_an_image: bool = False  # the bytes are no photo FleetCrew opens (or a broken one)
    too_many_pixels: bool = False  # an image, but larger than MAX_PIXELS: refused undecoded

    @property
    def qnr(self) -> str | None:
        """The QNR when exactly one was read, else None."""
        return self.qnrs[0] if len(self.qnrs) == 1 else None


def read_label(image: bytes) -> LabelReading:
    """Decode the codes on a label photo and the QNRs they hold (CPU-heavy: call off the loop)."""
    try:
        with Image.open(io.BytesIO(image), formats=PHOTO_FORMATS) as photo:
            if photo.width * photo.height > MAX_PIXELS:
                return LabelReading(too_many_pixels=True)
            gray = _upright_gray(photo)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own limit (above ours) as an error, or as a warning turned into one.
        return LabelReading(too_many_pixels=True)
    except (OSError, ValueError, SyntaxError, EOFError, struct.error):
        # What Pillow's plugins raise on a file that is no image, or a broken or crafted one.
        return LabelReading(not_an_image=True)
    texts = [code.text for code in zxingcpp.read_barcodes(gray, formats=_CODES)]
    qnrs = [qnr for text in texts for qnr in qnrs_in(text)]
    return LabelReading(qnrs=tuple(dict.fromkeys(qnrs)), code_found=bool(texts))


async def read_label_off_loop(image: bytes) -> LabelReading:
    """read_label in a worker thread, so decoding never blocks the event loop."""
    return await asyncio.to_thread(read_label, image)


def qnrs_in(text: str) -> list[str]:
    """The QNRs in a code's text: the whole text if it is one, else its 16-hex-digit tokens."""
    try:
        return [parse_qnr(text)]
    except MalformedQnr:
        return [parse_qnr(token) for token in _QNR_TOKEN.findall(text)]


def _upright_gray(photo: Image.Image) -> Image.Image:
    # A JPEG decodes straight to a smaller size (DCT scaling) when asked before loading.
    photo.draft("L", (DECODE_SIDE, DECODE_SIDE))
    upright = ImageOps.exif_transpose(photo)  # the way the phone was held
    if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
        # Transparent pixels are often black underneath: a code on them would vanish.
        white = Image.new("RGBA", upright.size, "white")
        upright = Image.alpha_composite(white, upright.convert("RGBA"))
    gray = upright.convert("L")
    gray.thumbnail((DECODE_SIDE, DECODE_SIDE))
    return gray
