"""The Bot API over HTTP on 127.0.0.1: PTB's own HTTPXRequest, and every body Telegram takes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Bot, InputFile
from telegram.ext import ApplicationBuilder
from telegram.request import HTTPXRequest

from telegram_sandbox import Sandbox, SandboxUser, bot_api_routes, sample_png
from tests.local_server import served

from .echo_bot import add_echo_handlers


@pytest.fixture
async def api_url(sandbox: Sandbox) -> AsyncIterator[str]:
    """The sandbox's Bot API served by uvicorn; yields the server's root URL."""
    async with served(Starlette(routes=bot_api_routes(sandbox))) as url:
        yield url


@pytest.fixture
async def http_bot(sandbox: Sandbox, api_url: str) -> AsyncIterator[Bot]:
    """A PTB Bot talking HTTP to the sandbox."""
    bot = Bot(
        sandbox.token,
        base_url=f"{api_url}/bot",
        base_file_url=f"{api_url}/file/bot",
        request=HTTPXRequest(),
        get_updates_request=HTTPXRequest(),
    )
    async with bot:
        yield bot


async def test_ptbs_own_http_request_sends_uploads_and_downloads(
    http_bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    content = sample_png(12, 9)
    sent = await http_bot.send_photo(petra.id, content, caption="label")
    file = await http_bot.get_file(sent.photo[-1].file_id)

    assert bytes(await file.download_as_bytearray()) == content
    document = await http_bot.send_document(petra.id, InputFile(b"a,b\n", filename="x.csv"))
    assert document.document is not None and document.document.file_name == "x.csv"
    assert [m.caption for m in sandbox.bot_messages(petra.id)] == ["label", None]


async def test_an_application_long_polls_over_http(
    sandbox: Sandbox, api_url: str, petra: SandboxUser
) -> None:
    application = (
        ApplicationBuilder()
        .token(sandbox.token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .build()
    )
    add_echo_handlers(application)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=10)
        sandbox.send_text(petra.id, "over the wire")
        await sandbox.wait_for(lambda: len(sandbox.bot_messages(petra.id)) == 1)
        await application.updater.stop()
        await application.stop()

    assert sandbox.last_bot_message(petra.id).text == "You said: over the wire"


async def test_parameters_arrive_as_query_json_form_or_multipart(
    sandbox: Sandbox, api_url: str, petra: SandboxUser
) -> None:
    base = f"{api_url}/bot{sandbox.token}"
    keyboard = {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}
    async with httpx.AsyncClient() as client:
        by_query = await client.get(
            f"{base}/sendMessage", params={"chat_id": petra.id, "text": "1"}
        )
        by_json = await client.post(
            f"{base}/sendMessage",
            json={"chat_id": petra.id, "text": "2", "reply_markup": keyboard},
        )
        by_form = await client.post(
            f"{base}/sendMessage",
            data={"chat_id": str(petra.id), "text": "3", "reply_markup": json.dumps(keyboard)},
        )
        by_multipart = await client.post(
            f"{base}/sendPhoto",
            data={"chat_id": str(petra.id), "caption": "4"},
            files={"photo": ("p.png", sample_png(), "image/png")},
        )

    for response in (by_query, by_json, by_form, by_multipart):
        assert response.status_code == 200
        assert response.json()["ok"] is True
    assert by_json.json()["result"]["reply_markup"] == keyboard
    assert by_form.json()["result"]["reply_markup"] == keyboard
    texts = [m.text or m.caption for m in sandbox.bot_messages(petra.id)]
    assert texts == ["1", "2", "3", "4"]


async def test_errors_come_back_in_telegrams_shape_and_status(
    sandbox: Sandbox, api_url: str, petra: SandboxUser
) -> None:
    base = f"{api_url}/bot{sandbox.token}"
    async with httpx.AsyncClient() as client:
        chat_missing = await client.post(f"{base}/sendMessage", json={"chat_id": 1, "text": "x"})
        wrong_token = await client.get(f"{api_url}/bot1:nope/getMe")
        unknown_method = await client.get(f"{base}/sendPigeon")
        no_file = await client.get(f"{api_url}/file/bot{sandbox.token}/photos/file_7.png")
        sandbox.block_bot(petra.id)
        blocked = await client.post(f"{base}/sendMessage", json={"chat_id": petra.id, "text": "x"})

    assert (chat_missing.status_code, chat_missing.json()) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
    )
    assert (wrong_token.status_code, wrong_token.json()["description"]) == (401, "Unauthorized")
    assert (unknown_method.status_code, unknown_method.json()["description"]) == (404, "Not Found")
    assert no_file.status_code == 404
    assert blocked.json() == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }


async def test_a_webhook_on_a_real_socket_receives_updates_with_the_secret_header() -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    async def webhook(request: Request) -> Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        received.append((secret, await request.json()))
        return Response(status_code=200)

    sandbox = Sandbox(bot_username="FleetCrewTestBot")
    user = sandbox.add_user("Tom", user_id=700002)
    async with served(Starlette(routes=[Route("/hook", webhook, methods=["POST"])])) as url:
        await sandbox.call(
            sandbox.token, "setWebhook", {"url": f"{url}/hook", "secret_token": "abc"}
        )
        update_id = sandbox.send_text(user.id, "via webhook")
        await sandbox.wait_for(lambda: len(received) == 1)
        await sandbox.aclose()

    ((secret, update),) = received
    assert secret == "abc"
    assert update["update_id"] == update_id
    assert update["message"]["text"] == "via webhook"
    assert sandbox.take_updates() == []
