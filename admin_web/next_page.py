"""Where sign-in returns to: the page that was asked for, if it is a local path of this site."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTH = 2000


def local_path(asked: str) -> str | None:
    """The path (and query) if it stays on this site, else None.

    Refused: anything with a scheme or host (`https://…`, `//evil.example`), backslashes
    (`/\\evil.example`, which browsers read as `//`), control characters (browsers drop tabs and
    newlines, so `/\\t/evil.example` would become `//evil.example`), and the sign-in page itself.
    """
    if not asked.startswith("/") or asked.startswith("//") or len(asked) > MAX_LENGTH:
        return None
    if "\\" in asked or any(ord(char) < 0x20 or ord(char) == 0x7F for char in asked):
        return None
    parts = urlsplit(asked)
    if parts.scheme or parts.netloc or parts.path.startswith("/login"):
        return None
    return asked
