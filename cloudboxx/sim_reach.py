"""Reaching a simulated box: its faults decide whether it answers and how soon; one call at a time.

A call that changes a box (installation, configuration, command) holds the box from its first
check until it has written what changed, the wait for the box included. A second call for the
same box waits its turn and then sees what the first did, so two technicians installing one box
in two vehicles at once get one installation and one BoxBoundElsewhere, never two "done"s.
"""

from __future__ import annotations

import asyncio
import random

from cloudboxx.clock import Clock, Sleep
from cloudboxx.errors import BoxTimeout, BoxUnreachable
from cloudboxx.sim_fleet import SimulatedBox


class _Hold:
    """A box's lock and how many calls hold it or wait for it."""

    __slots__ = ("calls", "lock")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.calls = 0


class _Turn:
    """One call's turn at a box: it waits for the calls before it, then has the box alone."""

    __slots__ = ("_hold", "_holds", "_qnr")

    def __init__(self, holds: dict[str, _Hold], qnr: str) -> None:
        self._holds, self._qnr = holds, qnr

    async def __aenter__(self) -> None:
        hold = self._holds.get(self._qnr)
        if hold is None:
            hold = self._holds[self._qnr] = _Hold()
        hold.calls += 1
        self._hold = hold
        try:
            await hold.lock.acquire()
        except BaseException:  # cancelled while waiting: no turn, and no longer waiting
            self._leave()
            raise

    async def __aexit__(self, *exc_info: object) -> None:
        self._hold.lock.release()
        self._leave()

    def _leave(self) -> None:
        self._hold.calls -= 1
        if self._hold.calls == 0:  # nobody holds or waits: the lock goes, bound to no loop
            del self._holds[self._qnr]


class BoxReach:
    """How the simulated service gets through to its boxes: faults, answer time, its timeout."""

    def __init__(
        self,
        *,
        rng: random.Random,
        clock: Clock,
        sleep: Sleep,
        answer_seconds: float,
        timeout_seconds: float,
    ) -> None:
        self._rng = rng
        self._clock = clock
        self._sleep = sleep
        self._answer_seconds = answer_seconds
        self._timeout_seconds = timeout_seconds
        # Only boxes with a call under way have an entry: a lock lives while it is needed, so
        # the simulator can serve one event loop after another.
        self._holds: dict[str, _Hold] = {}

    def holding(self, qnr: str) -> _Turn:
        """Have the box to this call alone (async with), after the calls before it have finished."""
        return _Turn(self._holds, qnr)

    async def reach(self, unit: SimulatedBox, task: str, *, droppable: bool = False) -> None:
        """Wait as long as the box takes to answer; raise if it cannot or does not in time."""
        qnr, now = unit.box.qnr, self._clock.now()
        if not unit.online(now):
            since = unit.last_heartbeat(now).strftime("%Y-%m-%d %H:%M UTC")
            raise BoxUnreachable(
                f"The CloudBoxx {qnr} is offline: its last heartbeat was at {since}. Check its "
                "power supply and antenna, or move the vehicle to where there is mobile "
                "reception, then try again.",
                qnr=qnr,
            )
        if unit.faults.deep_sleep:
            raise BoxUnreachable(
                f"The CloudBoxx {qnr} is in deep sleep to save the car's battery. Switch the "
                "ignition on for a moment to wake it, then try again.",
                qnr=qnr,
            )
        seconds = unit.faults.slow_seconds + self._answer_seconds
        rate = unit.faults.drop_rate if droppable else 0.0
        dropped = rate > 0 and self._rng.random() < rate
        if dropped or seconds > self._timeout_seconds:
            await self._sleep(self._timeout_seconds)
            raise BoxTimeout(
                f"The CloudBoxx {qnr} did not {task} within {self._timeout_seconds:g} seconds. "
                "It may or may not have happened: request the vehicle state to check, then "
                "try again.",
                qnr=qnr,
            )
        if seconds > 0:
            await self._sleep(seconds)
