"""What the CloudBoxx service answers, read; and every way a call can fail, put in words.

Split from http.py, which decides what to send, when to try again and how long to wait; this
module decides what an answer means: its JSON, the error it carries as its own class, whether a
read may try again (Transient), and what a timeout means for a call that changes something.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from cloudboxx.errors import BoxError, BoxTimeout, GatewayUnavailable
from cloudboxx.oauth import UNREACHABLE
from cloudboxx.wire import WireError
from cloudboxx.wire_state import error_from_json

T = TypeVar("T")

TRANSIENT_STATUS = frozenset({429, 502, 503, 504})
UNREADABLE = (
    "The CloudBoxx service sent an answer FleetCrew cannot read. Try again; if it keeps "
    "happening, tell the fleet manager."
)


@dataclass
class Progress:
    """How far a call that changes something got: whether its request has gone out."""

    sent: bool = False


class Transient(Exception):
    """A failure on the way that a read may retry; error is what to raise when giving up."""

    def __init__(self, error: BoxError) -> None:
        super().__init__(error.message)
        self.error = error


def answer(response: httpx.Response) -> Any:
    """The JSON of a successful answer; else the error it carries, as its own class."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if response.is_success and data is not None:
        return data
    error = error_from_json(data)
    if error is not None:
        raise error
    if response.status_code in TRANSIENT_STATUS:
        raise Transient(GatewayUnavailable(UNREACHABLE))
    raise GatewayUnavailable(UNREADABLE if response.is_success else UNREACHABLE)


def timed_out(seconds: float, task: str | None, *, sent: bool = True) -> BoxTimeout:
    """The timeout in words: for a change, whether it may have happened and what to do."""
    if task is None:
        return BoxTimeout(
            f"The CloudBoxx service did not answer within {seconds:g} seconds. Try again in a "
            "minute."
        )
    if not sent:
        return BoxTimeout(
            f"The CloudBoxx service did not answer within {seconds:g} seconds, so it was not "
            f"asked to {task} and nothing changed. Try again in a minute."
        )
    return BoxTimeout(
        f"No answer within {seconds:g} seconds when asked to {task}. It may or may not have "
        "happened: request the vehicle state to check, then try again."
    )


def decoded(decode: Callable[[], T]) -> T:
    """What decode reads from an answer; GatewayUnavailable if the answer has the wrong shape."""
    try:
        return decode()
    except (WireError, KeyError, TypeError):
        raise GatewayUnavailable(UNREADABLE) from None
