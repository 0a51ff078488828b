"""Bot API methods on receiving updates: getUpdates (long polling) and the webhook settings."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from telegram_sandbox.errors import TERMINATED_BY_OTHER, WEBHOOK_ACTIVE, bad_request, conflict
from telegram_sandbox.params import Params
from telegram_sandbox.world import Webhook, World

SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
MAX_POLL_SECONDS = 50


def _allowed_updates(params: Params) -> list[str] | None:
    allowed = params.nested("allowed_updates")
    if allowed is not None and not (
        isinstance(allowed, list) and all(isinstance(kind, str) for kind in allowed)
    ):
        raise bad_request("can't parse allowed_updates JSON object")
    return allowed


async def get_updates(world: World, params: Params) -> list[dict[str, Any]]:
    """getUpdates: confirm by offset, answer at once or wait up to timeout seconds."""
    if world.webhook is not None:
        raise conflict(WEBHOOK_ACTIVE)
    queue = world.updates
    offset = params.integer("offset", 0) or 0
    limit = min(max(params.integer("limit", 100) or 100, 1), 100)
    timeout = min(max(params.integer("timeout", 0) or 0, 0), MAX_POLL_SECONDS)
    queue.allow(_allowed_updates(params))
    queue.confirm(offset)
    generation = queue.begin_poll()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        batch = queue.peek(limit)
        remaining = deadline - loop.time()
        if batch or remaining <= 0 or world.closed:
            return batch
        await queue.arrived.wait(remaining)
        if queue.poll_generation != generation:
            raise conflict(TERMINATED_BY_OTHER)
        if world.webhook is not None:
            raise conflict(WEBHOOK_ACTIVE)


async def set_webhook(world: World, params: Params) -> bool:
    """setWebhook; an empty url removes it. The sandbox also accepts plain http URLs."""
    url = (params.text("url") or "").strip()
    if not url:
        return await delete_webhook(world, params)
    if not url.startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.text("secret_token")
    if secret is not None and not SECRET_TOKEN.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = params.integer("max_connections", 40) or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    world.updates.allow(_allowed_updates(params))
    if params.flag("drop_pending_updates"):
        world.updates.drop()
    world.webhook = Webhook(url, secret, max_connections)
    world.updates.arrived.notify()
    world.touch()
    return True


async def delete_webhook(world: World, params: Params) -> bool:
    """deleteWebhook, optionally dropping the pending updates."""
    if params.flag("drop_pending_updates"):
        world.updates.drop()
    world.webhook = None
    world.updates.arrived.notify()
    world.touch()
    return True


async def get_webhook_info(world: World, params: Params) -> dict[str, Any]:
    """getWebhookInfo: the url ("" when none), pending updates and the last delivery error."""
    info: dict[str, Any] = {
        "url": world.webhook.url if world.webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(world.updates.pending),
    }
    webhook = world.webhook
    if webhook is None:
        return info
    info["max_connections"] = webhook.max_connections
    if world.updates.allowed is not None:
        info["allowed_updates"] = sorted(world.updates.allowed)
    if webhook.last_error_date is not None:
        info["last_error_date"] = webhook.last_error_date
        info["last_error_message"] = webhook.last_error_message
    return info
