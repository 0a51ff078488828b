"""A local stand-in for Telegram: the Bot API in-process and over HTTP, and a web chat."""

from telegram_sandbox.errors import BotApiError
from telegram_sandbox.http_api import bot_api_routes
from telegram_sandbox.images import sample_png
from telegram_sandbox.request import SANDBOX_BASE_FILE_URL, SANDBOX_BASE_URL, SandboxRequest
from telegram_sandbox.sandbox import Sandbox, WebhookSettings
from telegram_sandbox.snapshots import Button, CallbackAnswer, ChatMessage, SandboxUser
from telegram_sandbox.web import sandbox_routes

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
