"""Buttons under the Telegram messages core queues: a text key with its values, and an action.

A queued message says what to show, not the words (those are the bot's, in the recipient's
language), so a button is a text key of the bot's catalogues, its values, and the action with
its argument that the press asks for. The bot turns action and argument into callback data
(bot/callbacks.py) when it sends the message; the actions of buttons core queues are named here,
and bot/callbacks.py takes these very names, so both sides mean the same button.

A button may instead open a page of the admin web: its url is the page's path, which the bot
resolves against the admin web's address when it sends the message (so a message queued
before the address changed still leads to the right place).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Scalar = str | int | float | bool | None
"""A value a queued message keeps for its text: JSON, rendered when the message is sent."""

LET_IN = "team:let-in"
TURN_AWAY = "team:turn-away"
SHOW_JOBS = "job:list"  # under "new jobs for you": the technician's /jobs
SHOW_JOB = "job:show"  # under "a job given to you": that job's card


@dataclass(frozen=True, slots=True)
class MessageButton:
    """One inline button of a queued message: an action for the bot, or a page to open."""

    text_key: str
    action: str = ""
    argument: str | int = ""
    values: Mapping[str, Scalar] = field(default_factory=dict)
    url: str = ""  # a path of the admin web, e.g. `fleets/1/jobs/7`; then no action

    def to_json(self) -> dict[str, Any]:
        """The button as the outbox row keeps it."""
        data: dict[str, Any] = {
            "text_key": self.text_key,
            "values": dict(self.values),
            "action": self.action,
            "argument": self.argument,
        }
        if self.url:
            data["url"] = self.url
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MessageButton:
        """The button an outbox row keeps."""
        return cls(
            text_key=str(data["text_key"]),
            action=str(data["action"]),
            argument=data["argument"],
            values=dict(data["values"]),
            url=str(data.get("url", "")),
        )
