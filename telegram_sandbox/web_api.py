"""The web chat's JSON endpoints: people, a chat (long-polled), and what a person does.

Every POST needs the header `X-Sandbox-Action: 1`: a page of another site cannot send a custom
header without a CORS preflight, which the sandbox never grants, so it cannot forge actions.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from telegram_sandbox.rendering import Link, message_json, user_json
from telegram_sandbox.sandbox import Sandbox

ACTION_HEADER = "x-sandbox-action"
MAX_WAIT_SECONDS = 25.0
MAX_PHOTO_BYTES = 10 * 1024 * 1024
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?")
Handler = Callable[[Request], Awaitable[Response]]
NO_STORE = {"Cache-Control": "no-store"}


def problem(message: str, status_code: int = 400) -> JSONResponse:
    """A refusal the page shows as it is."""
    return JSONResponse({"error": message}, status_code=status_code, headers=NO_STORE)


def answer(body: Any, status_code: int = 200) -> JSONResponse:
    """A JSON answer that no cache keeps."""
    return JSONResponse(body, status_code=status_code, headers=NO_STORE)


def same_site_action(handler: Handler) -> Handler:
    """Refuse a POST without the custom header or marked as cross-site by the browser."""

    async def checked(request: Request) -> Response:
        if request.headers.get(ACTION_HEADER) != "1":
            return problem("missing the X-Sandbox-Action header", 403)
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return problem("cross-site requests are refused", 403)
        try:
            return await handler(request)
        except LookupError as error:
            return problem(str(error), 404)
        except ValueError as error:
            return problem(str(error))

    return checked


async def _json_body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ValueError("send application/json")
    try:
        body = await request.json()
    except ValueError:
        raise ValueError("the body is not JSON") from None
    if not isinstance(body, dict):
        raise ValueError("the body is not a JSON object")
    return body


def _text(body: dict[str, Any], name: str, limit: int, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(f"{name.replace('_', ' ')} is required")
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(f"{name.replace('_', ' ')} must be text of at most {limit} characters")
    return value.strip()


def telegram_link(link: str, prefix: str, bot_username: str) -> str:
    """A link to the sandbox's own open page (`…/open?start=…`) as the t.me link it stands for.

    FleetCrew hands out such links while the sandbox stands in for Telegram; any other link is
    returned as it is.
    """
    parts = urlsplit(link.strip())
    start = parse_qs(parts.query, keep_blank_values=True).get("start")
    if parts.scheme in ("http", "https", "") and parts.path == f"{prefix}/open" and start:
        return start_link(bot_username, start[0])
    return link


def start_link(bot_username: str, payload: str) -> str:
    """The t.me link that sends `/start <payload>` to the bot."""
    return f"https://t.me/{bot_username}?start={quote(payload, safe='')}"


def _user_id(request: Request, sandbox: Sandbox) -> int:
    user_id: int = request.path_params["user_id"]
    try:
        sandbox.user(user_id)
    except ValueError:
        raise LookupError(f"no sandbox user {user_id}") from None
    return user_id


class WebApi:
    """The endpoints, bound to one sandbox and the prefix its pages live under."""

    def __init__(self, sandbox: Sandbox, prefix: str, link: Link) -> None:
        self.sandbox = sandbox
        self.prefix = prefix
        self.link = link

    async def list_users(self, request: Request) -> Response:
        """Everyone the page can be."""
        return answer([user_json(user) for user in self.sandbox.users()])

    async def create_user(self, request: Request) -> Response:
        """A new Telegram user: first name, optional last name, username and language."""
        body = await _json_body(request)
        language = _text(body, "language_code", 12)
        if language is not None and not LANGUAGE.fullmatch(language):
            raise ValueError("language is a code such as en, de or pt-BR")
        user = self.sandbox.add_user(
            first_name=_text(body, "first_name", 64, required=True) or "",
            last_name=_text(body, "last_name", 64),
            username=_text(body, "username", 32),
            language_code=language,
        )
        return answer(user_json(user), 201)

    async def chat(self, request: Request) -> Response:
        """The chat; with since=<version> wait (up to wait seconds) until it changes."""
        try:
            user_id = _user_id(request, self.sandbox)
        except LookupError as error:
            return problem(str(error), 404)
        since = _number(request, "since", -1)
        wait = min(max(_number(request, "wait", 0), 0), MAX_WAIT_SECONDS)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while (
            self.sandbox.version(user_id) <= since
            and not self.sandbox.closed
            and not self.sandbox.stopping
            and (left := deadline - loop.time()) > 0
        ):
            await self.sandbox.wait_for_change(left)
        if self.sandbox.stopping:
            # An error, so the page backs off instead of asking again at once while the
            # server closes its connections.
            return problem("the sandbox is stopping", 503)
        return answer(self._chat_json(user_id))

    def _chat_json(self, user_id: int) -> dict[str, Any]:
        user = self.sandbox.user(user_id)
        messages = [m.raw for m in self.sandbox.transcript(user_id) if m.raw is not None]
        return {
            "version": self.sandbox.version(user_id),
            "user": user_json(user),
            "messages": [message_json(m, self.prefix, self.link) for m in messages],
            "answers": [
                {"query_id": a.query_id, "text": a.text, "show_alert": a.show_alert}
                for a in self.sandbox.callback_answers(user_id)
            ],
            "action": self.sandbox.chat_action(user_id),
            "keyboard": self.sandbox.reply_keyboard(user_id),
            "commands": [
                {"command": c, "description": d}
                for c, d in self.sandbox.commands_for(user.language_code or "")
            ],
        }

    async def send_text(self, request: Request) -> Response:
        """The person sends text."""
        user_id = _user_id(request, self.sandbox)
        text = _text(await _json_body(request), "text", 4096, required=True) or ""
        return answer({"update_id": self.sandbox.send_text(user_id, text)})

    async def open_link(self, request: Request) -> Response:
        """The person opens a deep link: a t.me link, or a link to the sandbox's open page."""
        user_id = _user_id(request, self.sandbox)
        link = _text(await _json_body(request), "link", 2048, required=True) or ""
        telegram = telegram_link(link, self.prefix, self.sandbox.bot_username)
        return answer({"update_id": self.sandbox.open_link(user_id, telegram)})

    async def press_button(self, request: Request) -> Response:
        """The person presses a callback button."""
        user_id = _user_id(request, self.sandbox)
        body = await _json_body(request)
        message_id = body.get("message_id")
        if not isinstance(message_id, int):
            raise ValueError("message_id must be a number")
        data = _text(body, "callback_data", 64, required=True) or ""
        return answer({"query_id": self.sandbox.press_button(user_id, message_id, data)})

    async def list_samples(self, request: Request) -> Response:
        """The sample photos a person can send with one click: name and picture URL."""
        return answer(
            [
                {"name": name, "url": f"{self.prefix}/samples/{number}"}
                for number, name in enumerate(self.sandbox.sample_photos())
            ]
        )

    async def send_sample(self, request: Request) -> Response:
        """The person sends a sample photo by name (optional caption), as if uploaded."""
        user_id = _user_id(request, self.sandbox)
        body = await _json_body(request)
        name = _text(body, "name", 200, required=True) or ""
        caption = body.get("caption")
        caption_text = caption.strip()[:1024] if isinstance(caption, str) else None
        # Making a sample photo can take a moment: never on the event loop.
        content = await asyncio.to_thread(self.sandbox.sample_photo, name)
        return answer({"update_id": self.sandbox.send_photo(user_id, content, caption_text)})

    async def send_photo(self, request: Request) -> Response:
        """The person sends a photo (multipart field "photo", optional "caption")."""
        user_id = _user_id(request, self.sandbox)
        async with request.form(max_files=1, max_fields=2) as form:
            photo, caption = form.get("photo"), form.get("caption")
            if not isinstance(photo, UploadFile):
                raise ValueError("choose a photo to send")
            content = await photo.read(MAX_PHOTO_BYTES + 1)
        if len(content) > MAX_PHOTO_BYTES:
            raise ValueError("a photo is at most 10 MB")
        caption_text = caption.strip()[:1024] if isinstance(caption, str) else None
        return answer({"update_id": self.sandbox.send_photo(user_id, content, caption_text)})


def _number(request: Request, name: str, default: float) -> float:
    try:
        return float(request.query_params.get(name, default))
    except ValueError:
        return default
