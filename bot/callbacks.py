"""Callback data of the bot's buttons: `<namespace>:<action>[:<argument>]`, at most 64 bytes.

Callback data comes back from the user's client and is user input: it is parsed strictly here
(an id must fit the database's 32-bit integer columns, a token must look like one), and every
handler still checks on the server who may do what it asks. Data that does not parse reaches
no handler but the one for stale buttons.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.texts import CATALOGUES
from core import buttons

CALLBACK_LIMIT = 64  # bytes, Telegram's limit
MAX_ID = 2**31 - 1  # the largest id a 32-bit integer column (PostgreSQL's integer) holds

ACCEPT_INVITATION = "inv:accept"
ASK_TO_DECLINE = "inv:ask-decline"
DECLINE_INVITATION = "inv:decline"
SHOW_INVITATION = "inv:show"
ASK_REMOVE_MEMBER = "team:ask-remove"
REMOVE_MEMBER = "team:remove"
LET_IN = buttons.LET_IN  # under requests to join, which core queues for the outbox
TURN_AWAY = buttons.TURN_AWAY
SHOW_TEAM = "team:show"
NEW_TEAM_LINK = "team:link"
CHOOSE_LANGUAGE = "lang"

INVITATION_NAMESPACE = "inv:"

_TOKEN = r"[A-Za-z0-9_-]{32}"
_ID = r"[1-9]\d{0,9}"
_WORDS = {
    "token": _TOKEN,
    "id": _ID,
    "language": "|".join(CATALOGUES),
    "": "",
}


@dataclass(frozen=True, slots=True)
class Callback:
    """A pressed button: what it asks for and its argument."""

    action: str
    argument: str

    @property
    def number(self) -> int:
        """The argument as an id, which the button's pattern has checked."""
        return int(self.argument)


def pattern(action: str, argument: str = "") -> Callable[[object], bool]:
    """What a handler's button data must be: the action and an argument of this kind.

    A callable, not a regex, so that an id is also checked against MAX_ID.
    """
    word = _WORDS[argument]
    regex = re.compile(rf"^{re.escape(action)}:({word})$" if word else rf"^{re.escape(action)}$")

    def matches(data: object) -> bool:
        if not isinstance(data, str) or len(data.encode()) > CALLBACK_LIMIT:
            return False
        found = regex.match(data)
        return found is not None and (argument != "id" or int(found.group(1)) <= MAX_ID)

    return matches


def encode(action: str, argument: str | int = "") -> str:
    """The callback data for a button."""
    data = f"{action}:{argument}" if argument != "" else action
    if len(data.encode()) > CALLBACK_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_LIMIT} bytes: {data!r}")
    return data


def decode(data: str) -> Callback:
    """Split the argument off callback data that a handler's pattern has already matched."""
    action, _, argument = data.rpartition(":")
    return Callback(action=action, argument=argument)
