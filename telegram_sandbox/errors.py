"""Telegram's error answers: `BotApiError` and the exact descriptions Telegram uses."""

from __future__ import annotations

from typing import Any

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
CHAT_NOT_FOUND = "chat not found"
MESSAGE_TO_EDIT_NOT_FOUND = "message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND = "message to delete not found"
MESSAGE_TEXT_EMPTY = "message text is empty"
MESSAGE_TOO_LONG = "message is too long"
WRONG_FILE_ID = "wrong file identifier/HTTP URL specified"
BLOCKED = "bot was blocked by the user"
WEBHOOK_ACTIVE = (
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)
TERMINATED_BY_OTHER = (
    "terminated by other getUpdates request; make sure that only one bot instance is running"
)


class BotApiError(Exception):
    """A Bot API call Telegram would refuse: HTTP status, description and retry_after for 429."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def to_json(self) -> dict[str, Any]:
        """The body Telegram answers with: ok false, error_code, description, parameters."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body

    def __repr__(self) -> str:
        return f"BotApiError({self.error_code}, {self.description!r})"


def bad_request(detail: str) -> BotApiError:
    """400 "Bad Request: <detail>"."""
    return BotApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> BotApiError:
    """403 "Forbidden: <detail>"."""
    return BotApiError(403, f"Forbidden: {detail}")


def conflict(detail: str) -> BotApiError:
    """409 "Conflict: <detail>"."""
    return BotApiError(409, f"Conflict: {detail}")


def unauthorized() -> BotApiError:
    """401 for a token that is not this bot's."""
    return BotApiError(401, "Unauthorized")


def not_found() -> BotApiError:
    """404 for a method the Bot API does not have."""
    return BotApiError(404, "Not Found")


def too_many_requests(retry_after: int) -> BotApiError:
    """429 with parameters.retry_after, as Telegram's flood control answers."""
    return BotApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
