"""The simulated fleet as data: each box with its readings and faults, and the file keeping it."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cloudboxx.car import HEARTBEAT_GRACE, heartbeat_before
from cloudboxx.types import Box, VehicleModel, VehicleState
from cloudboxx.wire import (
    Json,
    WireError,
    box_from_json,
    box_to_json,
    model_from_json,
    model_to_json,
    timestamp_from_json,
    timestamp_to_json,
)
from cloudboxx.wire_state import state_from_json, state_to_json

FILE_VERSION = 1


@dataclass
class Faults:
    """What is wrong with one box right now; all off means a healthy box."""

    offline: bool = False
    deep_sleep: bool = False
    slow_seconds: float = 0.0
    drop_rate: float = 0.0
    heartbeat_lost: bool = False


@dataclass
class SimulatedBox:
    """One box of the simulated fleet: what the service knows, what the car reports, its faults."""

    box: Box
    readings: VehicleState
    faults: Faults = field(default_factory=Faults)
    silent_since: datetime | None = None  # when its heartbeat stopped, while offline or lost

    def change_faults(self, faults: Faults, now: datetime) -> None:
        """Give the box these faults; its heartbeat stops now if it goes offline or is lost."""
        if faults.slow_seconds < 0:
            raise ValueError("slow_seconds cannot be negative")
        if not 0.0 <= faults.drop_rate <= 1.0:
            raise ValueError("drop_rate is a share of the commands, from 0.0 to 1.0")
        silent = faults.offline or faults.heartbeat_lost
        if not silent:
            self.silent_since = None
        elif self.silent_since is None:
            self.silent_since = now
        self.faults = faults

    def last_heartbeat(self, now: datetime) -> datetime:
        """When the box last sent a heartbeat."""
        return heartbeat_before(self.silent_since or now)

    def online(self, now: datetime) -> bool:
        """Whether the box is connected: not offline, and its last heartbeat recent enough."""
        return not self.faults.offline and now - self.last_heartbeat(now) <= HEARTBEAT_GRACE


def fleet_to_json(models: dict[str, VehicleModel], boxes: dict[str, SimulatedBox]) -> Json:
    """The whole simulated fleet as one JSON document."""
    return {
        "version": FILE_VERSION,
        "vehicle_models": [model_to_json(models[key]) for key in sorted(models)],
        "boxes": [_box_to_json(boxes[key]) for key in sorted(boxes)],
    }


def fleet_from_json(data: Any) -> tuple[dict[str, VehicleModel], dict[str, SimulatedBox]]:
    """The vehicle models and boxes in a document written by fleet_to_json."""
    if not isinstance(data, dict) or data.get("version") != FILE_VERSION:
        raise WireError(f"not a version {FILE_VERSION} simulator state")
    models = [model_from_json(item) for item in data.get("vehicle_models", [])]
    boxes = [_box_from_json(item) for item in data.get("boxes", [])]
    return {model.id: model for model in models}, {unit.box.qnr: unit for unit in boxes}


def write_fleet(
    path: Path, models: dict[str, VehicleModel], boxes: dict[str, SimulatedBox]
) -> None:
    """Write the fleet to path, atomically: a crash leaves the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = json.dumps(fleet_to_json(models, boxes), indent=1, sort_keys=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(document)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def read_fleet(path: Path) -> tuple[dict[str, VehicleModel], dict[str, SimulatedBox]]:
    """The fleet kept in path; ValueError naming the file if it cannot be read."""
    try:
        return fleet_from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise ValueError(f"the simulator state file {path} cannot be read: {error}") from None


def _box_to_json(unit: SimulatedBox) -> Json:
    faults = unit.faults
    return {
        "box": box_to_json(unit.box),
        "readings": state_to_json(unit.readings),
        "faults": {
            "offline": faults.offline,
            "deep_sleep": faults.deep_sleep,
            "slow_seconds": faults.slow_seconds,
            "drop_rate": faults.drop_rate,
            "heartbeat_lost": faults.heartbeat_lost,
        },
        "silent_since": timestamp_to_json(unit.silent_since) if unit.silent_since else None,
    }


def _box_from_json(data: Any) -> SimulatedBox:
    if not isinstance(data, dict) or not isinstance(data.get("faults"), dict):
        raise WireError("a box entry must be an object with box, readings and faults")
    faults = data["faults"]
    silent = data.get("silent_since")
    return SimulatedBox(
        box=box_from_json(data.get("box")),
        readings=state_from_json(data.get("readings")),
        faults=Faults(
            offline=bool(faults.get("offline", False)),
            deep_sleep=bool(faults.get("deep_sleep", False)),
            slow_seconds=float(faults.get("slow_seconds", 0.0)),
            drop_rate=float(faults.get("drop_rate", 0.0)),
            heartbeat_lost=bool(faults.get("heartbeat_lost", False)),
        ),
        silent_since=timestamp_from_json(silent) if silent is not None else None,
    )
