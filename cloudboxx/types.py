"""What the SDK talks about, in INVERS OneAPI words: vehicle models, boxes, commands, state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class VehicleType(StrEnum):
    """The kind of vehicle a model describes."""

    CAR = "CAR"
    VAN = "VAN"
    TRUCK = "TRUCK"
    MOPED = "MOPED"


class CentralLockConnectionType(StrEnum):
    """How the box reaches the car's central lock."""

    DIRECT = "DIRECT"  # wired to the lock's actuator lines
    CAN = "CAN"  # through the car's CAN bus
    KEY_FOB = "KEY_FOB"  # by pressing the buttons of a key fob kept in a key holder
    NONE = "NONE"  # not connected: the box cannot lock or unlock


class InstallationVariant(StrEnum):
    """How the box is fitted into the vehicle."""

    STANDARD = "STANDARD"
    OBD = "OBD"
    KEY_HOLDER = "KEY_HOLDER"
    CUSTOM = "CUSTOM"


class FuelType(StrEnum):
    """What the vehicle runs on."""

    PETROL = "PETROL"
    DIESEL = "DIESEL"
    ELECTRIC = "ELECTRIC"
    HYBRID = "HYBRID"
    PLUG_IN_HYBRID = "PLUG_IN_HYBRID"
    LPG = "LPG"
    CNG = "CNG"
    HYDROGEN = "HYDROGEN"


class Accessory(StrEnum):
    """Hardware fitted together with the box."""

    KEY_HOLDER = "KEY_HOLDER"
    CARD_READER = "CARD_READER"
    BLUETOOTH = "BLUETOOTH"


class Command(StrEnum):
    """A vehicle command, as the OneAPI names its command capabilities."""

    REQUEST_VEHICLE_STATE = "REQUEST_VEHICLE_STATE"
    LOCK_CENTRAL_LOCK = "LOCK_CENTRAL_LOCK"
    UNLOCK_CENTRAL_LOCK = "UNLOCK_CENTRAL_LOCK"
    ENABLE_DRIVING = "ENABLE_DRIVING"
    DISABLE_DRIVING = "DISABLE_DRIVING"
    UNLOCK_AND_ENABLE_DRIVING = "UNLOCK_AND_ENABLE_DRIVING"
    LOCK_AND_DISABLE_DRIVING = "LOCK_AND_DISABLE_DRIVING"
    DRAW_ATTENTION = "DRAW_ATTENTION"

    @property
    def label(self) -> str:
        """What the command does, in words for a technician."""
        return _COMMAND_LABELS[self]

    @property
    def path(self) -> str:
        """The command's name in a URL, e.g. lock-central-lock."""
        return self.value.lower().replace("_", "-")

    @classmethod
    def from_path(cls, path: str) -> Command:
        """The command named by a URL segment such as lock-central-lock; ValueError if none is."""
        return cls(path.upper().replace("-", "_"))


_COMMAND_LABELS = {
    Command.REQUEST_VEHICLE_STATE: "request the vehicle state",
    Command.LOCK_CENTRAL_LOCK: "lock the central lock",
    Command.UNLOCK_CENTRAL_LOCK: "unlock the central lock",
    Command.ENABLE_DRIVING: "enable driving (immobilizer off)",
    Command.DISABLE_DRIVING: "disable driving (immobilizer on)",
    Command.UNLOCK_AND_ENABLE_DRIVING: "unlock and enable driving",
    Command.LOCK_AND_DISABLE_DRIVING: "lock and disable driving",
    Command.DRAW_ATTENTION: "draw attention (horn and lights)",
}

LOCK_COMMANDS = frozenset(
    {
        Command.LOCK_CENTRAL_LOCK,
        Command.UNLOCK_CENTRAL_LOCK,
        Command.UNLOCK_AND_ENABLE_DRIVING,
        Command.LOCK_AND_DISABLE_DRIVING,
    }
)
"""Commands that need the box connected to the central lock."""


