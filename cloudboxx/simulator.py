"""An in-memory CloudBoxx fleet that behaves like the real one, faults included, on demand.

Time comes from the clock and sleep handed in, chance from random.Random(seed): with a
ManualClock and a seed, every run is the same. With a state file, every change is written to it
at once, so a restart still knows which boxes were installed.
"""

from __future__ import annotations

import asyncio
import random
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from cloudboxx import car
from cloudboxx.clock import Clock, Sleep, SystemClock
from cloudboxx.errors import BoxBoundElsewhere, BoxError, BoxNotInstalled, UnknownBox
from cloudboxx.sim_fleet import Faults, SimulatedBox, fleet_to_json, read_fleet, write_fleet
from cloudboxx.sim_reach import BoxReach
from cloudboxx.types import Box, BoxConfig, Command, Position, Vehicle, VehicleModel, VehicleState
from cloudboxx.validation import (
    check_command,
    check_config,
    check_flow_id,
    check_vehicle,
    parse_qnr,
    reported_fields,
)

T = TypeVar("T")
DEFAULT_POSITION = Position(lat=52.5200, lon=13.4050)
RECORDED_CALLS = 1000


@dataclass(frozen=True)
class RecordedCall:
    """A call that reached the simulator, with the flow id the caller's audit log records."""

    at: datetime
    flow_id: str
    operation: str
    qnr: str | None
    outcome: str  # "OK" or the error's code


