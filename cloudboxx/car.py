"""The simulated car behind a box: its first readings, and how each command changes them."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from cloudboxx.types import (
    Accessory,
    BoxConfig,
    CentralLockState,
    Command,
    Ignition,
    Position,
    Reading,
    StateField,
    VehicleState,
)

HEARTBEAT_INTERVAL = timedelta(seconds=60)
HEARTBEAT_GRACE = 3 * HEARTBEAT_INTERVAL
"""A box whose last heartbeat is older than this counts as offline."""

_LOCK = {
    Command.LOCK_CENTRAL_LOCK: CentralLockState.LOCKED,
    Command.LOCK_AND_DISABLE_DRIVING: CentralLockState.LOCKED,
    Command.UNLOCK_CENTRAL_LOCK: CentralLockState.UNLOCKED,
    Command.UNLOCK_AND_ENABLE_DRIVING: CentralLockState.UNLOCKED,
}
_DRIVING = {
    Command.ENABLE_DRIVING: True,
    Command.UNLOCK_AND_ENABLE_DRIVING: True,
    Command.DISABLE_DRIVING: False,
    Command.LOCK_AND_DISABLE_DRIVING: False,
}


def box_readings(qnr: str, position: Position, now: datetime, rng: random.Random) -> VehicleState:
    """What a box reports on its own, before it is installed in a vehicle."""
    return VehicleState(
        qnr=qnr,
        online=Reading(True, now),
        position=Reading(position, now),
        cellular_signal_quality=Reading(rng.randint(3, 5), now),
    )


def with_vehicle(
    state: VehicleState,
    config: BoxConfig,
    fields: frozenset[StateField],
    now: datetime,
    rng: random.Random,
) -> VehicleState:
    """The readings completed for a vehicle: each reported property it lacks gets a first value."""
    first: dict[StateField, object] = {
        StateField.CENTRAL_LOCK: CentralLockState.UNLOCKED,
        StateField.DRIVING_ENABLED: True,
        StateField.IGNITION: Ignition.OFF,
        StateField.MILEAGE_IN_KILOMETERS: rng.randint(3_000, 90_000),
        StateField.FUEL_LEVEL_IN_PERCENT: rng.randint(30, 95),
        StateField.STATE_OF_CHARGE_IN_PERCENT: rng.randint(30, 95),
        StateField.BOARD_VOLTAGE_IN_VOLTS: _board_voltage(rng),
        StateField.KEY_FOB_IN_HOLDER: Accessory.KEY_HOLDER in config.accessories,
    }
    missing: dict[str, Any] = {
        field.attribute: Reading(value, now)
        for field, value in first.items()
        if field in fields and getattr(state, field.attribute) is None
    }
    return replace(state, **missing)


def after_command(
    state: VehicleState, command: Command, now: datetime, rng: random.Random
) -> VehicleState:
    """The readings once the car has carried out command; untouched ones keep their timestamps."""
    changes: dict[str, Any] = {}
    if command in _LOCK and state.central_lock is not None:
        changes["central_lock"] = Reading(_LOCK[command], now)
    if command in _DRIVING and state.driving_enabled is not None:
        changes["driving_enabled"] = Reading(_DRIVING[command], now)
    if command is Command.REQUEST_VEHICLE_STATE:
        changes = {
            name: Reading(getattr(state, name).value, now)
            for name in _READING_NAMES
            if getattr(state, name) is not None
        }
        if state.board_voltage_in_volts is not None:
            changes["board_voltage_in_volts"] = Reading(_board_voltage(rng), now)
    return replace(state, **changes)


def observed(
    state: VehicleState,
    fields: frozenset[StateField],
    *,
    online: bool,
    last_heartbeat: datetime,
    now: datetime,
) -> VehicleState:
    """The state as the service shows it: the reported properties, online and last heartbeat."""
    hidden: dict[str, Any] = {field.attribute: None for field in StateField if field not in fields}
    return replace(state, online=Reading(online, now), last_heartbeat=last_heartbeat, **hidden)


def heartbeat_before(moment: datetime) -> datetime:
    """The last regular heartbeat at or before moment (boxes beat on the minute)."""
    seconds = HEARTBEAT_INTERVAL.total_seconds()
    return moment - timedelta(seconds=moment.timestamp() % seconds)


def _board_voltage(rng: random.Random) -> float:
    return round(12.3 + rng.random() * 0.5, 1)


_READING_NAMES = tuple(field.attribute for field in StateField)
