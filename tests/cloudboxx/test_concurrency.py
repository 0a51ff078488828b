"""Contract: calls for one box at the same time are carried out one after another, never mixed.

Each test runs against the Simulator and against HTTP + sim_server (the `fleet` fixture). The
simulated boxes here take their time until the second call has reached the simulator, so the two
calls overlap every run, over HTTP as in process, instead of only when scheduling happens to
interleave them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest

from cloudboxx import (
    Box,
    BoxBoundElsewhere,
    CentralLockConnectionType,
    Command,
    CommandNotSupported,
    ManualClock,
    Simulator,
    Vehicle,
    VehicleState,
)
from cloudboxx.demo import BERLIN_GOLF, BERLIN_NEW_1, demo_simulator
from tests.cloudboxx.conftest import Fleet
from tests.cloudboxx.test_contract import GOLF_SETUP

FIRST_CAR = Vehicle(vin="WVWZZZCDZMW000901", license_plate="B-FC 901")
SECOND_CAR = Vehicle(vin="WVWZZZCDZMW000902", license_plate="B-FC 902")
GATE_SECONDS = 5.0  # only if a call never arrives: then the test fails instead of hanging


class Overlap:
    """Holds every box's answer until `expected` gateway calls have entered the simulator."""

    def __init__(self, clock: ManualClock, expected: int) -> None:
        self._clock = clock
        self._expected = expected
        self._entered = 0
        self._all_in = asyncio.Event()

    def count(self, simulator: Simulator, *operations: str) -> None:
        """Count each call of these simulator methods as it enters, before it does anything."""
        for name in operations:
            method: Callable[..., Awaitable[Any]] = getattr(simulator, name)
            setattr(simulator, name, self._counted(method))

    async def sleep(self, seconds: float) -> None:
        """The simulated box's wait: none until every call is in, then on the manual clock."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._all_in.wait(), GATE_SECONDS)
        await self._clock.sleep(seconds)

    def _counted(self, method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def counted(*args: Any, **kwargs: Any) -> Any:
            self._entered += 1
            if self._entered >= self._expected:
                self._all_in.set()
            return await method(*args, **kwargs)

        return counted


@pytest.fixture
def overlap(clock: ManualClock) -> Overlap:
    """Two calls that overlap."""
    return Overlap(clock, expected=2)


@pytest.fixture
def simulator(clock: ManualClock, overlap: Overlap) -> Simulator:
    """The demo fleet, its boxes answering only once both calls are in (used by `fleet`)."""
    simulator = demo_simulator(clock=clock, sleep=overlap.sleep)
    overlap.count(simulator, "bind_box", "apply_config", "send_command")
    return simulator


async def test_two_installations_of_one_box_at_once_bind_it_to_exactly_one_vehicle(
    fleet: Fleet,
):
    results = await asyncio.gather(
        fleet.gateway.bind_box(BERLIN_NEW_1, FIRST_CAR, GOLF_SETUP, flow_id="install-1"),
        fleet.gateway.bind_box(BERLIN_NEW_1, SECOND_CAR, GOLF_SETUP, flow_id="install-2"),
        return_exceptions=True,
    )

    installed = [result for result in results if isinstance(result, Box)]
    refused = [result for result in results if isinstance(result, BoxBoundElsewhere)]
    assert (len(installed), len(refused)) == (1, 1), results
    winner = installed[0].vehicle
    assert winner in (FIRST_CAR, SECOND_CAR)
    assert f"({winner.name})" in refused[0].message
    box = await fleet.gateway.get_box(BERLIN_NEW_1, flow_id="look-up")
    assert box.vehicle == winner
    outcomes = sorted(
        call.outcome for call in fleet.simulator.calls if call.operation == "bind_box"
    )
    assert outcomes == ["BOUND_ELSEWHERE", "OK"]


async def test_a_command_sent_while_the_lock_is_disconnected_is_refused_not_half_done(
    fleet: Fleet,
):
    golf = await fleet.gateway.get_box(BERLIN_GOLF, flow_id="look-up")
    assert golf.config is not None
    untied = replace(golf.config, central_lock_connection_type=CentralLockConnectionType.NONE)

    configured, locked = await asyncio.gather(
        fleet.gateway.apply_config(BERLIN_GOLF, untied, flow_id="configure"),
        fleet.gateway.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="lock"),
        return_exceptions=True,
    )

    assert isinstance(configured, Box) and configured.config == untied
    if isinstance(locked, VehicleState):  # the command came first: it ran on a connected lock
        assert locked.central_lock is not None and locked.central_lock.value == "LOCKED"
    else:  # the configuration came first: the command is refused, nothing is changed
        assert isinstance(locked, CommandNotSupported), locked
    box = await fleet.gateway.get_box(BERLIN_GOLF, flow_id="look-up")
    assert box.config == untied
