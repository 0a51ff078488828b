"""Sandbox fixtures: a clock the test moves, a sandbox, a person, and PTB bots talking to it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import Bot

from telegram_sandbox import (
    SANDBOX_BASE_FILE_URL,
    SANDBOX_BASE_URL,
    Sandbox,
    SandboxRequest,
    SandboxUser,
    sample_png,
)

START = 1_795_766_400.0  # 2026-11-27 05:20 UTC


class Clock:
    """Seconds since the epoch that move only when the test says so."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let time pass."""
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    """The sandbox's clock."""
    return Clock()


class WebhookReceiver:
    """Stands in for the bot's webhook endpoint: records each POST and answers with status."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.status = 200

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status)

    @property
    def updates(self) -> list[dict[str, Any]]:
        """The bodies received, in order."""
        return [json.loads(request.content) for request in self.requests]


@pytest.fixture
def webhook_receiver() -> WebhookReceiver:
    """Where the sandbox's webhook deliveries go: nothing leaves the process."""
    return WebhookReceiver()


@pytest.fixture
async def sandbox(clock: Clock, webhook_receiver: WebhookReceiver) -> AsyncIterator[Sandbox]:
    """A fresh sandbox for @FleetCrewTestBot, closed after the test."""
    sandbox = Sandbox(
        bot_username="FleetCrewTestBot",
        bot_name="FleetCrew Test",
        clock=clock,
        webhook_transport=httpx.MockTransport(webhook_receiver),
    )
    yield sandbox
    await sandbox.aclose()


@pytest.fixture
def petra(sandbox: Sandbox) -> SandboxUser:
    """A German-speaking partner admin with a chat with the bot."""
    return sandbox.add_user("Petra", "Admin", user_id=700001, language_code="de")


def sandbox_bot(sandbox: Sandbox, token: str | None = None) -> Bot:
    """A PTB Bot whose requests the sandbox answers in-process."""
    return Bot(
        token or sandbox.token,
        base_url=SANDBOX_BASE_URL,
        base_file_url=SANDBOX_BASE_FILE_URL,
        request=SandboxRequest(sandbox),
        get_updates_request=SandboxRequest(sandbox),
    )


@pytest.fixture
async def bot(sandbox: Sandbox) -> AsyncIterator[Bot]:
    """An initialized PTB Bot over SandboxRequest."""
    async with sandbox_bot(sandbox) as bot:
        yield bot


@pytest.fixture
def png() -> bytes:
    """A 4×3 PNG photo."""
    return sample_png(4, 3)
