"""Reading a box's QNR from a photo of its label: every symbology, real-life photos, bad input."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from PIL import Image, ImageFilter

from cloudboxx import MalformedQnr
from core.label_images import SYMBOLOGIES, label_png, photo_without_code_png
from core.labels import MAX_PIXELS, LabelReading, qnrs_in, read_label, read_label_off_loop

QNR = "38429DA427AB7C25"
OTHER_QNR = "0F1E2D3C4B5A6978"


def photographed(label, *, angle=0.0, scale=1.0, blur=0.0, noise=0.0, tilt=0.0, size=(1600, 1200)):
    """The label stuck on a grey box and photographed: turned, scaled, tilted, blurred, noisy."""
    sticker = Image.open(io.BytesIO(label)).convert("RGB")
    sticker = sticker.resize((round(sticker.width * scale), round(sticker.height * scale)))
    sticker = sticker.rotate(angle, expand=True, fillcolor=(96, 98, 104))
    scene = Image.new("RGB", size, (96, 98, 104))
    scene.paste(sticker, ((size[0] - sticker.width) // 2, (size[1] - sticker.height) // 2))
    if tilt:
        # The phone held below the box: the far edge of the picture comes out narrower.
        w, h = size
        squeeze = tilt * w
        scene = scene.transform(
            size,
            Image.Transform.QUAD,
            (-squeeze, 0, -0.0, h, w, h, w + squeeze, 0),
            Image.Resampling.BILINEAR,
            fillcolor=(96, 98, 104),
        )
    if blur:
        scene = scene.filter(ImageFilter.GaussianBlur(blur))
    if noise:
        grain = Image.effect_noise(size, 64).convert("RGB")
        scene = Image.blend(scene, grain, noise)
    return jpeg(scene)


def jpeg(image, **options):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, **options)
    return buffer.getvalue()


def png_claiming(width, height):
    """A PNG header for an image of width × height, with hardly any pixel data behind it."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    pixels = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("symbology", SYMBOLOGIES)
def test_each_kind_of_label_reads_its_qnr(symbology):
    reading = read_label(label_png(QNR, symbology))

    assert reading == LabelReading(qnrs=(QNR,), code_found=True)
    assert reading.qnr == QNR


def test_a_datamatrix_label_photo_reads_its_qnr():
    photo = photographed(label_png(QNR, "datamatrix"), angle=12, scale=0.8, noise=0.1)

    assert read_label(photo).qnr == QNR


@pytest.mark.parametrize(
    ("symbology", "angle"),
    # A barcode's scan line must cross every bar: it is photographed more nearly level.
    [("qr", 23), ("datamatrix", 23), ("code128", 8)],
)
def test_a_label_photographed_at_an_angle_still_reads(symbology, angle):
    photo = photographed(label_png(QNR, symbology), angle=angle, tilt=0.12)

    assert read_label(photo).qnr == QNR


@pytest.mark.parametrize("symbology", SYMBOLOGIES)
def test_a_small_blurred_grainy_label_photo_still_reads(symbology):
    photo = photographed(label_png(QNR, symbology), scale=0.7, blur=0.8, noise=0.12)

    assert read_label(photo).qnr == QNR


def test_a_label_held_upside_down_still_reads():
    photo = photographed(label_png(QNR, "code128"), angle=180)

    assert read_label(photo).qnr == QNR


def test_a_photo_taken_sideways_reads_as_the_phone_says_it_was_held():
    sideways = Image.open(io.BytesIO(photographed(label_png(QNR, "qr")))).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 8  # orientation: turn 90° counter-clockwise to show upright

    assert read_label(jpeg(sideways, exif=exif)).qnr == QNR


def test_a_full_resolution_phone_photo_reads_in_good_time():
    photo = photographed(label_png(QNR, "qr"), scale=3.0, size=(6000, 4500))

    started = time.perf_counter()
    reading = read_label(photo)

    assert reading.qnr == QNR
    assert time.perf_counter() - started < 5  # the decoder sees a downscaled photo


