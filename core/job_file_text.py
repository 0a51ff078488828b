"""A job file's bytes as text: UTF-8 with or without BOM, or what the bytes look like — pure.

Excel on Windows saves "CSV (comma delimited)" in Windows-1252, "Unicode Text" in UTF-16, and a
workbook is a ZIP file: a manager who uploads one of those is told which it is and how to save
UTF-8 instead, with the line of the first byte that is not UTF-8.
"""

from __future__ import annotations

import codecs

UTF8_BOM = codecs.BOM_UTF8
SAVE_AS_UTF8 = (
    "Save it as UTF-8: in Excel choose File › Save As › “CSV UTF-8 (comma delimited)”, "
    "in LibreOffice tick “Edit filter settings” and choose the character set Unicode (UTF-8)."
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32 (with a byte order mark)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (with a byte order mark)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (with a byte order mark), as Excel saves “Unicode Text”"),
    (codecs.BOM_UTF16_BE, "UTF-16 (with a byte order mark)"),
)
_WORKBOOKS = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another ZIP file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)"),
    (b"%PDF", "a PDF document"),
)
_SAMPLE = 4096  # bytes looked at to tell UTF-16 without a byte order mark


class NotText(Exception):
    """The bytes are not UTF-8 text; the message says what they look like and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def file_text(data: bytes) -> str:
    """The text of a UTF-8 file (its BOM removed), or NotText saying what it looks like."""
    for magic, what in _WORKBOOKS:
        if data.startswith(magic):
            raise NotText(f"This is {what}, not a CSV file. {SAVE_AS_UTF8}")
    for bom, what in _BOMS:
        if data.startswith(bom):
            raise NotText(f"The file is not UTF-8 text: it is {what}. {SAVE_AS_UTF8}")
    utf16 = _utf16_without_bom(data[:_SAMPLE])
    if utf16 is not None:
        raise NotText(
            f"The file is not UTF-8 text: it looks like UTF-16 ({utf16}, without a byte order "
            f"mark). {SAVE_AS_UTF8}"
        )
    try:
        text = data.removeprefix(UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as bad:
        raise NotText(_not_utf8(data, bad.start)) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise NotText(
            f"The file holds a NUL character (in line {line}), which no text has: it is not a "
            f"CSV file, or it was saved in an encoding other than UTF-8. {SAVE_AS_UTF8}"
        )
    return text


def readable_text(data: bytes) -> str:
    """The file's text as well as it can be read, for showing it back: never fails."""
    for bom, codec in (
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
        (UTF8_BOM, "utf-8-sig"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _utf16_without_bom(sample: bytes) -> str | None:
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "little-endian"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "big-endian"
    return None


def _not_utf8(data: bytes, start: int) -> str:
    line = data.count(b"\n", 0, start) + 1
    byte = data[start]
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        looks = "an encoding other than UTF-8 (perhaps Latin-1, ISO-8859-1)"
        shown = f"byte 0x{byte:02X}"
    else:
        # 0x80–0x9F are letters and signs in Windows-1252 (€, „, “, –) but controls in Latin-1.
        windows = any(0x80 <= b <= 0x9F for b in data)
        looks = "Windows-1252" if windows else "Windows-1252 or Latin-1 (ISO-8859-1)"
        looks += ", as Excel saves “CSV (comma delimited)” on Windows"
        shown = f"byte 0x{byte:02X}, “{bytes([byte]).decode('cp1252')}” in Windows-1252"
    return (
        f"The file is not UTF-8 text: it looks like {looks}. The first character that is not "
        f"UTF-8 is in line {line} ({shown}). {SAVE_AS_UTF8}"
    )
