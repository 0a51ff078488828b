"""The webhook route: Telegram POSTs updates here; only requests with our secret get in.

Telegram sends the secret given to setWebhook in the `X-Telegram-Bot-Api-Secret-Token` header;
it is compared in constant time. Accepted updates go to the Application's update queue, so the
route answers at once and the bot handles the update in the same event loop.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update

from bot.app import BotApplication

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
LARGEST_UPDATE = 1_000_000  # bytes; Telegram's updates are far smaller

log = logging.getLogger(__name__)


def webhook_secret(secret_key: str) -> str:
    """A webhook secret derived from the server's secret key, the same on every replica."""
    digest = hmac.new(secret_key.encode(), b"fleetcrew telegram webhook", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def webhook_route(application: BotApplication, secret: str, path: str = WEBHOOK_PATH) -> Route:
    """A POST route that queues the updates Telegram sends, after checking the secret."""
    expected = secret.encode()

    async def receive_update(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return Response(status_code=403)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > LARGEST_UPDATE:
            return Response(status_code=413)
        body = await _body_up_to(request, LARGEST_UPDATE)
        if body is None:
            return Response(status_code=413)
        try:
            data = json.loads(body)
            if not isinstance(data, dict):
                raise TypeError(f"a JSON {type(data).__name__}, not an object")
            update = Update.de_json(data, application.bot)
        except Exception as exc:  # whatever the body is, it is not an update: say so, don't crash
            log.warning("The webhook received something that is not an update: %s", exc)
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return Route(path, receive_update, methods=["POST"])


async def _body_up_to(request: Request, limit: int) -> bytes | None:
    """The body, read as it arrives; None as soon as it grows past limit.

    A chunked body declares no length, so only reading it tells its size: stop there, rather
    than hold whatever a sender keeps sending.
    """
    chunks = bytearray()
    async for chunk in request.stream():
        chunks += chunk
        if len(chunks) > limit:
            return None
    return bytes(chunks)
