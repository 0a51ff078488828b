"""The sandbox `fleetcrew run` builds offers each demo box's label, and a photo without a code."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image

from cloudboxx.demo import DEMO_BOXES
from core.container import Services
from core.labels import read_label
from fleetcrew.telegram import TelegramMode, build_telegram


async def test_the_demo_sandbox_offers_a_readable_label_of_every_demo_box(
    services: Services,
) -> None:
    face = build_telegram(services.settings, services)
    assert face.mode == TelegramMode.SANDBOX and face.sandbox is not None
    sandbox = face.sandbox
    try:
        names = sandbox.sample_photos()
        labels = {box.qnr: sandbox.sample_photo(f"Label of box {box.qnr}") for box in DEMO_BOXES}
        blank = sandbox.sample_photo("A photo without a code")
    finally:
        await sandbox.aclose()

    assert names == [*(f"Label of box {qnr}" for qnr in labels), "A photo without a code"]
    assert {qnr: read_label(label).qnr for qnr, label in labels.items()} == {q: q for q in labels}
    formats = {
        code.format
        for label in labels.values()
        for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(label)))
    }
    assert formats == {
        zxingcpp.BarcodeFormat.QRCode,
        zxingcpp.BarcodeFormat.DataMatrix,
        zxingcpp.BarcodeFormat.Code128,
    }
    assert not read_label(blank).code_found
