"""The simulator beyond the contract: timing, chance, and its state file."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest

from cloudboxx import Box, BoxTimeout, Command, ManualClock, Simulator, Vehicle
from cloudboxx.demo import (
    BERLIN_FIAT_OFFLINE,
    BERLIN_GOLF,
    BERLIN_NEW_1,
    DEMO_BOXES,
    demo_simulator,
)
from tests.cloudboxx.conftest import START

GOLF_BOX = next(box for box in DEMO_BOXES if box.qnr == BERLIN_GOLF)
GOLF_SETUP = GOLF_BOX.config
assert GOLF_SETUP is not None


class HeldSleep:
    """A sleep that waits until the test lets it go, recording how long it was asked for."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self.release = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await self.release.wait()


async def test_a_lock_takes_effect_only_once_the_box_has_answered(clock: ManualClock):
    sleep = HeldSleep()
    simulator = demo_simulator(clock=clock, sleep=sleep)

    lock = asyncio.create_task(
        simulator.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="lock")
    )
    await asyncio.sleep(0)
    meanwhile = await simulator.read_state(BERLIN_GOLF, flow_id="look")
    sleep.release.set()
    after = await lock

    assert sleep.asked == [0.5]
    assert meanwhile.central_lock is not None and meanwhile.central_lock.value == "UNLOCKED"
    assert after.central_lock is not None and after.central_lock.value == "LOCKED"


async def outcomes(seed: int) -> list[str]:
    """Which of 20 commands a box that drops half of them carries out, for a seed."""
    clock = ManualClock(START)
    simulator = demo_simulator(seed=seed, clock=clock, sleep=clock.sleep)
    simulator.set_faults(BERLIN_GOLF, drop_rate=0.5)
    results = []
    for _ in range(20):
        try:
            await simulator.send_command(BERLIN_GOLF, Command.DRAW_ATTENTION, flow_id="f")
            results.append("done")
        except BoxTimeout:
            results.append("dropped")
    return results


async def test_simulators_seeded_alike_drop_the_same_commands():
    first, again, other = await outcomes(7), await outcomes(7), await outcomes(8)

    assert first == again
    assert "done" in first and "dropped" in first
    assert other != first


async def test_installations_and_faults_survive_a_restart(tmp_path: Path, clock: ManualClock):
    state_file = tmp_path / "var" / "cloudboxx-sim.json"
    simulator = demo_simulator(clock=clock, sleep=clock.sleep, state_file=state_file)
    vehicle = Vehicle(vin="WVWZZZCDZMW000777")
    await simulator.bind_box(BERLIN_NEW_1, vehicle, GOLF_SETUP, flow_id="install")
    await simulator.send_command(BERLIN_NEW_1, Command.LOCK_CENTRAL_LOCK, flow_id="lock")
    simulator.set_faults(BERLIN_GOLF, slow_seconds=2)

    restarted = demo_simulator(clock=clock, sleep=clock.sleep, state_file=state_file)

    assert restarted.restored
    box = await restarted.get_box(BERLIN_NEW_1, flow_id="f")
    assert (box.vehicle, box.config) == (vehicle, GOLF_SETUP)
    state = await restarted.read_state(BERLIN_NEW_1, flow_id="f")
    assert state.central_lock is not None and state.central_lock.value == "LOCKED"
    assert restarted.faults(BERLIN_GOLF).slow_seconds == 2
    assert restarted.faults(BERLIN_FIAT_OFFLINE).offline
    assert restarted.snapshot() == simulator.snapshot()
    assert [path.name for path in state_file.parent.iterdir()] == ["cloudboxx-sim.json"]


async def test_a_damaged_state_file_is_reported_with_its_name(tmp_path: Path):
    state_file = tmp_path / "cloudboxx-sim.json"
    state_file.write_text(json.dumps({"version": 1, "boxes": [{"box": {}}]}))

    with pytest.raises(ValueError, match=f"the simulator state file {state_file} cannot be read"):
        Simulator(state_file=state_file)


