"""Checks every gateway runs before a call leaves: QNR, flow id, vehicle, configuration, command."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from cloudboxx.errors import (
    BoxNotInstalled,
    CommandNotSupported,
    ConfigurationNotAllowed,
    InvalidBoxInput,
    MalformedQnr,
)
from cloudboxx.types import (
    BOX_FIELDS,
    LOCK_COMMANDS,
    Accessory,
    Box,
    BoxConfig,
    CentralLockConnectionType,
    Command,
    FuelType,
    StateField,
    Vehicle,
    VehicleModel,
)

QNR_LENGTH = 16
_QNR = re.compile(r"[0-9A-F]{16}")
_SEPARATORS = re.compile(r"[\s-]+")
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_FLOW_ID = re.compile(r"[!-~]{1,128}")
_MAX_PLATE = 20
_SHOWN = 40  # characters of bad input repeated in a message
_CHARGED = frozenset({FuelType.ELECTRIC, FuelType.PLUG_IN_HYBRID})


def parse_qnr(text: str) -> str:
    """The QNR in text, upper-case and without spaces or dashes; MalformedQnr if it is none."""
    qnr = _SEPARATORS.sub("", text).upper()
    if not _QNR.fullmatch(qnr):
        raise MalformedQnr(
            f"“{_shown(text)}” is not a QNR. A QNR is the 16 characters 0–9 and A–F on the "
            "CloudBoxx label, for example 38429DA427AB7C25."
        )
    return qnr


def check_flow_id(flow_id: str) -> str:
    """The flow id if the audit log can record it (1–128 visible ASCII characters)."""
    if not _FLOW_ID.fullmatch(flow_id):
        raise InvalidBoxInput(
            f"“{_shown(flow_id)}” cannot be used as a flow id: use 1 to 128 visible ASCII "
            "characters without spaces."
        )
    return flow_id


def check_vehicle(vehicle: Vehicle) -> Vehicle:
    """The vehicle with VIN and plate normalised; InvalidBoxInput if neither identifies it."""
    vin = vehicle.vin.strip().upper() if vehicle.vin else None
    plate = " ".join(vehicle.license_plate.split()).upper() if vehicle.license_plate else None
    if not vin and not plate:
        raise InvalidBoxInput("Give the vehicle's VIN or licence plate to install the box.")
    if vin and not _VIN.fullmatch(vin):
        raise InvalidBoxInput(
            f"“{_shown(vehicle.vin or '')}” is not a VIN: a VIN has 17 characters, letters "
            "and digits without I, O and Q."
        )
    if plate and (len(plate) > _MAX_PLATE or not plate.isprintable()):
        raise InvalidBoxInput(f"“{_shown(plate)}” is not a licence plate.")
    return Vehicle(vin=vin or None, license_plate=plate or None)


def check_config(config: BoxConfig, model: VehicleModel | None) -> None:
    """Raise ConfigurationNotAllowed, naming every value the model does not allow."""
    if model is None or model.id != config.vehicle_model_id:
        raise ConfigurationNotAllowed(
            f"The vehicle model “{_shown(config.vehicle_model_id)}” is not known to CloudBoxx. "
            "Pick the model from the list of vehicle models."
        )
    problems = []
    if config.installation_variant not in model.installation_variants:
        problems.append(
            _not_allowed(
                "installation variant", config.installation_variant, model.installation_variants
            )
        )
    lock_types = model.central_lock_connection_types | {CentralLockConnectionType.NONE}
    if config.central_lock_connection_type not in lock_types:
        problems.append(
            _not_allowed("central lock connection", config.central_lock_connection_type, lock_types)
        )
    if config.fuel_type not in model.fuel_types:
        problems.append(_not_allowed("fuel type", config.fuel_type, model.fuel_types))
    preset = config.configuration_preset
    if preset is not None and preset not in model.configuration_presets:
        problems.append(_not_allowed("configuration preset", preset, model.configuration_presets))
    for accessory in sorted(config.accessories - model.accessories):
        problems.append(_not_allowed("accessory", accessory, model.accessories))
    if (
        config.central_lock_connection_type is CentralLockConnectionType.KEY_FOB
        and Accessory.KEY_HOLDER not in config.accessories
    ):
        problems.append("a KEY_FOB central lock connection needs the KEY_HOLDER accessory")
    if problems:
        raise ConfigurationNotAllowed(
            f"The {model.name} does not allow this setup: {'; '.join(problems)}."
        )


def supported_commands(model: VehicleModel, config: BoxConfig) -> frozenset[Command]:
    """The commands a box set up with config can carry out in a vehicle of this model."""
    if config.central_lock_connection_type is CentralLockConnectionType.NONE:
        return model.commands - LOCK_COMMANDS
    return model.commands


def reported_fields(model: VehicleModel | None, config: BoxConfig | None) -> frozenset[StateField]:
    """The state properties a box reports: its own, plus the model's as the box is set up."""
    if model is None or config is None:
        return BOX_FIELDS
    fields = set(model.state_fields | BOX_FIELDS)
    if Accessory.KEY_HOLDER not in config.accessories:
        fields.discard(StateField.KEY_FOB_IN_HOLDER)
    if config.central_lock_connection_type is CentralLockConnectionType.NONE:
        fields.discard(StateField.CENTRAL_LOCK)
    if config.fuel_type is FuelType.ELECTRIC:
        fields.discard(StateField.FUEL_LEVEL_IN_PERCENT)
    if config.fuel_type not in _CHARGED:
        fields.discard(StateField.STATE_OF_CHARGE_IN_PERCENT)
    return frozenset(fields)


def check_command(box: Box, model: VehicleModel | None, command: Command) -> None:
    """Raise unless the box, as installed and set up, can carry out command."""
    if box.config is None:
        if command is Command.REQUEST_VEHICLE_STATE:
            return
        raise BoxNotInstalled(
            f"The CloudBoxx {box.qnr} is not installed in a vehicle yet, so it cannot "
            f"{command.label}. Install it first.",
            qnr=box.qnr,
        )
    if model is None or command not in supported_commands(model, box.config):
        name = model.name if model is not None else "vehicle"
        raise CommandNotSupported(
            f"The {name} with CloudBoxx {box.qnr} cannot {command.label}"
            f"{_lock_hint(box.config, command)}.",
            qnr=box.qnr,
        )


def _lock_hint(config: BoxConfig, command: Command) -> str:
    if command in LOCK_COMMANDS and (
        config.central_lock_connection_type is CentralLockConnectionType.NONE
    ):
        return ": the box is not connected to the central lock"
    return ""


def _not_allowed(what: str, value: str, allowed: AbstractSet[str]) -> str:
    choices = " or ".join(sorted(allowed)) if allowed else "none"
    return f"{what} {_shown(value)} is not possible (possible: {choices})"


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
