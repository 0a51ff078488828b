"""Files the admin web hands out: their names, in letters and digits every file system and
browser takes, and a CSV file as a download."""

from __future__ import annotations

import re
import unicodedata

from starlette.responses import Response

_NOT_A_NAME = re.compile(r"[^a-z0-9]+")


def name_part(text: str, *, default: str, limit: int = 60) -> str:
    """Text as part of a file name: `Berlin Süd` → `berlin-sud`; default when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_A_NAME.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-") or default


def csv_download(data: bytes, name: str) -> Response:
    """The CSV file, downloaded under this name."""
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
