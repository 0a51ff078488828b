"""The CloudBoxx SDK: box types, the gateway protocol, an HTTP client and a simulator.

It imports nothing of FleetCrew. Start with BoxGateway (gateway.py): the Simulator and the
CloudBoxxClient both are one; sim_server serves a Simulator over HTTP; demo.py seeds a fleet.
"""

from cloudboxx.clock import Clock, ManualClock, Sleep, SystemClock
from cloudboxx.errors import (
    BoxBoundElsewhere,
    BoxError,
    BoxNotInstalled,
    BoxRejected,
    BoxTimeout,
    BoxUnreachable,
    CommandNotSupported,
    ConfigurationNotAllowed,
    GatewayUnavailable,
    InvalidBoxInput,
    MalformedQnr,
    UnknownBox,
)
from cloudboxx.gateway import BoxGateway
from cloudboxx.http import CloudBoxxClient, Retries, Timeouts
from cloudboxx.sim_fleet import Faults
from cloudboxx.simulator import RecordedCall, Simulator
from cloudboxx.types import (
    Accessory,
    Box,
    BoxConfig,
    CentralLockConnectionType,
    CentralLockState,
    Command,
    FuelType,
    Ignition,
    InstallationVariant,
    Position,
    Reading,
    StateField,
    Vehicle,
    VehicleModel,
    VehicleState,
    VehicleType,
)
from cloudboxx.validation import parse_qnr, reported_fields, supported_commands

__all__ = [
    "Accessory",
    "Box",
    "BoxBoundElsewhere",
    "BoxConfig",
    "BoxError",
    "BoxGateway",
    "BoxNotInstalled",
    "BoxRejected",
    "BoxTimeout",
    "BoxUnreachable",
    "CentralLockConnectionType",
    "CentralLockState",
    "Clock",
    "CloudBoxxClient",
    "Command",
    "CommandNotSupported",
    "ConfigurationNotAllowed",
    "Faults",
    "FuelType",
    "GatewayUnavailable",
    "Ignition",
    "InstallationVariant",
    "InvalidBoxInput",
    "MalformedQnr",
    "ManualClock",
    "Position",
    "Reading",
    "RecordedCall",
    "Retries",
    "Simulator",
    "Sleep",
    "StateField",
    "SystemClock",
    "Timeouts",
    "UnknownBox",
    "Vehicle",
    "VehicleModel",
    "VehicleState",
    "VehicleType",
    "parse_qnr",
    "reported_fields",
    "supported_commands",
]
