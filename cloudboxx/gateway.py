"""The gateway: the six things FleetCrew (or anyone) asks of the CloudBoxx service."""

from __future__ import annotations

from typing import Protocol

from cloudboxx.types import Box, BoxConfig, Command, Vehicle, VehicleModel, VehicleState


class BoxGateway(Protocol):
    """Talks to CloudBoxx units by QNR; the simulator and the HTTP client both are one.

    Every call carries a flow id, which the caller's audit log records and the gateway passes
    on (the HTTP client as the X-Flow-Id header, the simulator in its call record). Errors are
    the classes of cloudboxx.errors; input that cannot be right (a malformed QNR, a
    configuration the model does not allow) is refused before anything is sent.
    """

    async def list_vehicle_models(self, *, flow_id: str) -> list[VehicleModel]:
        """Every vehicle model a box can be set up for."""
        ...

    async def get_box(self, qnr: str, *, flow_id: str) -> Box:
        """The box with this QNR: its fleet and, once installed, its vehicle and configuration."""
        ...

    async def bind_box(self, qnr: str, vehicle: Vehicle, config: BoxConfig, *, flow_id: str) -> Box:
        """Install the box in a vehicle with a configuration (again: re-apply it)."""
        ...

    async def apply_config(self, qnr: str, config: BoxConfig, *, flow_id: str) -> Box:
        """Set up an installed box anew."""
        ...

    async def send_command(self, qnr: str, command: Command, *, flow_id: str) -> VehicleState:
        """Have the box carry out a command; returns the state it reports afterwards."""
        ...

    async def read_state(self, qnr: str, *, flow_id: str) -> VehicleState:
        """The latest state the service knows, without waking the box."""
        ...
