"""People on their phones: what a user does in the sandbox, delivered to the real Application.

Each action puts an update into the sandbox as Telegram would, then hands every pending update
to the PTB Application and waits until it has been handled, so tests never wait for time.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update

from bot.app import BotApplication
from telegram_sandbox import ChatMessage, Sandbox


@dataclass
class Telegram:
    """The sandbox and the bot it serves, driven update by update."""

    sandbox: Sandbox
    application: BotApplication

    async def deliver(self) -> None:
        """Let the bot handle every update waiting in the sandbox."""
        while updates := self.sandbox.take_updates():
            for data in updates:
                await self.application.process_update(Update.de_json(data, self.application.bot))

    def person(self, first_name: str, user_id: int, language: str = "en", last_name=None) -> Phone:
        """Someone with Telegram on their phone."""
        self.sandbox.add_user(
            first_name, last_name=last_name, user_id=user_id, language_code=language
        )
        return Phone(self, user_id)


@dataclass
class Phone:
    """One person's chat with the bot."""

    telegram: Telegram
    user_id: int

    @property
    def _sandbox(self) -> Sandbox:
        return self.telegram.sandbox

    async def send(self, text: str) -> ChatMessage:
        """Type and send text; returns the bot's newest message afterwards."""
        self._sandbox.send_text(self.user_id, text)
        await self.telegram.deliver()
        return self.last

    async def open(self, link: str) -> ChatMessage:
        """Open a t.me deep link (as tapping it or scanning its QR code does)."""
        self._sandbox.open_link(self.user_id, link)
        await self.telegram.deliver()
        return self.last

    async def press(self, button_text: str) -> ChatMessage:
        """Press the button of that label on the newest bot message showing it."""
        self._sandbox.press(self.user_id, button_text)
        await self.telegram.deliver()
        return self.last

    async def press_forged(self, message: ChatMessage, callback_data: str) -> ChatMessage:
        """A modified client sends a callback query with data of its own under a bot message."""
        user = self._sandbox.user(self.user_id)
        assert message.raw is not None
        update = {
            "update_id": 10**9,
            "callback_query": {
                "id": "forged-query",
                "from": user.to_json(),
                "message": message.raw,
                "chat_instance": "forged",
                "data": callback_data,
            },
        }
        application = self.telegram.application
        await application.process_update(Update.de_json(update, application.bot))
        return self.last

    async def do(self, action, *args) -> ChatMessage:
        """Any other sandbox action of this person (send_sticker, send_photo …)."""
        action(self.user_id, *args)
        await self.telegram.deliver()
        return self.last

    @property
    def last(self) -> ChatMessage:
        """The bot's newest message in this chat."""
        return self._sandbox.last_bot_message(self.user_id)

    @property
    def messages(self) -> list[ChatMessage]:
        """The bot's messages, oldest first."""
        return self._sandbox.bot_messages(self.user_id)

    def texts(self) -> list[str]:
        """What the bot has written: each message's text or caption."""
        return [m.text or m.caption or "" for m in self.messages]
