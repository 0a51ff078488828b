"""The sandbox's state, standing in for Telegram's servers: users, chats, files, the queue."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram_sandbox.errors import CHAT_NOT_FOUND, bad_request
from telegram_sandbox.snapshots import CallbackAnswer, SandboxUser
from telegram_sandbox.updates import Signal, UpdateQueue

Clock = Callable[[], float]
TOKEN_ALPHABET = string.ascii_letters + string.digits + "_-"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}


@dataclass
class StoredFile:
    """A file Telegram keeps: uploaded by the bot or sent by a person."""

    file_id: str
    file_unique_id: str
    kind: str
    content: bytes
    mime_type: str
    file_path: str
    file_name: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass
class Chat:
    """A person's private chat with the bot: its messages by id, in order."""

    user: SandboxUser
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_message_id: int = 1
    blocked: bool = False
    reply_keyboard: dict[str, Any] | None = None
    action: tuple[str, float] | None = None
    answers: list[CallbackAnswer] = field(default_factory=list)
    version: int = 0


@dataclass
class CallbackQueryRecord:
    """A button press waiting for answerCallbackQuery."""

    query_id: str
    user_id: int
    message_id: int
    created_at: float
    answered: bool = False


@dataclass
class Webhook:
    """setWebhook's settings and the last delivery error getWebhookInfo reports."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


def new_token(bot_id: int) -> str:
    """A token shaped like Telegram's: "<bot id>:<35 characters>"."""
    return f"{bot_id}:" + "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(35))


def _extension(file_name: str) -> str:
    extension = file_name.rpartition(".")[2] if "." in file_name else ""
    return extension.lower() if extension.isascii() and extension.isalnum() else "bin"


def new_file_ids() -> tuple[str, str]:
    """An opaque file_id and a shorter file_unique_id, in Telegram's alphabet."""
    return "AgAC" + secrets.token_urlsafe(36), "AQAD" + secrets.token_urlsafe(9)


class World:
    """Everything the Bot API and the people act on; one instance per sandbox."""

    def __init__(
        self, *, bot_username: str, bot_name: str, token: str | None, clock: Clock
    ) -> None:
        self.bot_id = int(token.split(":", 1)[0]) if token else secrets.randbelow(9 * 10**9) + 10**9
        self.token = token or new_token(self.bot_id)
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.clock = clock
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.webhook: Webhook | None = None
        # (method, chat id or None for every chat) → [retry_after, calls still to refuse]
        self.rate_limits: dict[tuple[str, int | None], list[int]] = {}
        self.updates = UpdateQueue(first_id=int(clock() * 1000))
        self.changed = Signal()
        self.next_file_number = 1
        self.listeners: list[Callable[[], None]] = []
        self.closed = False
        self.stopping = False

    def now(self) -> int:
        """The sandbox clock in whole seconds, as Telegram's dates are."""
        return int(self.clock())

    def bot_json(self) -> dict[str, Any]:
        """The bot as the `from` of its messages."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    def chat(self, chat_id: int) -> Chat:
        """The private chat with this id (== the person's user id), else 400 chat not found."""
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request(CHAT_NOT_FOUND)
        return chat

    def person(self, user_id: int) -> Chat:
        """The chat of a person acting in the sandbox; ValueError for an unknown user."""
        chat = self.chats.get(user_id)
        if chat is None:
            raise ValueError(f"no sandbox user {user_id}; add_user() first")
        return chat

    def touch(self, chat: Chat | None = None) -> None:
        """Record a change the web chat should show, and tell whoever listens."""
        if chat is not None:
            chat.version += 1
        self.changed.notify()
        for listener in self.listeners:
            listener()

    def add_message(self, chat: Chat, message: dict[str, Any]) -> dict[str, Any]:
        """Give a message the chat's next id and date and keep it."""
        stored = {"message_id": chat.next_message_id, **message}
        stored.setdefault("date", self.now())
        chat.next_message_id += 1
        chat.messages[stored["message_id"]] = stored
        chat.action = None
        return stored

    def store_file(self, kind: str, content: bytes, mime_type: str, **details: Any) -> StoredFile:
        """Keep a file under new ids and a file_path like Telegram's ("photos/file_3.jpg")."""
        file_id, unique_id = new_file_ids()
        extension = EXTENSIONS.get(mime_type) or _extension(details.get("file_name") or "")
        path = f"{kind}s/file_{self.next_file_number}.{extension}"
        self.next_file_number += 1
        stored = StoredFile(file_id, unique_id, kind, content, mime_type, path, **details)
        self.files[file_id] = stored
        return stored

    def file_by_path(self, file_path: str) -> StoredFile | None:
        """The file getFile gave this path, for the download URL."""
        return next((f for f in self.files.values() if f.file_path == file_path), None)
