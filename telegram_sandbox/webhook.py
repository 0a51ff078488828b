"""Webhook delivery: each update POSTed to the bot's URL in order, as Telegram does."""

from __future__ import annotations

import asyncio
import contextlib
import json

import httpx

from telegram_sandbox.world import Webhook, World

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_RETRY_SECONDS = 60.0


class WebhookDelivery:
    """Runs while a webhook is set: POST the oldest update, confirm it on 2xx, else retry."""

    def __init__(
        self, world: World, transport: httpx.AsyncBaseTransport | None, retry_seconds: float
    ) -> None:
        self.world = world
        self.transport = transport
        self.retry_seconds = retry_seconds
        self.task: asyncio.Task[None] | None = None

    def sync(self) -> None:
        """Start delivering when a webhook is set and a loop runs (called on every change)."""
        if self.world.webhook is None or (self.task is not None and not self.task.done()):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self.task = loop.create_task(self._run(), name="sandbox webhook delivery")

    async def stop(self) -> None:
        """Stop delivering (the sandbox is closing)."""
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None

    async def _run(self) -> None:
        failures = 0
        async with httpx.AsyncClient(transport=self.transport, timeout=10.0) as client:
            while (hook := self.world.webhook) is not None and not self.world.closed:
                pending = self.world.updates.peek(1)
                if not pending:
                    await self.world.updates.arrived.wait(None)
                    continue
                error = await _post(client, hook, pending[0])
                if self.world.webhook is not hook:
                    continue
                if error is None:
                    failures = 0
                    self.world.updates.confirm(pending[0]["update_id"] + 1)
                    self.world.touch()
                    continue
                failures += 1
                hook.last_error_date = self.world.now()
                hook.last_error_message = error
                self.world.touch()
                delay = min(self.retry_seconds * 2 ** (failures - 1), MAX_RETRY_SECONDS)
                await self.world.updates.arrived.wait(delay)


async def _post(client: httpx.AsyncClient, hook: Webhook, update: dict[str, object]) -> str | None:
    headers = {"Content-Type": "application/json"}
    if hook.secret_token:
        headers[SECRET_HEADER] = hook.secret_token
    try:
        response = await client.post(hook.url, content=json.dumps(update), headers=headers)
    except httpx.TimeoutException:
        return "Read timeout expired"
    except httpx.HTTPError as exc:
        return f"Connection failed: {exc.__class__.__name__}"
    if 200 <= response.status_code < 300:
        return None
    return f"Wrong response from the webhook: {response.status_code} {response.reason_phrase}"
