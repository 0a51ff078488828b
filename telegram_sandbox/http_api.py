"""The Bot API over HTTP: `/bot<token>/<method>` and `/file/bot<token>/<file_path>`.

Requests come as Telegram accepts them: query string, application/json,
x-www-form-urlencoded or multipart/form-data (with files), by GET or POST.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from telegram_sandbox.errors import BotApiError, bad_request
from telegram_sandbox.params import UploadedFile
from telegram_sandbox.sandbox import Sandbox


def bot_api_routes(sandbox: Sandbox) -> list[BaseRoute]:
    """The routes of the Bot API, to add to an ASGI app at its root."""

    async def call_method(request: Request) -> Response:
        try:
            params, files = await _read_call(request)
            result = await sandbox.call(
                request.path_params["token"], request.path_params["method"], params, files
            )
        except BotApiError as error:
            return JSONResponse(error.to_json(), status_code=error.error_code)
        return JSONResponse({"ok": True, "result": result})

    async def download_file(request: Request) -> Response:
        try:
            content, mime_type = sandbox.download(
                request.path_params["token"], request.path_params["file_path"]
            )
        except BotApiError as error:
            return JSONResponse(error.to_json(), status_code=error.error_code)
        return Response(content, media_type=mime_type)

    return [
        Route("/bot{token}/{method}", call_method, methods=["GET", "POST"]),
        Route("/file/bot{token}/{file_path:path}", download_file, methods=["GET"]),
    ]


async def _read_call(request: Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    params: dict[str, Any] = dict(request.query_params)
    files: dict[str, UploadedFile] = {}
    if request.method != "POST":
        return params, files
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("JSON object expected")
        params.update(body)
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        async with request.form() as form:
            for name, value in form.multi_items():
                if isinstance(value, UploadFile):
                    content = await value.read()
                    mime = value.content_type or "application/octet-stream"
                    files[name] = (value.filename or name, content, mime)
                else:
                    params[name] = value
    return params, files