def test_impossible_faults_are_refused_and_change_nothing(simulator: Simulator):
    before = simulator.snapshot()

    with pytest.raises(ValueError, match="drop_rate is a share of the commands"):
        simulator.set_faults(BERLIN_GOLF, offline=True, drop_rate=1.5)

    assert simulator.snapshot() == before


async def test_an_offline_box_that_comes_back_beats_again(simulator: Simulator, clock: ManualClock):
    simulator.set_faults(BERLIN_GOLF, offline=True)
    clock.advance(timedelta(minutes=10))
    simulator.set_faults(BERLIN_GOLF, offline=False)

    state = await simulator.read_state(BERLIN_GOLF, flow_id="f")

    assert state.online.value is True
    assert state.last_heartbeat == clock.now()


def test_a_box_cannot_be_added_twice(simulator: Simulator):
    with pytest.raises(ValueError, match=f"already has a box {BERLIN_GOLF}"):
        simulator.add_box(GOLF_BOX)


def test_a_box_with_a_vehicle_but_no_configuration_is_not_added(simulator: Simulator):
    with pytest.raises(ValueError, match="an installed box needs a vehicle and a configuration"):
        simulator.add_box(Box("00300000000000FF", vehicle=Vehicle(license_plate="B-X 1")))

    assert not simulator.has_box("00300000000000FF")


async def test_a_second_command_for_a_box_waits_until_the_first_is_done(clock: ManualClock):
    sleep = HeldSleep()
    simulator = demo_simulator(clock=clock, sleep=sleep)
    lock = asyncio.create_task(
        simulator.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="lock")
    )
    unlock = asyncio.create_task(
        simulator.send_command(BERLIN_GOLF, Command.UNLOCK_CENTRAL_LOCK, flow_id="unlock")
    )
    for _ in range(5):
        await asyncio.sleep(0)
    waiting_for_the_box = list(sleep.asked)
    meanwhile = await simulator.read_state(BERLIN_GOLF, flow_id="look")  # reads never wait
    sleep.release.set()
    await lock
    unlocked = await unlock

    assert waiting_for_the_box == [0.5]  # only the lock: the unlock waits its turn
    assert meanwhile.central_lock is not None and meanwhile.central_lock.value == "UNLOCKED"
    assert unlocked.central_lock is not None and unlocked.central_lock.value == "UNLOCKED"
    assert [call.flow_id for call in simulator.calls][-3:] == ["look", "lock", "unlock"]


def test_calls_for_one_box_take_turns_in_one_event_loop_after_another(clock: ManualClock):
    simulator = demo_simulator(clock=clock, sleep=clock.sleep)

    async def lock_and_unlock_at_once() -> list[str]:
        states = await asyncio.gather(
            simulator.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="lock"),
            simulator.send_command(BERLIN_GOLF, Command.UNLOCK_CENTRAL_LOCK, flow_id="unlock"),
        )
        return [str(state.central_lock.value) for state in states if state.central_lock]

    assert asyncio.run(lock_and_unlock_at_once()) == ["LOCKED", "UNLOCKED"]
    assert asyncio.run(lock_and_unlock_at_once()) == ["LOCKED", "UNLOCKED"]


async def test_a_command_given_up_while_waiting_its_turn_leaves_the_box_free(clock: ManualClock):
    sleep = HeldSleep()
    simulator = demo_simulator(clock=clock, sleep=sleep)
    first = asyncio.create_task(
        simulator.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="first")
    )
    given_up = asyncio.create_task(
        simulator.send_command(BERLIN_GOLF, Command.UNLOCK_CENTRAL_LOCK, flow_id="given-up")
    )
    for _ in range(5):
        await asyncio.sleep(0)
    given_up.cancel()
    sleep.release.set()
    await first

    later = await simulator.send_command(BERLIN_GOLF, Command.UNLOCK_CENTRAL_LOCK, flow_id="later")

    assert given_up.cancelled()
    assert later.central_lock is not None and later.central_lock.value == "UNLOCKED"
    assert [call.flow_id for call in simulator.calls][-2:] == ["first", "later"]