def test_a_photo_without_a_code_says_no_code_was_found():
    reading = read_label(photo_without_code_png())

    assert reading == LabelReading()
    assert reading.qnr is None


def test_a_code_that_holds_no_qnr_is_found_but_gives_none():
    label = label_png(QNR, "qr", content="https://cloudboxx.example/manual/installation")

    assert read_label(label) == LabelReading(code_found=True)


def test_a_qnr_at_the_end_of_a_url_is_read():
    label = label_png(QNR, "qr", content=f"https://cloudboxx.example/box/{QNR.lower()}")

    assert read_label(label).qnrs == (QNR,)


def test_two_labels_in_one_photo_give_both_qnrs():
    left = Image.open(io.BytesIO(label_png(QNR, "qr")))
    right = Image.open(io.BytesIO(label_png(OTHER_QNR, "datamatrix")))
    scene = Image.new("RGB", (left.width + right.width + 120, 800), (96, 98, 104))
    scene.paste(left, (40, 80))
    scene.paste(right, (left.width + 80, 80))

    reading = read_label(jpeg(scene))

    assert sorted(reading.qnrs) == sorted([QNR, OTHER_QNR])
    assert reading.qnr is None


def test_the_same_qnr_twice_in_one_photo_counts_once():
    label = Image.open(io.BytesIO(label_png(QNR, "qr")))
    scene = Image.new("RGB", (label.width * 2 + 120, 800), "white")
    scene.paste(label, (40, 80))
    scene.paste(Image.open(io.BytesIO(label_png(QNR, "code128"))), (label.width + 80, 80))

    assert read_label(jpeg(scene)).qnrs == (QNR,)


def test_a_code_on_a_transparent_background_reads():
    label = Image.open(io.BytesIO(label_png(QNR, "qr"))).convert("L")
    ink = label.point(lambda value: 255 - value)  # opaque where the label is dark
    transparent = Image.new("RGBA", label.size, (0, 0, 0, 0))
    transparent.putalpha(ink)
    buffer = io.BytesIO()
    transparent.save(buffer, format="PNG")

    assert read_label(buffer.getvalue()).qnr == QNR


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, this is a text message",
        b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
        label_png(QNR)[:2000],  # a photo cut off in transfer
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n",  # never handed to Ghostscript
    ],
    ids=["empty", "text", "pdf", "truncated-png", "eps"],
)
def test_bytes_that_are_no_image_say_so(data):
    assert read_label(data) == LabelReading(not_an_image=True)


@pytest.mark.parametrize(
    ("width", "height"),
    [(8000, 6000), (12_000, 8000), (50_000, 50_000)],
    ids=["over-our-cap", "over-pillows-warning", "over-pillows-limit"],
)
def test_an_image_claiming_too_many_pixels_is_refused_undecoded(width, height):
    assert width * height > MAX_PIXELS
    started = time.perf_counter()

    reading = read_label(png_claiming(width, height))

    assert reading == LabelReading(too_many_pixels=True)
    assert time.perf_counter() - started < 1


async def test_reading_off_the_event_loop_gives_the_same_reading():
    label = label_png(QNR, "datamatrix")

    assert await read_label_off_loop(label) == read_label(label)


@pytest.mark.parametrize(
    ("text", "qnrs"),
    [
        ("38429da427ab7c25", [QNR]),
        ("3842 9DA4 27AB 7C25", [QNR]),
        (f"QNR:{QNR}", [QNR]),
        (f"QNR{QNR}", [QNR]),
        (f"box {QNR} or {OTHER_QNR}", [QNR, OTHER_QNR]),
        (QNR + "0", []),  # 17 hex digits are no QNR
        ("123e4567-e89b-12d3-a456-426614174000", []),
        ("CloudBoxx", []),
    ],
)
def test_the_qnrs_in_a_codes_text(text, qnrs):
    assert qnrs_in(text) == qnrs


def test_a_label_picture_needs_a_real_qnr_and_a_known_symbology():
    with pytest.raises(MalformedQnr):
        label_png("not a qnr")
    with pytest.raises(ValueError, match="symbology"):
        label_png(QNR, "aztec")
