"""A local stand-in for Telegram: the Bot API in-process and over HTTP, and a web chat."""

from bot.sandbox.errors import BotApiError
from bot.sandbox.http_api import bot_api_routes
from bot.sandbox.images import sample_png
from bot.sandbox.request import SANDBOX_BASE_FILE_URL, SANDBOX_BASE_URL, SandboxRequest
from bot.sandbox.sandbox import Sandbox, WebhookSettings
from bot.sandbox.snapshots import Button, CallbackAnswer, ChatMessage, SandboxUser
from bot.sandbox.web import sandbox_routes

__all__ = [
    "SANDBOX_BASE_FILE_URL",
    "SANDBOX_BASE_URL",
    "BotApiError",
    "Button",
    "CallbackAnswer",
    "ChatMessage",
    "Sandbox",
    "SandboxRequest",
    "SandboxUser",
    "WebhookSettings",
    "bot_api_routes",
    "sample_png",
    "sandbox_routes",
]
