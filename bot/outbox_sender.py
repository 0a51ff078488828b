"""The outbox sender: sends the Telegram messages FleetCrew queued on its own, paced.

Core says what may go now (core.services.telegram_outbox.claim_due_messages: at most one message
a second per chat, 25 a second in all, nothing to a chat Telegram asked to wait), and claims it
for this sender. The sender writes each in its recipient's language, sends them side by side
(each to another chat) outside any transaction, and records what Telegram answered:

- sent;
- 429 "retry after N": that chat waits N seconds, the others go on (so this call must not wait
  inside PTB's limiter: SEND_ONCE);
- 403 (the person blocked the bot, or never started it) or "chat not found": undeliverable;
- anything else: tried again later, with backoff, until core counts it FAILED.

It wakes every second, and at once when a commit in this process queued a message. It never
stops the process: a round that fails is logged and the next one runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from urllib.parse import urljoin

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import ExtBot

from bot import callbacks
from bot.retry_after import SEND_ONCE, Retries, retry_after_seconds
from bot.texts import DEFAULT_LANGUAGE, Html, Texts
from core.buttons import MessageButton
from core.container import Services
from core.services import telegram_outbox
from core.settings import Settings, admin_web_url
from core.views import QueuedMessage

WAKE_SECONDS = 1.0  # how often the sender looks for due messages without being woken
STOP_SECONDS = 5.0  # how long stopping waits for a round to finish before cancelling it
CHAT_NOT_FOUND = "chat not found"

log = logging.getLogger(__name__)


class OutboxSender:
    """Sends due outbox messages, round after round, in the bot's event loop."""

    def __init__(self, bot: ExtBot[Retries], services: Services) -> None:
        self._bot = bot
        self._services = services
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    async def send_due(self) -> int:
        """One round: send every message that may go now; how many were tried."""
        # A look first that takes no lock: most rounds find nothing, and a claim writes.
        async with self._services.uow.read_only() as uow:
            if not await telegram_outbox.any_due(uow):
                return 0
        async with self._services.uow() as uow:
            messages = await telegram_outbox.claim_due_messages(uow)
        outcomes = await asyncio.gather(
            *(self._send(message) for message in messages), return_exceptions=True
        )
        for message, outcome in zip(messages, outcomes, strict=True):
            if isinstance(outcome, BaseException):  # its claim runs out, then it is sent again
                log.error("Recording outbox message %s failed", message.id, exc_info=outcome)
        return len(messages)

    def start(self) -> None:
        """Run rounds in the background until stop()."""
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="telegram outbox sender")

    async def stop(self) -> None:
        """Let the round under way finish (its messages are recorded), then stop."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._services.uow.telegram_queued.set()
        _, still_running = await asyncio.wait({task}, timeout=STOP_SECONDS)
        for unfinished in still_running:  # what it claimed goes out after the lease, then
            unfinished.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await unfinished

    async def _run(self) -> None:
        queued = self._services.uow.telegram_queued
        while not self._stopping:
            queued.clear()
            try:
                await self.send_due()
            except Exception:
                log.exception("Sending the Telegram outbox failed; trying again shortly")
            if not self._stopping:
                await self._wait_for(queued)

    async def _wait_for(self, queued: asyncio.Event) -> None:
        """A second (on the services' clock), or less when a commit queues a message."""
        waits = {
            asyncio.ensure_future(queued.wait()),
            asyncio.ensure_future(self._services.sleep(WAKE_SECONDS)),
        }
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()

    async def _send(self, message: QueuedMessage) -> None:
        uow = self._services.uow
        try:
            text, markup = render(message, reachable_web_url(self._services.settings))
            # SEND_ONCE: a 429 comes back here at once, so only this chat waits (pause_chat).
            await self._bot.send_message(
                message.telegram_user_id, text, reply_markup=markup, rate_limit_args=SEND_ONCE
            )
        except RetryAfter as exc:
            seconds = retry_after_seconds(exc)
            log.info("Telegram asked to wait %s s before writing to a chat again", seconds)
            async with uow() as work:
                await telegram_outbox.pause_chat(work, message.id, seconds=seconds)
        except (Forbidden, BadRequest) as exc:
            if isinstance(exc, BadRequest) and CHAT_NOT_FOUND not in exc.message.lower():
                await self._record_failure(message, exc)
                return
            log.info("Outbox message %s cannot be delivered: %s", message.id, exc.message)
            async with uow() as work:
                await telegram_outbox.record_undeliverable(work, message.id, error=exc.message)
        except Exception as exc:
            await self._record_failure(message, exc)
        else:
            async with uow() as work:
                await telegram_outbox.record_sent(work, message.id)

    async def _record_failure(self, message: QueuedMessage, exc: Exception) -> None:
        log.warning("Outbox message %s was not sent: %r", message.id, exc)
        async with self._services.uow() as work:
            await telegram_outbox.record_failure(work, message.id, error=_describe(exc))


def reachable_web_url(settings: Settings) -> str | None:
    """The admin web's address for buttons that open it, or None where a phone cannot reach it.

    With a real bot and no public URL, the address is this machine's own, which Telegram
    refuses in a button (and the whole message with it): such buttons are left out.
    """
    if settings.public_url is None and not settings.sandbox_enabled:
        return None
    return admin_web_url(settings)


def render(message: QueuedMessage, web_url: str | None) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The message's text and buttons in its recipient's language (web_url: the admin web's)."""
    t = Texts(message.language or DEFAULT_LANGUAGE)
    rows = [
        [_button(t, button, web_url) for button in row if not button.url or web_url is not None]
        for row in message.buttons
    ]
    rows = [row for row in rows if row]
    return t(message.text_key, **message.values), InlineKeyboardMarkup(rows) if rows else None


def _button(t: Texts, button: MessageButton, web_url: str | None) -> InlineKeyboardButton:
    text = t(button.text_key, **button.values)
    if button.url and web_url is not None:
        return InlineKeyboardButton(text, url=urljoin(web_url, button.url))
    return InlineKeyboardButton(
        text, callback_data=callbacks.encode(button.action, button.argument)
    )


def _describe(exc: Exception) -> str:
    message = getattr(exc, "message", None)
    return message if isinstance(message, str) else f"{type(exc).__name__}: {exc}"
