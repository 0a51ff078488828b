"""The bot's update queue with Telegram's semantics, and the signal long polls wait on."""

from __future__ import annotations

import asyncio
from typing import Any

# Telegram leaves these out unless a bot asks for them in allowed_updates.
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class Signal:
    """Wakes every task waiting for a change; a waiter registers before it awaits."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify(self) -> None:
        """Wake all current waiters."""
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait(self, within: float | None) -> bool:
        """Wait for the next notify, at most `within` seconds (None: no limit); False if none."""
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            # asyncio.timeout, not wait_for: wait_for of 3.11 can swallow a cancellation.
            async with asyncio.timeout(within):
                await waiter
        except TimeoutError:
            return False
        finally:
            self._waiters.discard(waiter)
        return True


class UpdateQueue:
    """Updates wait here until the bot confirms them (getUpdates offset or webhook 2xx)."""

    def __init__(self, first_id: int = 1) -> None:
        self.pending: list[dict[str, Any]] = []
        # Telegram's update ids only grow; a sandbox started again starts above the last run's
        # (the caller passes a first id from the clock), so a bot that remembers ids still works.
        self.next_id = first_id
        self.allowed: frozenset[str] | None = None
        self.arrived = Signal()
        self.poll_generation = 0

    def add(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update of this kind unless the bot's allowed_updates leave it out."""
        update_id = self.next_id
        self.next_id += 1
        if self.accepts(kind):
            self.pending.append({"update_id": update_id, kind: payload})
            self.arrived.notify()
        return update_id

    def accepts(self, kind: str) -> bool:
        """Whether updates of this kind reach the bot under its allowed_updates."""
        return kind in self.allowed if self.allowed is not None else kind not in NOT_BY_DEFAULT

    def allow(self, kinds: list[str] | None) -> None:
        """Set allowed_updates: None keeps the last setting, [] means Telegram's default."""
        if kinds is not None:
            self.allowed = frozenset(kinds) if kinds else None

    def confirm(self, offset: int) -> None:
        """getUpdates offset: forget updates before it; a negative one keeps the last -offset."""
        if offset > 0:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        elif offset < 0:
            self.pending = self.pending[offset:]

    def peek(self, limit: int) -> list[dict[str, Any]]:
        """The oldest unconfirmed updates, at most limit."""
        return self.pending[:limit]

    def take_all(self) -> list[dict[str, Any]]:
        """Hand out every pending update and confirm them at once."""
        taken, self.pending = self.pending, []
        return taken

    def drop(self) -> None:
        """drop_pending_updates: forget everything not yet confirmed."""
        self.pending = []

    def begin_poll(self) -> int:
        """A new getUpdates call; one still waiting is terminated, as Telegram does."""
        self.poll_generation += 1
        self.arrived.notify()
        return self.poll_generation
