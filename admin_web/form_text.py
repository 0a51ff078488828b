"""Form fields are text: an urlencoded body or query string that is not UTF-8 is refused.

Starlette decodes form fields with errors="replace", so `%FF%FE` would arrive as "\ufffd\ufffd"
and be saved as such. Every route of the admin web is a TextFormRoute: it checks the raw bytes
strictly before FastAPI parses the form or any dependency or service sees a field.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from admin_web.errors import FormNotText

URLENCODED = "application/x-www-form-urlencoded"


def is_text(raw: bytes) -> bool:
    """Whether every name and value of an urlencoded string decodes as UTF-8, strictly."""
    for pair in raw.split(b"&"):
        for part in pair.split(b"=", 1):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8", errors="strict")
            except UnicodeDecodeError:
                return False
    return True


async def form_is_text(request: Request) -> bool:
    """Whether the request's form fields are text (a body that is not urlencoded is not read).

    The admin web's forms are all urlencoded; Starlette keeps the body read here for the form.
    """
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != URLENCODED:
        return True
    return is_text(await request.body())


def query_is_text(request: Request) -> bool:
    """Whether the fields of the request's query string (a GET form's) are text."""
    raw: bytes = request.scope.get("query_string", b"")
    return is_text(raw)


class TextFormRoute(APIRoute):
    """A route that refuses fields which are not text before anything reads them."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """FastAPI's handler, behind the check of the query string and the form body."""
        handle = super().get_route_handler()

        async def handle_text_only(request: Request) -> Response:
            # request.body() keeps the bytes, so FastAPI's form parsing reads them again.
            if not query_is_text(request) or not await form_is_text(request):
                raise FormNotText()
            return await handle(request)

        return handle_text_only
