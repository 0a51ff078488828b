"""Bot API methods about the bot itself: getMe and its command list."""

from __future__ import annotations

import json
import re
from typing import Any

from telegram_sandbox.errors import bad_request
from telegram_sandbox.params import Params
from telegram_sandbox.world import World

COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
MAX_COMMANDS = 100


async def get_me(world: World, params: Params) -> dict[str, Any]:
    """getMe."""
    return {
        **world.bot_json(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def _commands_key(params: Params) -> tuple[str, str]:
    scope = params.nested("scope") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope JSON object")
    return json.dumps(scope, sort_keys=True), params.text("language_code") or ""


async def set_my_commands(world: World, params: Params) -> bool:
    """setMyCommands, per scope and language as Telegram keeps them."""
    commands = params.nested("commands")
    if not isinstance(commands, list) or len(commands) > MAX_COMMANDS:
        raise bad_request("can't parse commands JSON object")
    cleaned = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name = str(command.get("command") or "").removeprefix("/")
        description = str(command.get("description") or "").strip()
        if not COMMAND_NAME.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": name, "description": description})
    world.commands[_commands_key(params)] = cleaned
    world.touch()
    return True


async def get_my_commands(world: World, params: Params) -> list[dict[str, str]]:
    """getMyCommands for a scope and language."""
    return list(world.commands.get(_commands_key(params), []))


async def delete_my_commands(world: World, params: Params) -> bool:
    """deleteMyCommands for a scope and language."""
    world.commands.pop(_commands_key(params), None)
    world.touch()
    return True
