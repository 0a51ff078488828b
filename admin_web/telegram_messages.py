"""What a Telegram message FleetCrew could not deliver was about, and why, in a manager's words.

The outbox keeps a message as a text key of the bot's catalogues and its values; the manager
reads a short subject instead of the bot's words (which are the recipient's language).
"""

from __future__ import annotations

from core.status import TelegramMessageStatus
from core.views import UndeliveredMessage

SUBJECTS = {
    "team.join_request": "A request to join the partner's team",
    "team.joined": "Welcome to the partner's team",
    "team.turned_away_you": "A request to join the team was turned down",
    "team.removed_you": "Removed from the partner's team",
    "jobs.assigned_one": "A new job for the partner",
    "jobs.assigned_many": "New jobs for the partner",
    "jobs.taken_back_one": "A job taken back from the partner",
    "jobs.taken_back_many": "Jobs taken back from the partner",
    "partner.removed_from_fleet": "The partner removed from the fleet",
    "manager.job_failed": "A failed job, told to a fleet manager",
}


def subject(message: UndeliveredMessage) -> str:
    """What the message was about (its text key, for a kind of message not named here)."""
    return SUBJECTS.get(message.text_key, message.text_key)


def recipient(message: UndeliveredMessage) -> str:
    """Who it was for: their Telegram name, if the bot has met them."""
    return message.recipient_name or f"Telegram user {message.telegram_user_id}"


def reason(message: UndeliveredMessage) -> str:
    """Why it did not arrive."""
    error = message.last_error or "no answer from Telegram"
    if message.status == TelegramMessageStatus.UNDELIVERABLE:
        return (
            f"Telegram cannot deliver it ({error}): "
            "the person blocked the bot, or has no chat with it."
        )
    return f"Not sent after {message.attempts} attempts; the last one: {error}."
