"""The JSON shape of every type: what the HTTP client, sim_server and the simulator's file share.

This module holds the setup types (vehicle models, configurations, vehicles, boxes), timestamps
and the checked readers; wire_state.py holds the vehicle state and the error answer. Decoding
checks every key and type and raises WireError, so a wrong answer or request is refused with a
message instead of surfacing as a KeyError deep inside a caller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from cloudboxx.types import (
    Accessory,
    Box,
    BoxConfig,
    CentralLockConnectionType,
    Command,
    FuelType,
    InstallationVariant,
    StateField,
    Vehicle,
    VehicleModel,
    VehicleType,
)

Json = dict[str, Any]
FLOW_ID_HEADER = "X-Flow-Id"
TOKEN_PATH = "/auth/oauth/token"
TOKEN_LIFETIME_SECONDS = 900  # as the OneAPI's: 15 minutes
E = TypeVar("E", bound=StrEnum)


class WireError(ValueError):
    """A JSON document does not have the shape it should; the message names the key."""


def model_to_json(model: VehicleModel) -> Json:
    """A vehicle model as JSON."""
    return {
        "id": model.id,
        "vehicle_brand": model.brand,
        "vehicle_model": model.model,
        "vehicle_type": model.vehicle_type.value,
        "central_lock_connection_types": sorted(model.central_lock_connection_types),
        "capabilities": {
            "commands": sorted(model.commands),
            "vehicle_state": sorted(model.state_fields),
        },
        "fuel_types": sorted(model.fuel_types),
        "installation_variants": sorted(model.installation_variants),
        "configuration_presets": sorted(model.configuration_presets),
        "accessories": sorted(model.accessories),
    }


def model_from_json(data: object) -> VehicleModel:
    """The vehicle model in JSON."""
    item = json_object(data, "vehicle model")
    capabilities = json_object(item.get("capabilities"), "capabilities")
    return VehicleModel(
        id=required_str(item, "id"),
        brand=required_str(item, "vehicle_brand"),
        model=required_str(item, "vehicle_model"),
        vehicle_type=_enum(VehicleType, item, "vehicle_type"),
        central_lock_connection_types=_enums(
            CentralLockConnectionType, item, "central_lock_connection_types"
        ),
        commands=_enums(Command, capabilities, "commands"),
        state_fields=_enums(StateField, capabilities, "vehicle_state"),
        fuel_types=_enums(FuelType, item, "fuel_types"),
        installation_variants=_enums(InstallationVariant, item, "installation_variants"),
        configuration_presets=frozenset(str_list(item, "configuration_presets")),
        accessories=_enums(Accessory, item, "accessories"),
    )


def config_to_json(config: BoxConfig) -> Json:
    """A box configuration as JSON."""
    return {
        "vehicle_model_id": config.vehicle_model_id,
        "installation_variant": config.installation_variant.value,
        "central_lock_connection_type": config.central_lock_connection_type.value,
        "fuel_type": config.fuel_type.value,
        "configuration_preset": config.configuration_preset,
        "accessories": sorted(config.accessories),
    }


def config_from_json(data: object) -> BoxConfig:
    """The box configuration in JSON."""
    item = json_object(data, "configuration")
    return BoxConfig(
        vehicle_model_id=required_str(item, "vehicle_model_id"),
        installation_variant=_enum(InstallationVariant, item, "installation_variant"),
        central_lock_connection_type=_enum(
            CentralLockConnectionType, item, "central_lock_connection_type"
        ),
        fuel_type=_enum(FuelType, item, "fuel_type"),
        configuration_preset=optional_str(item, "configuration_preset"),
        accessories=_enums(Accessory, item, "accessories"),
    )


def vehicle_to_json(vehicle: Vehicle) -> Json:
    """A vehicle as JSON."""
    return {"vin": vehicle.vin, "license_plate": vehicle.license_plate}


def vehicle_from_json(data: object) -> Vehicle:
    """The vehicle in JSON."""
    item = json_object(data, "vehicle")
    return Vehicle(vin=optional_str(item, "vin"), license_plate=optional_str(item, "license_plate"))


def box_to_json(box: Box) -> Json:
    """A box as JSON."""
    return {
        "qnr": box.qnr,
        "fleet": box.fleet,
        "vehicle": vehicle_to_json(box.vehicle) if box.vehicle else None,
        "configuration": config_to_json(box.config) if box.config else None,
    }


def box_from_json(data: object) -> Box:
    """The box in JSON."""
    item = json_object(data, "box")
    vehicle, config = item.get("vehicle"), item.get("configuration")
    return Box(
        qnr=required_str(item, "qnr"),
        fleet=optional_str(item, "fleet"),
        vehicle=vehicle_from_json(vehicle) if vehicle is not None else None,
        config=config_from_json(config) if config is not None else None,
    )


def timestamp_to_json(moment: datetime) -> str:
    """A moment as ISO 8601 in UTC, e.g. 2026-11-27T09:00:00Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def timestamp_from_json(value: object) -> datetime:
    """The moment in an ISO 8601 string with a time zone."""
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if moment.tzinfo is not None:
                return moment.astimezone(UTC)
    raise WireError(f"{str(value)[:40]!r} is not a timestamp with a time zone")


# -- checked readers, shared with wire_state.py ---------------------------------------------


def enum_decoder(kind: type[E]) -> Callable[[object], E]:
    """A decoder for kind's members, read in any case; TypeError or ValueError if none."""

    def decode(value: object) -> E:
        if not isinstance(value, str):
            raise TypeError
        return kind(value.upper())

    return decode


def json_object(data: object, name: str) -> Mapping[str, Any]:
    """data, if it is a JSON object; else WireError naming it."""
    if not isinstance(data, Mapping):
        raise WireError(f"{name} must be a JSON object")
    return data


def required_str(item: Mapping[str, Any], key: str) -> str:
    """The non-empty string at key; else WireError naming the key."""
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise WireError(f"{key} must be a non-empty string")
    return value


def optional_str(item: Mapping[str, Any], key: str) -> str | None:
    """The string at key, None if it is absent, null or empty; WireError if not a string."""
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise WireError(f"{key} must be a string or null")
    return value or None


def str_list(item: Mapping[str, Any], key: str) -> list[str]:
    """The list of strings at key, empty if absent; else WireError naming the key."""
    values = item.get(key, [])
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise WireError(f"{key} must be a list of strings")
    return values


def _enum(kind: type[E], item: Mapping[str, Any], key: str) -> E:
    value = item.get(key)
    try:
        return enum_decoder(kind)(value)
    except (ValueError, TypeError):
        choices = ", ".join(member.value for member in kind)
        raise WireError(f"{key} must be one of {choices}, not {str(value)[:40]!r}") from None


def _enums(kind: type[E], item: Mapping[str, Any], key: str) -> frozenset[E]:
    return frozenset(_enum(kind, {key: value}, key) for value in str_list(item, key))
