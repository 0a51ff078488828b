"""The bot over real HTTP: polling with PTB's own HTTPX request, webhook mode with its secret,
and the bot's username from getMe.

The sandbox's Bot API is served by uvicorn on 127.0.0.1 and FleetCrew is configured with a token
and FLEETCREW_TELEGRAM_BASE_URL, exactly as for a self-hosted Bot API server.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from pydantic import AnyHttpUrl, SecretStr
from starlette.applications import Starlette
from starlette.routing import BaseRoute
from telegram.request import HTTPXRequest

from bot.webhook import LARGEST_UPDATE, SECRET_HEADER, WEBHOOK_PATH, webhook_secret
from core.links import LinkKind
from core.settings import SettingsError
from fleetcrew.links import TelegramUnreachable, start_url
from fleetcrew.runtime import configure_logging, running_services
from fleetcrew.telegram import TelegramMode, build_telegram
from telegram_sandbox import Sandbox, bot_api_routes
from tests.local_server import served


class Routes:
    """A Starlette app whose routes can be added after it started serving."""

    def __init__(self, routes: list[BaseRoute]) -> None:
        self.app = Starlette(routes=routes)

    def add(self, routes: list[BaseRoute]) -> None:
        self.app.router.routes.extend(routes)


@pytest.fixture
async def bot_api(sandbox: Sandbox) -> AsyncIterator[tuple[str, Routes]]:
    """The sandbox's Bot API on 127.0.0.1."""
    routes = Routes(bot_api_routes(sandbox))
    async with served(routes.app) as url:
        yield url, routes


def telegram_settings(services, sandbox: Sandbox, server: str, public_url: str | None = None):
    return services.settings.model_copy(
        update={
            "telegram_token": SecretStr(sandbox.token),
            "telegram_base_url": AnyHttpUrl(server),
            "public_url": AnyHttpUrl(public_url) if public_url else None,
        }
    )


async def test_polling_over_http_answers_start(services, sandbox, bot_api):
    server, _routes = bot_api
    face = build_telegram(telegram_settings(services, sandbox, server), services)
    assert face.mode == TelegramMode.POLLING
    assert isinstance(face.application.bot.request, HTTPXRequest)
    sandbox.add_user("Nina", user_id=4343, language_code="en")

    await face.start()
    try:
        sandbox.send_text(4343, "/start")
        await sandbox.wait_for(lambda: bool(sandbox.bot_messages(4343)))
    finally:
        await face.stop()

    assert sandbox.last_bot_message(4343).text.startswith("👋 Hello Nina!")
    assert [command for command, _ in sandbox.commands] == ["start", "jobs", "help", "team", "lang"]


async def test_webhook_mode_sets_the_webhook_and_answers_what_telegram_posts(
    services, sandbox, bot_api
):
    server, routes = bot_api
    face = build_telegram(telegram_settings(services, sandbox, server, public_url=server), services)
    assert face.mode == TelegramMode.WEBHOOK
    routes.add(face.routes)
    sandbox.add_user("Nina", user_id=4343, language_code="de")

    await face.start()
    try:
        assert sandbox.webhook.url == server + WEBHOOK_PATH
        assert sandbox.webhook.secret_token == webhook_secret(
            services.settings.secret_key.get_secret_value()
        )
        sandbox.send_text(4343, "/help")
        await sandbox.wait_for(lambda: bool(sandbox.bot_messages(4343)))
    finally:
        await face.stop()

    assert sandbox.last_bot_message(4343).text.startswith("👋 Hallo Nina!")


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", "x" * 300])
async def test_webhook_refuses_updates_without_the_right_secret(services, sandbox, bot_api, secret):
    server, routes = bot_api
    face = build_telegram(telegram_settings(services, sandbox, server, public_url=server), services)
    routes.add(face.routes)
    sandbox.add_user("Nina", user_id=4343)
    sandbox.send_text(4343, "/help")
    update = sandbox.take_updates()[0]
    headers = {SECRET_HEADER: secret} if secret is not None else {}

    await face.start()
    try:
        async with httpx.AsyncClient(base_url=server) as client:
            refused = await client.post(WEBHOOK_PATH, json=update, headers=headers)
            garbage = await client.post(
                WEBHOOK_PATH, content=b"not json", headers={SECRET_HEADER: face.secret}
            )
    finally:
        await face.stop()

    assert refused.status_code == 403
    assert garbage.status_code == 400
    assert sandbox.bot_messages(4343) == []


@pytest.fixture
def fleetcrew_logging():
    """FleetCrew's logging set up as `fleetcrew run` does, and put back afterwards."""
    names = ("", "httpx", "alembic")
    levels = {name: logging.getLogger(name).level for name in names}
    handlers = list(logging.getLogger().handlers)
    configure_logging()
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    logging.getLogger().handlers[:] = handlers


async def test_the_bot_token_never_reaches_the_log(
    services, sandbox, bot_api, caplog, fleetcrew_logging
):
    server, _routes = bot_api
    caplog.set_level(logging.DEBUG, logger="telegram")
    caplog.set_level(logging.INFO)
    face = build_telegram(telegram_settings(services, sandbox, server), services)
    sandbox.add_user("Nina", user_id=4343)

    await face.start()
    try:
        sandbox.send_text(4343, "/start")
        await sandbox.wait_for(lambda: bool(sandbox.bot_messages(4343)))
    finally:
        await face.stop()

    # FleetCrew's side only: the access log of the server standing in for Telegram is not ours.
    ours = [r.getMessage() for r in caplog.records if r.name != "uvicorn.access"]
    assert any("Application started" in line for line in ours)
    assert not [line for line in ours if sandbox.token.split(":")[1] in line]


