"""Callback data of the bot's buttons: `<namespace>:<action>[:<argument>]`, at most 64 bytes.

Callback data comes back from the user's client and is user input: it is parsed strictly here,
and every handler still checks on the server who may do what it asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.texts import CATALOGUES

CALLBACK_LIMIT = 64  # bytes, Telegram's limit

ACCEPT_INVITATION = "inv:accept"
DECLINE_INVITATION = "inv:decline"
ASK_REMOVE_MEMBER = "team:ask-remove"
REMOVE_MEMBER = "team:remove"
SHOW_TEAM = "team:show"
NEW_TEAM_LINK = "team:link"
CHOOSE_LANGUAGE = "lang"

_TOKEN = r"[A-Za-z0-9_-]{32}"
_ID = r"\d{1,10}"
PATTERNS = {
    "accept": rf"^{ACCEPT_INVITATION}:{_TOKEN}$",
    "decline": rf"^{DECLINE_INVITATION}:{_TOKEN}$",
    "ask_remove": rf"^{ASK_REMOVE_MEMBER}:{_ID}$",
    "remove": rf"^{REMOVE_MEMBER}:{_ID}$",
    "show_team": rf"^{SHOW_TEAM}$",
    "team_link": rf"^{NEW_TEAM_LINK}$",
    "language": rf"^{CHOOSE_LANGUAGE}:({'|'.join(CATALOGUES)})$",
}


@dataclass(frozen=True, slots=True)
class Callback:
    """A pressed button: what it asks for and its argument."""

    action: str
    argument: str

    @property
    def number(self) -> int:
        """The argument as a number (an id), checked by the handler's pattern."""
        return int(self.argument)


def encode(action: str, argument: str | int = "") -> str:
    """The callback data for a button."""
    data = f"{action}:{argument}" if argument != "" else action
    if len(data.encode()) > CALLBACK_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_LIMIT} bytes: {data!r}")
    return data


def decode(data: str) -> Callback:
    """Split callback data that a handler's pattern has already matched."""
    if data in (SHOW_TEAM, NEW_TEAM_LINK):
        return Callback(action=data, argument="")
    action, _, argument = data.rpartition(":")
    return Callback(action=action, argument=argument)
