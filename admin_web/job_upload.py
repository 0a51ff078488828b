"""A CSV file sent to the import page: its size before the body is read, then the file itself.

The body's size is checked first, by its Content-Length and then byte by byte as it arrives,
before anything (not even the CSRF check) parses the form: a file over the limit is refused
without being read whole. What passes is read from the form as bytes and a name fit to show;
what the bytes hold (text or not, rows or none) is core's to say, with the file's other problems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive

from admin_web.downloads import name_part
from admin_web.errors import UploadTooBig
from admin_web.form_text import TextFormRoute
from core.job_files import MAX_BYTES

MB = 1024 * 1024
MAX_FILE_BYTES = MAX_BYTES
# The form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024
MAX_NAME_LENGTH = 120
DEFAULT_NAME = "upload.csv"
_UNSHOWN = re.compile(r"[\x00-\x1f\x7f]")


class UploadRefused(Exception):
    """The form holds no file the import can check."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """The file as sent: its bytes and a name that is safe to show and to store."""

    name: str
    data: bytes


def too_big_message(limit: int = MAX_FILE_BYTES) -> str:
    """What the page says about a file over the limit."""
    return (
        f"The file is larger than {limit // MB} MB, so FleetCrew did not read it and nothing was "
        "imported. Split it into smaller files and upload them one by one."
    )


class UploadRoute(TextFormRoute):
    """A route that refuses a body over the upload limit before anything reads it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The text-checking handler, behind the check of the body's size."""
        handle = super().get_route_handler()
        limit = MAX_FILE_BYTES + FORM_OVERHEAD

        async def handle_within_limit(request: Request) -> Response:
            length = request.headers.get("content-length", "")
            if length and (not length.isdigit() or int(length) > limit):
                raise UploadTooBig(too_big_message())
            counted = Request(request.scope, _counted(request.receive, limit))
            try:
                return await handle(counted)
            finally:
                await counted.close()  # the file's temporary copy, however the request ended

        return handle_within_limit


def _counted(receive: Receive, limit: int) -> Receive:
    # A body sent without a Content-Length (or longer than it said) stops at the limit.
    received = 0

    async def receive_within_limit() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise UploadTooBig(too_big_message())
        return message

    return receive_within_limit


async def read_upload(form: FormData, field: str = "file") -> UploadedFile:
    """The CSV file of the form, or UploadRefused saying why there is none to check."""
    upload = form.get(field)
    if not isinstance(upload, UploadFile) or not (upload.filename or "").strip():
        raise UploadRefused("Choose a CSV file to upload: no file was sent, so nothing was read.")
    name = shown_file_name(upload.filename or "")
    data = await upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UploadRefused(too_big_message())
    return UploadedFile(name, data)


def shown_file_name(raw: str) -> str:
    """A file name sent by a browser, fit to show and store: no folders, no control characters.

    The name is user input: some browsers send a whole path, and a name may hold control or
    bidirectional characters that would make it read differently from what it is.
    """
    name = re.split(r"[\\/]", raw)[-1]
    name = "".join(
        character
        for character in unicodedata.normalize("NFC", name)
        if unicodedata.category(character) not in {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}
    )
    name = " ".join(_UNSHOWN.sub(" ", name).split()).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if not dot or len(extension) > 10:
            stem, dot, extension = name, "", ""
        name = f"{stem[: MAX_NAME_LENGTH - len(dot + extension) - 1]}…{dot}{extension}"
    return name or DEFAULT_NAME


def download_name(name: str, suffix: str) -> str:
    """A file name for a download made from an upload: `berlin-cars-failing-rows.csv`."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{name_part(stem, default='jobs', limit=80)}-{suffix}.csv"
