"""The sandbox's state in a JSON file, so a restart keeps its people, chats and files."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import json
import logging
import os
from pathlib import Path
from typing import Any

from telegram_sandbox.snapshots import SandboxUser
from telegram_sandbox.world import Chat, StoredFile, Webhook, World

FORMAT = 1
SAVE_DELAY_SECONDS = 0.2
log = logging.getLogger(__name__)


class StateFile:
    """Loads the world from path when it exists; saves it shortly after each change."""

    def __init__(self, path: Path, world: World, *, explicit_token: bool) -> None:
        self.path = path
        self.world = world
        self._pending: asyncio.TimerHandle | None = None
        if path.exists():
            try:
                self._load(json.loads(path.read_text(encoding="utf-8")), explicit_token)
            except (OSError, ValueError, KeyError, TypeError):
                # A damaged file must not stop FleetCrew: start afresh and overwrite it.
                log.exception("Ignoring %s: it could not be read as sandbox state", self.path)
        world.listeners.append(self.schedule)

    def schedule(self) -> None:
        """Save soon: changes that come together are written once."""
        if self._pending is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.save()
            return
        self._pending = loop.call_later(SAVE_DELAY_SECONDS, self.save)

    def save(self) -> None:
        """Write the state now, atomically (a temporary file renamed over the old one)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(_dump(self.world)), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            log.exception("Could not save the sandbox state to %s", self.path)
            with contextlib.suppress(OSError):
                temporary.unlink()

    def _load(self, data: dict[str, Any], explicit_token: bool) -> None:
        if data.get("format") != FORMAT:
            log.warning("Ignoring %s: not a sandbox state file of format %s", self.path, FORMAT)
            return
        chats = {}
        for saved in data["chats"]:
            chat = Chat(
                user=SandboxUser(**saved["user"]),
                messages={m["message_id"]: m for m in saved["messages"]},
                next_message_id=saved["next_message_id"],
                blocked=saved["blocked"],
                reply_keyboard=saved["reply_keyboard"],
            )
            chats[chat.user.id] = chat
        files = {}
        for saved in data["files"]:
            content = base64.b64decode(saved.pop("content"))
            files[saved["file_id"]] = StoredFile(content=content, **saved)
        commands = {(scope, language): cmds for scope, language, cmds in data["commands"]}
        webhook = Webhook(**data["webhook"]) if data["webhook"] else None
        allowed = data["updates"]["allowed"]
        # Everything was read: only now does the world change.
        world = self.world
        if not explicit_token and data["bot"]["username"] == world.bot_username:
            world.token, world.bot_id = data["bot"]["token"], data["bot"]["id"]
        world.chats, world.files, world.commands, world.webhook = chats, files, commands, webhook
        world.updates.pending = data["updates"]["pending"]
        world.updates.next_id = data["updates"]["next_id"]
        world.updates.allowed = frozenset(allowed) if allowed is not None else None
        world.next_file_number = data["next_file_number"]


def _dump(world: World) -> dict[str, Any]:
    files = []
    for file in world.files.values():
        saved = dataclasses.asdict(file)
        saved["content"] = base64.b64encode(file.content).decode("ascii")
        files.append(saved)
    return {
        "format": FORMAT,
        "bot": {"id": world.bot_id, "token": world.token, "username": world.bot_username},
        "chats": [
            {
                "user": dataclasses.asdict(chat.user),
                "messages": list(chat.messages.values()),
                "next_message_id": chat.next_message_id,
                "blocked": chat.blocked,
                "reply_keyboard": chat.reply_keyboard,
            }
            for chat in world.chats.values()
        ],
        "files": files,
        "commands": [[scope, language, cmds] for (scope, language), cmds in world.commands.items()],
        "webhook": dataclasses.asdict(world.webhook) if world.webhook else None,
        "updates": {
            "pending": world.updates.pending,
            "next_id": world.updates.next_id,
            "allowed": sorted(world.updates.allowed) if world.updates.allowed is not None else None,
        },
        "next_file_number": world.next_file_number,
    }