class StateField(StrEnum):
    """A vehicle state property a model reports (the OneAPI's vehicle state capabilities)."""

    CENTRAL_LOCK = "CENTRAL_LOCK"
    DRIVING_ENABLED = "DRIVING_ENABLED"
    IGNITION = "IGNITION"
    MILEAGE_IN_KILOMETERS = "MILEAGE_IN_KILOMETERS"
    FUEL_LEVEL_IN_PERCENT = "FUEL_LEVEL_IN_PERCENT"
    STATE_OF_CHARGE_IN_PERCENT = "STATE_OF_CHARGE_IN_PERCENT"
    BOARD_VOLTAGE_IN_VOLTS = "BOARD_VOLTAGE_IN_VOLTS"
    KEY_FOB_IN_HOLDER = "KEY_FOB_IN_HOLDER"
    POSITION = "POSITION"
    CELLULAR_SIGNAL_QUALITY = "CELLULAR_SIGNAL_QUALITY"

    @property
    def attribute(self) -> str:
        """The VehicleState attribute (and JSON key) holding this property."""
        return self.value.lower()


BOX_FIELDS = frozenset({StateField.POSITION, StateField.CELLULAR_SIGNAL_QUALITY})
"""What the box itself reports, whether or not it is installed in a vehicle."""


class CentralLockState(StrEnum):
    """Whether the central lock is locked."""

    LOCKED = "LOCKED"
    UNLOCKED = "UNLOCKED"


class Ignition(StrEnum):
    """Whether the ignition is switched on."""

    ON = "ON"
    OFF = "OFF"


@dataclass(frozen=True)
class VehicleModel:
    """A vehicle model the CloudBoxx service knows, and what a box in it can be set up to do."""

    id: str
    brand: str
    model: str
    vehicle_type: VehicleType
    central_lock_connection_types: frozenset[CentralLockConnectionType]
    commands: frozenset[Command]
    state_fields: frozenset[StateField]
    fuel_types: frozenset[FuelType]
    installation_variants: frozenset[InstallationVariant]
    configuration_presets: frozenset[str] = frozenset()
    accessories: frozenset[Accessory] = frozenset()

    @property
    def name(self) -> str:
        """Brand and model, as a technician reads it: "Volkswagen Golf 8"."""
        return f"{self.brand} {self.model}"


@dataclass(frozen=True)
class BoxConfig:
    """How a box is set up for its vehicle: what an installation job configures."""

    vehicle_model_id: str
    installation_variant: InstallationVariant
    central_lock_connection_type: CentralLockConnectionType
    fuel_type: FuelType
    configuration_preset: str | None = None
    accessories: frozenset[Accessory] = frozenset()


@dataclass(frozen=True)
class Vehicle:
    """The vehicle a box is installed in, known by its VIN, its plate, or both."""

    vin: str | None = None
    license_plate: str | None = None

    @property
    def name(self) -> str:
        """The plate, else the VIN: how a technician recognises the vehicle."""
        return self.license_plate or self.vin or "an unnamed vehicle"

    def is_same_as(self, other: Vehicle) -> bool:
        """Whether both describe one vehicle: same VIN when both have one, else same plate."""
        if self.vin and other.vin:
            return self.vin == other.vin
        return bool(self.license_plate) and self.license_plate == other.license_plate


@dataclass(frozen=True)
class Box:
    """A CloudBoxx by its QNR: its fleet and, once installed, its vehicle and configuration."""

    qnr: str
    fleet: str | None = None
    vehicle: Vehicle | None = None
    config: BoxConfig | None = None

    @property
    def installed(self) -> bool:
        """Whether the box is bound to a vehicle."""
        return self.vehicle is not None and self.config is not None


@dataclass(frozen=True)
class Position:
    """Where the vehicle is, in WGS 84 degrees."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Reading(Generic[T]):
    """One value of the vehicle state and the moment the box captured it."""

    value: T
    timestamp: datetime


@dataclass(frozen=True)
class VehicleState:
    """The latest known state of a box and its vehicle; a property is None when not reported."""

    qnr: str
    online: Reading[bool]
    last_heartbeat: datetime | None = None
    central_lock: Reading[CentralLockState] | None = None
    driving_enabled: Reading[bool] | None = None
    ignition: Reading[Ignition] | None = None
    mileage_in_kilometers: Reading[int] | None = None
    fuel_level_in_percent: Reading[int] | None = None
    state_of_charge_in_percent: Reading[int] | None = None
    board_voltage_in_volts: Reading[float] | None = None
    key_fob_in_holder: Reading[bool] | None = None
    position: Reading[Position] | None = None
    cellular_signal_quality: Reading[int] | None = None
