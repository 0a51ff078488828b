"""What every handler is handed: the services, and who is writing (loaded once per update)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.retry_after import Retries
from bot.texts import Texts, supported_language
from core.actors import TelegramUser
from core.container import Services
from core.views import ChatView


class BotData:
    """The application-wide data: the Services, handed over once by build_application."""

    services: Services


class BotContext(CallbackContext[ExtBot[Retries], dict[Any, Any], dict[Any, Any], BotData]):
    """A CallbackContext that knows the services and the user the gate met for this update."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.chat: ChatView | None = None

    @property
    def services(self) -> Services:
        """The running FleetCrew's services."""
        return self.bot_data.services

    @property
    def met(self) -> ChatView:
        """The user the gate met; every handler after the gate may rely on it."""
        if self.chat is None:
            raise RuntimeError("the gate did not run for this update")
        return self.chat

    @property
    def texts(self) -> Texts:
        """The bot's words in the user's language."""
        return Texts(self.met.language)

    def actor(self, update: Update) -> TelegramUser:
        """The user writing, as core knows them."""
        user = update.effective_user
        if user is None:
            raise RuntimeError("an update without a user reached a handler")
        return TelegramUser(id=user.id, name=user.full_name, language=self.met.language)


def client_language(update: object) -> str:
    """The language of the user's Telegram app, as one the bot speaks."""
    user = update.effective_user if isinstance(update, Update) else None
    return supported_language(user.language_code if user else None)
