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

# A technician's jobs: the list, a card, Start, Continue, the partner admin's dispatch, and the
# vehicle commands on a running job's card ("<job>.<command>").
JOBS = buttons.SHOW_JOBS  # also under the outbox messages that tell of new jobs
SHOW_JOB = buttons.SHOW_JOB
START_JOB = "job:start"
CONTINUE_JOB = "job:go"
ASK_DISPATCH = "job:dispatch"
DISPATCH_TO = "job:to"  # "<job>.<technician>"
VEHICLE_COMMAND = "job:cmd"  # "<job>.<lock|unlock|state>"
# The checklist: each press names its job and step ("<job>.<step>[.<option>]"), so a press
# for a step the checklist has left changes nothing.
STEP_DONE = "ck:done"
STEP_PICK = "ck:pick"
STEP_SKIP = "ck:skip"
STEP_BACK = "ck:back"
STEP_TEST = "ck:test"
LABEL_CONFIRM = "ck:label"  # "<job>.<qnr>": the QNR read from a label photo is right
QUESTION_CANCEL = "ck:cancel"
ASK_FAIL = "ck:fail"
FAIL_REASON = "ck:reason"  # "<job>.<reason>"
COMPLETE = "ck:complete"
SETUP_EDIT = "ck:edit"  # "<job>.<field>"
SETUP_SET = "ck:set"  # "<job>.<field>.<option>"
SETUP_APPLY = "ck:apply"

INVITATION_NAMESPACE = "inv:"

_TOKEN = r"[A-Za-z0-9_-]{32}"
_ID = r"[1-9]\d{0,9}"
_KEY = r"[a-z][a-z0-9_]{0,39}"
_WORDS = {
    "token": _TOKEN,
    "id": _ID,
    "id.id": rf"{_ID}\.{_ID}",
    "id.key": rf"{_ID}\.{_KEY}",
    "id.key.n": rf"{_ID}\.{_KEY}\.\d{{1,3}}",
    "id.qnr": rf"{_ID}\.[0-9A-F]{{16}}",
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
        return int(self.argument.split(".")[0])

    @property
    def parts(self) -> list[str]:
        """The argument's dot-separated parts ("12.box" → ["12", "box"])."""
        return self.argument.split(".")


def pattern(action: str, argument: str = "") -> Callable[[object], bool]:
    """What a handler's button data must be: the action and an argument of this kind.

    A callable, not a regex, so that an id is also checked against MAX_ID.
    """
    word = _WORDS[argument]
    regex = re.compile(rf"^{re.escape(action)}:({word})$" if word else rf"^{re.escape(action)}$")

    def matches(data: object) -> bool:
        if not isinstance(data, str) or len(data.encode()) > CALLBACK_LIMIT:
            return False
        found = regex.fullmatch(data)
        if found is None:
            return False
        kinds = argument.split(".")
        parts = found.group(1).split(".") if argument.startswith("id") else []
        return all(
            int(part) <= MAX_ID for kind, part in zip(kinds, parts, strict=False) if kind == "id"
        )

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
