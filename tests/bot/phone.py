"""People on their phones: what a user does in the sandbox, delivered to the real Application.

Each action puts an update into the sandbox as Telegram would, then hands every pending update
to the PTB Application and waits until it has been handled, and lets the outbox's sender send
what the action queued for others (the test's clock moves on when pacing asks a chat to wait),
so tests never wait for time. An action returns only what it made the bot do in this chat: the
messages it sent or changed, and its answers to button presses, so a test can say how many
there were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from telegram import Update

from bot.app import BotApplication
from bot.outbox_sender import WAKE_SECONDS, OutboxSender
from core.container import Services
from core.services import telegram_outbox
from telegram_sandbox import CallbackAnswer, ChatMessage, Sandbox

PACED_ROUNDS = 10  # how many seconds deliver() lets the clock move for messages still paced


@dataclass(frozen=True)
class Replies:
    """What the bot did in one chat in answer to one action."""

    messages: list[ChatMessage]
    answers: list[CallbackAnswer]

    @property
    def one(self) -> ChatMessage:
        """The single message the action produced; fails when there were none or several."""
        assert len(self.messages) == 1, [m.text or m.caption for m in self.messages]
        return self.messages[0]

    @property
    def answer(self) -> CallbackAnswer:
        """The single answer to the button press of the action."""
        assert len(self.answers) == 1, self.answers
        return self.answers[0]

    def __len__(self) -> int:
        return len(self.messages)

    def __iter__(self) -> Iterator[ChatMessage]:
        return iter(self.messages)

    def __getitem__(self, index: int) -> ChatMessage:
        return self.messages[index]

    def texts(self) -> list[str]:
        """Each message's text or caption."""
        return [m.text or m.caption or "" for m in self.messages]


@dataclass
class Telegram:
    """The sandbox and the bot it serves, driven update by update."""

    sandbox: Sandbox
    application: BotApplication
    services: Services
    sender: OutboxSender

    async def deliver(self) -> None:
        """Let the bot handle every update waiting in the sandbox, then send the outbox."""
        for _ in range(PACED_ROUNDS):
            await self.handle_updates()
            if await self.sender.send_due():
                continue
            if not await self._outbox_is_paced():
                return
            await self.services.sleep(WAKE_SECONDS)

    async def handle_updates(self) -> None:
        """Let the bot handle every update waiting in the sandbox (and nothing more)."""
        while updates := self.sandbox.take_updates():
            for data in updates:
                await self.application.process_update(Update.de_json(data, self.application.bot))

    async def _outbox_is_paced(self) -> bool:
        """Whether due messages wait only because their chat had one within the last second."""
        async with self.services.uow.read_only() as work:
            return await telegram_outbox.any_due(work)

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

    async def send(self, text: str) -> Replies:
        """Type and send text."""
        return await self._act(lambda: self._sandbox.send_text(self.user_id, text))

    async def open(self, link: str) -> Replies:
        """Open a deep link (as tapping it or scanning its QR code does)."""
        return await self._act(lambda: self._sandbox.open_link(self.user_id, link))

    async def press(self, button_text: str) -> Replies:
        """Press the button of that label on the newest bot message showing it."""
        return await self._act(lambda: self._sandbox.press(self.user_id, button_text))

    async def press_forged(self, message: ChatMessage, callback_data: str) -> Replies:
        """A modified client sends a callback query with data of its own under a bot message."""
        return await self._act(
            lambda: self._sandbox.press_button(
                self.user_id, message.message_id, callback_data, forged=True
            )
        )

    async def do(self, action, *args) -> Replies:
        """Any other sandbox action of this person (send_sticker, send_photo …)."""
        return await self._act(lambda: action(self.user_id, *args))

    async def _act(self, action: Callable[[], object]) -> Replies:
        before = {m.message_id: m for m in self.messages}
        answers_before = len(self._sandbox.callback_answers(self.user_id))
        action()
        await self.telegram.deliver()
        return Replies(
            messages=[m for m in self.messages if before.get(m.message_id) != m],
            answers=self._sandbox.callback_answers(self.user_id)[answers_before:],
        )

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
