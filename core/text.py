"""Text as people type it: refused when it holds something that is not text at all."""

from __future__ import annotations

from core.errors import ErrorCode, InvalidInput

NOT_TEXT = (
    "This holds characters that are not text (it is not valid UTF-8), so nothing was saved. "
    "Type it again."
)


def ensure_text(value: str) -> str:
    """The value as it is, or InvalidInput when it is no text: lone surrogates, a NUL."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(NOT_TEXT, code=ErrorCode.NOT_TEXT) from None
    if "\x00" in value:  # a NUL is no character of any text, and PostgreSQL stores none
        raise InvalidInput(NOT_TEXT, code=ErrorCode.NOT_TEXT)
    return value
