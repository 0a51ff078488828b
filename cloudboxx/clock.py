"""Time is handed in: a clock tells it, a sleep waits, so tests move time instead of waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

Sleep = Callable[[float], Awaitable[None]]
"""Waits the given number of seconds; asyncio.sleep, or ManualClock.sleep in tests."""


class Clock(Protocol):
    """Tells the current time, always timezone-aware UTC."""

    def now(self) -> datetime:
        """The current moment in UTC."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        """The current moment in UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to; its sleep moves it instead of waiting."""

    def __init__(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        """The moment the clock stands at."""
        return self._at

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self._at += delta

    async def sleep(self, seconds: float) -> None:
        """Move the clock forward by seconds and let other tasks run, without waiting."""
        self._at += timedelta(seconds=seconds)
        await asyncio.sleep(0)
