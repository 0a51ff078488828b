"""`SandboxRequest`: PTB's request interface answered by the sandbox in-process, no sockets.

Any base URL works as long as its path ends as Telegram's do: `…/bot<token>/<method>` for
methods and `…/file/bot<token>/<file_path>` for downloads. FleetCrew uses
`SANDBOX_BASE_URL` and `SANDBOX_BASE_FILE_URL`, whose host resolves nowhere on purpose.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote, urlsplit

from telegram.request import BaseRequest, RequestData

from telegram_sandbox.errors import BotApiError, not_found
from telegram_sandbox.params import UploadedFile
from telegram_sandbox.sandbox import Sandbox

SANDBOX_BASE_URL = "http://sandbox.local/bot"
SANDBOX_BASE_FILE_URL = "http://sandbox.local/file/bot"
FILE_PATH = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
METHOD_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[^/]+)$")


class SandboxRequest(BaseRequest):
    """Hands each Bot API request of a PTB `Bot` straight to a `Sandbox`."""

    __slots__ = ("_read_timeout", "sandbox")

    def __init__(self, sandbox: Sandbox, read_timeout: float | None = 5.0) -> None:
        self.sandbox = sandbox
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout PTB adds to getUpdates' long-poll timeout."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open: there is no connection."""

    async def shutdown(self) -> None:
        """Nothing to close: there is no connection."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer with Telegram's status code and JSON body (or the file's bytes)."""
        path = unquote(urlsplit(url).path)
        try:
            if download := FILE_PATH.search(path):
                content, _ = self.sandbox.download(download["token"], download["path"])
                return 200, content
            called = METHOD_PATH.search(path)
            if called is None:
                raise not_found()
            params = request_data.json_parameters if request_data else {}
            files = _files(request_data) if request_data else {}
            result = await self.sandbox.call(called["token"], called["method"], params, files)
        except BotApiError as error:
            return error.error_code, json.dumps(error.to_json()).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()


def _files(request_data: RequestData) -> dict[str, UploadedFile]:
    files = {}
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        files[name] = (filename, data, mime_type)
    return files
