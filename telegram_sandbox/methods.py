"""The Bot API's method table and the one entry point every face calls."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from telegram_sandbox import account, media, messaging, receiving
from telegram_sandbox.errors import BotApiError, not_found, too_many_requests, unauthorized
from telegram_sandbox.params import Params
from telegram_sandbox.world import World

Method = Callable[[World, Params], Awaitable[Any]]

METHODS: dict[str, Method] = {
    name.lower(): method
    for name, method in {
        "getMe": account.get_me,
        "setMyCommands": account.set_my_commands,
        "getMyCommands": account.get_my_commands,
        "deleteMyCommands": account.delete_my_commands,
        "getUpdates": receiving.get_updates,
        "setWebhook": receiving.set_webhook,
        "deleteWebhook": receiving.delete_webhook,
        "getWebhookInfo": receiving.get_webhook_info,
        "sendMessage": messaging.send_message,
        "editMessageText": messaging.edit_message_text,
        "editMessageCaption": messaging.edit_message_caption,
        "editMessageReplyMarkup": messaging.edit_message_reply_markup,
        "deleteMessage": messaging.delete_message,
        "answerCallbackQuery": messaging.answer_callback_query,
        "sendChatAction": messaging.send_chat_action,
        "sendPhoto": media.send_photo,
        "sendDocument": media.send_document,
        "getFile": media.get_file,
    }.items()
}
"""Method names are case-insensitive on Telegram, so the table is keyed in lower case."""


def simulate_rate_limit(
    world: World, method: str, retry_after: int, times: int, chat_id: int | None = None
) -> None:
    """Answer the next `times` calls of method (to chat_id only, if given) with 429."""
    if method.lower() not in METHODS:
        raise ValueError(f"the sandbox has no Bot API method {method!r}")
    if retry_after < 1 or times < 1:
        raise ValueError("retry_after and times are at least 1")
    world.rate_limits[(method.lower(), chat_id)] = [retry_after, times]


async def call_method(world: World, token: str, method: str, params: Params) -> Any:
    """Run one Bot API call as Telegram would; raises BotApiError with Telegram's answer."""
    if token != world.token:
        raise unauthorized()
    handler = METHODS.get(method.lower())
    if handler is None:
        raise not_found()
    _count_against_rate_limit(world, method.lower(), params)
    result = await handler(world, params)
    # A copy as plain JSON, so no caller can change the sandbox's own records.
    return json.loads(json.dumps(result))


def _count_against_rate_limit(world: World, method: str, params: Params) -> None:
    """Flood control, as simulated: a limit on this call's chat first, then one on every call."""
    chat_id = _chat_id(params)
    keys = [(method, chat_id), (method, None)] if chat_id is not None else [(method, None)]
    for key in keys:
        limit = world.rate_limits.get(key)
        if limit is None:
            continue
        retry_after, times = limit
        if times <= 1:
            del world.rate_limits[key]
        else:
            limit[1] = times - 1
        raise too_many_requests(retry_after)


def _chat_id(params: Params) -> int | None:
    try:
        return params.integer("chat_id")
    except BotApiError:  # an @username, or nonsense: the method itself answers that
        return None