class Simulator:
    """The default BoxGateway: a simulated CloudBoxx fleet with fault injection."""

    def __init__(
        self,
        *,
        seed: int | None = None,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        answer_seconds: float = 0.5,
        timeout_seconds: float = 8.0,
        state_file: Path | None = None,
    ) -> None:
        self._rng = random.Random(seed)
        self._clock: Clock = clock or SystemClock()
        self._sleep: Sleep = sleep or asyncio.sleep
        self._reach = BoxReach(
            rng=self._rng,
            clock=self._clock,
            sleep=self._sleep,
            answer_seconds=answer_seconds,
            timeout_seconds=timeout_seconds,
        )
        self._state_file = state_file
        self._models: dict[str, VehicleModel] = {}
        self._boxes: dict[str, SimulatedBox] = {}
        self._calls: deque[RecordedCall] = deque(maxlen=RECORDED_CALLS)
        self.restored = state_file is not None and state_file.exists()
        if self.restored and state_file is not None:
            self._models, self._boxes = read_fleet(state_file)

    # -- setting up the fleet ------------------------------------------------------------

    def add_vehicle_model(self, model: VehicleModel) -> None:
        """Make a vehicle model known (replacing one with the same id)."""
        self._models[model.id] = model
        self._save()

    def add_box(self, box: Box, *, position: Position = DEFAULT_POSITION) -> None:
        """Add a box to the fleet, installed if box has a vehicle and configuration."""
        qnr = parse_qnr(box.qnr)
        if qnr in self._boxes:
            raise ValueError(f"the simulator already has a box {qnr}")
        if (box.vehicle is None) != (box.config is None):
            raise ValueError(f"box {qnr}: an installed box needs a vehicle and a configuration")
        now = self._clock.now()
        readings = car.box_readings(qnr, position, now, self._rng)
        if box.vehicle is not None and box.config is not None:
            vehicle = check_vehicle(box.vehicle)
            check_config(box.config, self._models.get(box.config.vehicle_model_id))
            fields = reported_fields(self._models[box.config.vehicle_model_id], box.config)
            readings = car.with_vehicle(readings, box.config, fields, now, self._rng)
            box = replace(box, vehicle=vehicle)
        self._boxes[qnr] = SimulatedBox(replace(box, qnr=qnr), readings)
        self._save()

    def has_box(self, qnr: str) -> bool:
        """Whether the fleet has a box with this QNR."""
        return parse_qnr(qnr) in self._boxes

    def set_faults(
        self,
        qnr: str,
        *,
        offline: bool | None = None,
        deep_sleep: bool | None = None,
        slow_seconds: float | None = None,
        drop_rate: float | None = None,
        heartbeat_lost: bool | None = None,
    ) -> Faults:
        """Change what is wrong with a box (None leaves a fault as it is); returns its faults."""
        unit = self._unit(parse_qnr(qnr))
        changes: dict[str, Any] = {
            "offline": offline,
            "deep_sleep": deep_sleep,
            "slow_seconds": slow_seconds,
            "drop_rate": drop_rate,
            "heartbeat_lost": heartbeat_lost,
        }
        faults = replace(
            unit.faults, **{key: value for key, value in changes.items() if value is not None}
        )
        unit.change_faults(faults, self._clock.now())
        self._save()
        return faults

    def faults(self, qnr: str) -> Faults:
        """What is wrong with a box right now."""
        return replace(self._unit(parse_qnr(qnr)).faults)

    @property
    def calls(self) -> list[RecordedCall]:
        """The latest calls that reached the simulator, oldest first."""
        return list(self._calls)

    def snapshot(self) -> dict[str, object]:
        """Everything the simulator would write to its state file, as JSON."""
        return fleet_to_json(self._models, self._boxes)

    # -- the gateway ---------------------------------------------------------------------

    async def list_vehicle_models(self, *, flow_id: str) -> list[VehicleModel]:
        """Every vehicle model a box can be set up for, by brand and model."""

        async def work() -> list[VehicleModel]:
            return sorted(self._models.values(), key=lambda model: (model.brand, model.model))

        return await self._recorded("list_vehicle_models", None, flow_id, work)

    async def get_box(self, qnr: str, *, flow_id: str) -> Box:
        """The box with this QNR."""
        qnr = parse_qnr(qnr)

        async def work() -> Box:
            return self._unit(qnr).box

        return await self._recorded("get_box", qnr, flow_id, work)

    async def bind_box(self, qnr: str, vehicle: Vehicle, config: BoxConfig, *, flow_id: str) -> Box:
        """Install the box in a vehicle with a configuration (again: re-apply it)."""
        qnr, vehicle = parse_qnr(qnr), check_vehicle(vehicle)
        check_config(config, self._models.get(config.vehicle_model_id))

        async def work() -> Box:
            unit = self._unit(qnr)
            bound = unit.box.vehicle
            if bound is not None and not bound.is_same_as(vehicle):
                raise BoxBoundElsewhere(
                    f"The CloudBoxx {qnr} is already installed in another vehicle "
                    f"({bound.name}). Check the QNR on the box's label; if the box was moved, "
                    "the fleet manager has to release it first.",
                    qnr=qnr,
                )
            await self._reach.reach(unit, f"confirm the installation in {vehicle.name}")
            if bound is None:
                return self._configure(unit, config, vehicle)
            same = Vehicle(  # the same vehicle: keep what is known of it
                vin=vehicle.vin or bound.vin,
                license_plate=vehicle.license_plate or bound.license_plate,
            )
            return self._configure(unit, config, same)

        return await self._recorded("bind_box", qnr, flow_id, work, holding=True)

    async def apply_config(self, qnr: str, config: BoxConfig, *, flow_id: str) -> Box:
        """Set up an installed box anew."""
        qnr = parse_qnr(qnr)
        check_config(config, self._models.get(config.vehicle_model_id))

        async def work() -> Box:
            unit = self._unit(qnr)
            if unit.box.vehicle is None:
                raise BoxNotInstalled(
                    f"The CloudBoxx {qnr} is not installed in a vehicle yet. Install it "
                    "(bind it to the vehicle) with this configuration instead.",
                    qnr=qnr,
                )
            await self._reach.reach(unit, "confirm the new configuration")
            return self._configure(unit, config, unit.box.vehicle)

        return await self._recorded("apply_config", qnr, flow_id, work, holding=True)

    async def send_command(self, qnr: str, command: Command, *, flow_id: str) -> VehicleState:
        """Have the box carry out a command; the state changes once the car has done it."""
        qnr = parse_qnr(qnr)

        async def work() -> VehicleState:
            unit = self._unit(qnr)
            check_command(unit.box, self._model_of(unit), command)
            await self._reach.reach(unit, command.label, droppable=True)
            unit.readings = car.after_command(unit.readings, command, self._clock.now(), self._rng)
            self._save()
            return self._observed(unit)

        operation = f"send_command:{command.value}"
        return await self._recorded(operation, qnr, flow_id, work, holding=True)

    async def read_state(self, qnr: str, *, flow_id: str) -> VehicleState:
        """The latest state the service knows; it answers even while the box is offline."""
        qnr = parse_qnr(qnr)

        async def work() -> VehicleState:
            return self._observed(self._unit(qnr))

        return await self._recorded("read_state", qnr, flow_id, work)

    # -- inside --------------------------------------------------------------------------

    async def _recorded(
        self,
        operation: str,
        qnr: str | None,
        flow_id: str,
        work: Callable[[], Awaitable[T]],
        *,
        holding: bool = False,
    ) -> T:
        """Do work and record the call; holding: with the box to itself, check to write."""
        check_flow_id(flow_id)
        at = self._clock.now()
        try:
            if holding and qnr is not None:
                async with self._reach.holding(qnr):
                    result = await work()
            else:
                result = await work()
        except BoxError as error:
            self._calls.append(RecordedCall(at, flow_id, operation, qnr, error.code))
            raise
        self._calls.append(RecordedCall(at, flow_id, operation, qnr, "OK"))
        return result

    def _unit(self, qnr: str) -> SimulatedBox:
        unit = self._boxes.get(qnr)
        if unit is None:
            raise UnknownBox(
                f"There is no CloudBoxx {qnr} in this account. Check the QNR on the box's "
                "label (16 characters 0–9 and A–F).",
                qnr=qnr,
            )
        return unit

    def _configure(self, unit: SimulatedBox, config: BoxConfig, vehicle: Vehicle) -> Box:
        model = self._models[config.vehicle_model_id]
        fields = reported_fields(model, config)
        now = self._clock.now()
        unit.readings = car.with_vehicle(unit.readings, config, fields, now, self._rng)
        unit.box = replace(unit.box, vehicle=vehicle, config=config)
        self._save()
        return unit.box

    def _observed(self, unit: SimulatedBox) -> VehicleState:
        now = self._clock.now()
        return car.observed(
            unit.readings,
            reported_fields(self._model_of(unit), unit.box.config),
            online=unit.online(now) and not unit.faults.deep_sleep,
            last_heartbeat=unit.last_heartbeat(now),
            now=now,
        )

    def _model_of(self, unit: SimulatedBox) -> VehicleModel | None:
        config = unit.box.config
        return self._models.get(config.vehicle_model_id) if config else None

    def _save(self) -> None:
        if self._state_file is not None:
            write_fleet(self._state_file, self._models, self._boxes)
