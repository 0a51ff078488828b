"""Image sizes read from file headers (PNG, JPEG, GIF, WebP), and a sample PNG for tests."""

from __future__ import annotations

import struct
import zlib

MIME_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


def image_format(content: bytes) -> str | None:
    """png, jpeg, gif or webp by the file's signature; None for anything else."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8"):
        return "jpeg"
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    return None


def image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG, GIF or WebP image; None when it is none of them."""
    try:
        return _size(content, image_format(content))
    except (struct.error, IndexError):
        return None


def _size(content: bytes, kind: str | None) -> tuple[int, int] | None:
    if kind == "png":
        width, height = struct.unpack(">II", content[16:24])
        return width, height
    if kind == "gif":
        width, height = struct.unpack("<HH", content[6:10])
        return width, height
    if kind == "webp":
        return _webp_size(content)
    if kind == "jpeg":
        return _jpeg_size(content)
    return None


def _webp_size(content: bytes) -> tuple[int, int] | None:
    chunk = content[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(content[24:27], "little") + 1
        height = int.from_bytes(content[27:30], "little") + 1
        return width, height
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", content[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(content[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 < len(content):
        if content[position] != 0xFF:
            return None
        marker = content[position + 1]
        length = struct.unpack(">H", content[position + 2 : position + 4])[0]
        # SOF0..SOF15 carry the frame size; C4 (DHT), C8 and CC are not frames.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", content[position + 5 : position + 9])
            return width, height
        position += 2 + length
    return None


def sample_png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (11, 92, 173)) -> bytes:
    """A valid PNG of one colour, to stand in for a photo a person takes."""
    row = b"\x00" + bytes(rgb) * width
    pixels = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
