"""Waiting as Telegram asks after a 429 "retry after N", then sending again, a few times.

PTB's own AIORateLimiter sleeps with asyncio.sleep; this one sleeps with the sleep it is handed
(ManualClock.sleep in tests), so a test sees the 429 served and the call retried without
waiting. No throttling ahead of a 429: a service partner's bot stays far below Telegram's limits,
and FleetCrew's outbox paces what it sends on its own.

The outbox's sender must see a 429 itself: it pauses that one chat and goes on with the others,
where waiting here would hold back every message behind it. It says so per call, with PTB's
`rate_limit_args=SEND_ONCE`, and so shares the bot, its connection pool and its defaults.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from core.clock import Sleep

RETRIES_AFTER_429 = 2
EXTRA_SECONDS = 0.1  # a little more than Telegram asked for, so the retry is not early

JSONDict = dict[str, Any]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Retries:
    """A call's own rate_limit_args: how often to retry it after a 429.

    An object, never falsy: PTB drops rate_limit_args that are (a 0 would mean the default).
    """

    after_429: int


SEND_ONCE = Retries(after_429=0)


class RetryAfterLimiter(BaseRateLimiter[Retries]):
    """Retries a request Telegram answered with 429, after the time it asked for."""

    def __init__(self, sleep: Sleep, *, retries: int = RETRIES_AFTER_429) -> None:
        self._sleep = sleep
        self._retries = retries

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to clean up."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Retries | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Make the request; after a 429, wait as told and try again, at most `retries` times."""
        retries_left = self._retries if rate_limit_args is None else rate_limit_args.after_429
        while True:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if retries_left <= 0:
                    raise
                retries_left -= 1
                seconds = retry_after_seconds(exc) + EXTRA_SECONDS
                log.info("Telegram asked to wait %.1f s before %s; waiting", seconds, endpoint)
                await self._sleep(seconds)


def retry_after_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait, in seconds (PTB hands an int or a timedelta)."""
    delay = error.retry_after
    return delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
