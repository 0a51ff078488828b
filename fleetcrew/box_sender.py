"""The box sender: sends the follow-ups that secure vehicles, in the runtime's event loop.

Woken at once by a commit that queued one, and otherwise looking every WAKE_SECONDS (on the
services' clock); a follow-up the box did not take waits for its backoff and is sent again, for
as long as it takes. The database is the truth: a restart finds the same work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from core.container import Services
from core.services.box_commands import send_due_follow_ups

WAKE_SECONDS = 1.0
STOP_SECONDS = 5.0
log = logging.getLogger(__name__)


class BoxSender:
    """Rounds of sending due follow-ups until stopped."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    async def send_due(self) -> int:
        """One round; how many follow-ups were sent (or tried)."""
        return await send_due_follow_ups(self._services.uow, self._services.boxes)

    def start(self) -> None:
        """Run rounds in the background until stop()."""
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="box command sender")

    async def stop(self) -> None:
        """Let the round under way finish, then stop."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._services.uow.box_commands_queued.set()
        _, unfinished = await asyncio.wait({task}, timeout=STOP_SECONDS)
        for left in unfinished:  # its claims run out, and the next start sends them
            left.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await left

    async def _run(self) -> None:
        queued = self._services.uow.box_commands_queued
        while not self._stopping:
            queued.clear()
            try:
                while await self.send_due():
                    pass
            except Exception:
                log.exception("Sending box follow-ups failed; trying again shortly")
            if not self._stopping:
                waits = {
                    asyncio.ensure_future(queued.wait()),
                    asyncio.ensure_future(self._services.sleep(WAKE_SECONDS)),
                }
                try:
                    await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for wait in waits:
                        wait.cancel()
