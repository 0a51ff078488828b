"""What tests and the web chat read: users, messages as a chat shows them, callback answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SandboxUser:
    """A Telegram user of the sandbox; their private chat with the bot has the same id."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None

    @property
    def display_name(self) -> str:
        """First and last name, as Telegram clients show a person."""
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def to_json(self) -> dict[str, Any]:
        """Telegram's User object."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                user[key] = getattr(self, key)
        return user

    def chat_json(self) -> dict[str, Any]:
        """Telegram's Chat object of this user's private chat with the bot."""
        chat = {k: v for k, v in self.to_json().items() if k not in ("is_bot", "language_code")}
        return {**chat, "type": "private"}


@dataclass(frozen=True)
class Button:
    """An inline keyboard button: a callback button, a URL button, or another kind (neither)."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ChatMessage:
    """A message of a private chat in its current state, from either side."""

    message_id: int
    from_bot: bool
    date: int
    text: str | None = None
    caption: str | None = None
    photo_file_id: str | None = None
    document_file_id: str | None = None
    document_name: str | None = None
    buttons: list[list[Button]] = field(default_factory=list)
    edited: bool = False
    raw: dict[str, Any] | None = None

    @classmethod
    def from_json(cls, message: dict[str, Any]) -> ChatMessage:
        """The chat's view of a Telegram Message object."""
        photo = message.get("photo") or []
        document = message.get("document") or {}
        keyboard = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        return cls(
            message_id=message["message_id"],
            from_bot=bool(message.get("from", {}).get("is_bot")),
            date=message["date"],
            text=message.get("text"),
            caption=message.get("caption"),
            photo_file_id=photo[-1]["file_id"] if photo else None,
            document_file_id=document.get("file_id"),
            document_name=document.get("file_name"),
            buttons=[
                [
                    Button(b["text"], callback_data=b.get("callback_data"), url=b.get("url"))
                    for b in row
                ]
                for row in keyboard
            ],
            edited="edit_date" in message,
            raw=message,
        )

    @property
    def button_texts(self) -> list[str]:
        """The labels of all inline buttons, row by row."""
        return [button.text for row in self.buttons for button in row]

    def button(self, text: str) -> Button:
        """The inline button with this label; LookupError when the message has none such."""
        for row in self.buttons:
            for button in row:
                if button.text == text:
                    return button
        raise LookupError(f"no button {text!r} on message {self.message_id}: {self.button_texts}")


@dataclass(frozen=True)
class CallbackAnswer:
    """The bot's answerCallbackQuery: the toast (or alert) a person saw after pressing."""

    query_id: str
    text: str | None
    show_alert: bool