@pytest.mark.parametrize("body", [b"null", b'"x"', b"[]", b"1", b"{not json"])
async def test_webhook_answers_400_to_json_that_is_not_an_update(services, sandbox, bot_api, body):
    server, routes = bot_api
    face = build_telegram(telegram_settings(services, sandbox, server, public_url=server), services)
    routes.add(face.routes)

    async with httpx.AsyncClient(base_url=server) as client:
        answer = await client.post(
            WEBHOOK_PATH,
            content=body,
            headers={SECRET_HEADER: face.secret, "content-type": "application/json"},
        )

    assert answer.status_code == 400


async def test_with_a_token_links_lead_to_the_bot_getme_names(services, sandbox, bot_api):
    server, _routes = bot_api
    settings = telegram_settings(services, sandbox, server).model_copy(
        update={"telegram_bot_username": None}
    )

    assert await start_url(settings) == "https://t.me/FleetCrewTestBot?start="
    async with running_services(settings) as running:
        link = running.links.issue(LinkKind.INVITATION)
    assert link.url.startswith("https://t.me/FleetCrewTestBot?start=inv_")


async def test_a_bot_username_override_in_another_case_is_the_same_bot(services, sandbox, bot_api):
    server, _routes = bot_api
    settings = telegram_settings(services, sandbox, server).model_copy(
        update={"telegram_bot_username": "fleetcrewtestbot"}
    )

    assert await start_url(settings) == "https://t.me/FleetCrewTestBot?start="


async def test_a_bot_username_that_is_not_the_tokens_bot_refuses_to_start(
    services, sandbox, bot_api
):
    server, _routes = bot_api
    settings = telegram_settings(services, sandbox, server).model_copy(
        update={"telegram_bot_username": "SomeoneElsesBot"}
    )

    with pytest.raises(SettingsError) as refused:
        await start_url(settings)

    assert str(refused.value) == (
        "FLEETCREW_TELEGRAM_BOT_USERNAME: the token belongs to @FleetCrewTestBot, not "
        "@SomeoneElsesBot; correct it or leave it unset"
    )


async def test_a_token_telegram_does_not_know_refuses_to_start_without_showing_it(
    services, sandbox, bot_api
):
    server, _routes = bot_api
    unknown = f"{sandbox.bot_id}:" + "B" * 35
    settings = telegram_settings(services, sandbox, server).model_copy(
        update={"telegram_token": SecretStr(unknown)}
    )

    with pytest.raises(SettingsError, match=r"^FLEETCREW_TELEGRAM_TOKEN: .*getMe refused it"):
        await start_url(settings)
    with pytest.raises(SettingsError) as refused:
        await start_url(settings)
    assert "B" * 35 not in str(refused.value)


async def test_telegram_out_of_reach_is_said_in_one_line(services, sandbox):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nobody = f"http://127.0.0.1:{closed.getsockname()[1]}"
    settings = telegram_settings(services, sandbox, nobody)

    with pytest.raises(TelegramUnreachable) as refused:
        await start_url(settings)

    assert str(refused.value).startswith(f"Telegram at {nobody} did not answer getMe")
    assert sandbox.token not in str(refused.value)


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        ({}, "http://127.0.0.1:8000/sandbox/open?start="),
        ({"port": 8011}, "http://127.0.0.1:8011/sandbox/open?start="),
        (
            {"public_url": AnyHttpUrl("https://demo.example.com"), "sandbox": "on"},
            "https://demo.example.com/sandbox/open?start=",
        ),
    ],
)
async def test_with_the_sandbox_links_lead_to_its_open_page(services, update, expected):
    settings = services.settings.model_copy(update={"telegram_token": None, **update})

    assert await start_url(settings) == expected


async def test_the_sandbox_runs_on_fleetcrews_clock(services, clock):
    settings = services.settings.model_copy(update={"telegram_token": None})
    face = build_telegram(settings, services)
    assert face.sandbox is not None
    face.sandbox.add_user("Nina", user_id=4343)

    clock.advance(timedelta(days=3))
    face.sandbox.send_text(4343, "hello")

    (message,) = face.sandbox.transcript(4343)
    assert message.date == int(clock.now().timestamp())
    await face.sandbox.aclose()


async def test_the_webhook_stops_reading_a_chunked_body_at_the_limit(services, sandbox):
    face = build_telegram(
        telegram_settings(services, sandbox, "http://127.0.0.1:1", public_url="https://x.test"),
        services,
    )
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        while True:  # a sender that never stops: only reading it tells its size
            sent += 64 * 1024
            await asyncio.sleep(0)  # as a network would, let others (the timeout) run
            yield b" " * (64 * 1024)

    app = Starlette(routes=face.routes)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://fleetcrew.test"
    ) as client:
        async with asyncio.timeout(10):
            answer = await client.post(
                WEBHOOK_PATH, content=endless(), headers={SECRET_HEADER: face.secret}
            )

    assert answer.status_code == 413
    assert sent <= LARGEST_UPDATE + 64 * 1024 * 2


async def test_the_webhook_refuses_an_oversized_chunked_update_over_http(
    services, sandbox, bot_api
):
    server, routes = bot_api
    face = build_telegram(telegram_settings(services, sandbox, server, public_url=server), services)
    routes.add(face.routes)

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b" " * (64 * 1024)

    async with httpx.AsyncClient(base_url=server) as client:
        answer = await client.post(
            WEBHOOK_PATH, content=chunks(), headers={SECRET_HEADER: face.secret}
        )

    assert answer.status_code == 413
