"""The JSON shape of every type: what the HTTP client, sim_server and the simulator's file share.

Decoding checks every key and type and raises WireError, so a wrong answer or request is
refused with a message instead of surfacing as a KeyError deep inside a caller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from cloudboxx.errors import ERRORS_BY_CODE, BoxError
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
    item = _object(data, "vehicle model")
    capabilities = _object(item.get("capabilities"), "capabilities")
    return VehicleModel(
        id=_str(item, "id"),
        brand=_str(item, "vehicle_brand"),
        model=_str(item, "vehicle_model"),
        vehicle_type=_enum(VehicleType, item, "vehicle_type"),
        central_lock_connection_types=_enums(
            CentralLockConnectionType, item, "central_lock_connection_types"
        ),
        commands=_enums(Command, capabilities, "commands"),
        state_fields=_enums(StateField, capabilities, "vehicle_state"),
        fuel_types=_enums(FuelType, item, "fuel_types"),
        installation_variants=_enums(InstallationVariant, item, "installation_variants"),
        configuration_presets=frozenset(_strs(item, "configuration_presets")),
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
    item = _object(data, "configuration")
    return BoxConfig(
        vehicle_model_id=_str(item, "vehicle_model_id"),
        installation_variant=_enum(InstallationVariant, item, "installation_variant"),
        central_lock_connection_type=_enum(
            CentralLockConnectionType, item, "central_lock_connection_type"
        ),
        fuel_type=_enum(FuelType, item, "fuel_type"),
        configuration_preset=_optional_str(item, "configuration_preset"),
        accessories=_enums(Accessory, item, "accessories"),
    )


def vehicle_to_json(vehicle: Vehicle) -> Json:
    """A vehicle as JSON."""
    return {"vin": vehicle.vin, "license_plate": vehicle.license_plate}


def vehicle_from_json(data: object) -> Vehicle:
    """The vehicle in JSON."""
    item = _object(data, "vehicle")
    return Vehicle(
        vin=_optional_str(item, "vin"), license_plate=_optional_str(item, "license_plate")
    )


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
    item = _object(data, "box")
    vehicle, config = item.get("vehicle"), item.get("configuration")
    return Box(
        qnr=_str(item, "qnr"),
        fleet=_optional_str(item, "fleet"),
        vehicle=vehicle_from_json(vehicle) if vehicle is not None else None,
        config=config_from_json(config) if config is not None else None,
    )


def state_to_json(state: VehicleState) -> Json:
    """A vehicle state as JSON: each property with its value and timestamp, absent when None."""
    data: Json = {
        "qnr": state.qnr,
        "online": _reading_to_json(state.online, _same),
        "last_heartbeat": timestamp_to_json(state.last_heartbeat) if state.last_heartbeat else None,
    }
    for attribute, (encode, _) in _FIELD_CODECS.items():
        reading = getattr(state, attribute)
        if reading is not None:
            data[attribute] = _reading_to_json(reading, encode)
    return data


def state_from_json(data: object) -> VehicleState:
    """The vehicle state in JSON."""
    item = _object(data, "vehicle state")
    readings: dict[str, Reading[Any]] = {}
    for attribute, (_, decode) in _FIELD_CODECS.items():
        if item.get(attribute) is not None:
            readings[attribute] = _reading_from_json(item[attribute], attribute, decode)
    heartbeat = item.get("last_heartbeat")
    return VehicleState(
        qnr=_str(item, "qnr"),
        online=_reading_from_json(item.get("online"), "online", _bool),
        last_heartbeat=timestamp_from_json(heartbeat) if heartbeat is not None else None,
        **readings,
    )


def error_to_json(error: BoxError) -> Json:
    """An error as the body of an HTTP answer."""
    return {"error": {"code": error.code, "message": error.message, "qnr": error.qnr}}


def error_from_json(data: object) -> BoxError | None:
    """The error in an HTTP answer's body, as its own class; None if the body holds none."""
    if not isinstance(data, Mapping) or not isinstance(data.get("error"), Mapping):
        return None
    error = data["error"]
    code, message, qnr = error.get("code"), error.get("message"), error.get("qnr")
    if code not in ERRORS_BY_CODE or not isinstance(message, str) or not message:
        return None
    return ERRORS_BY_CODE[code](message, qnr=qnr if isinstance(qnr, str) else None)


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


def _reading_to_json(reading: Reading[Any], encode: Callable[[Any], object]) -> Json:
    return {"value": encode(reading.value), "timestamp": timestamp_to_json(reading.timestamp)}


def _reading_from_json(data: object, name: str, decode: Callable[[object], Any]) -> Reading[Any]:
    item = _object(data, name)
    if "value" not in item:
        raise WireError(f"{name} has no value")
    try:
        value = decode(item["value"])
    except (ValueError, TypeError):
        raise WireError(f"{name} has an impossible value {str(item['value'])[:40]!r}") from None
    return Reading(value, timestamp_from_json(item.get("timestamp")))


def _same(value: object) -> object:
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError
    return value


def _float(value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError
    return float(value)


def _position_to_json(position: Position) -> Json:
    return {"lat": position.lat, "lon": position.lon}


def _position(value: object) -> Position:
    if not isinstance(value, Mapping):
        raise TypeError
    return Position(lat=_float(value.get("lat")), lon=_float(value.get("lon")))


def _enum_value(value: Any) -> object:
    return value.value if isinstance(value, StrEnum) else value


def _enum_decoder(kind: type[E]) -> Callable[[object], E]:
    def decode(value: object) -> E:
        if not isinstance(value, str):
            raise TypeError
        return kind(value.upper())

    return decode


_FIELD_CODECS: dict[str, tuple[Callable[[Any], object], Callable[[object], Any]]] = {
    StateField.CENTRAL_LOCK.attribute: (_enum_value, _enum_decoder(CentralLockState)),
    StateField.DRIVING_ENABLED.attribute: (_same, _bool),
    StateField.IGNITION.attribute: (_enum_value, _enum_decoder(Ignition)),
    StateField.MILEAGE_IN_KILOMETERS.attribute: (_same, _int),
    StateField.FUEL_LEVEL_IN_PERCENT.attribute: (_same, _int),
    StateField.STATE_OF_CHARGE_IN_PERCENT.attribute: (_same, _int),
    StateField.BOARD_VOLTAGE_IN_VOLTS.attribute: (_same, _float),
    StateField.KEY_FOB_IN_HOLDER.attribute: (_same, _bool),
    StateField.POSITION.attribute: (_position_to_json, _position),
    StateField.CELLULAR_SIGNAL_QUALITY.attribute: (_same, _int),
}


def _object(data: object, name: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise WireError(f"{name} must be a JSON object")
    return data


def _str(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise WireError(f"{key} must be a non-empty string")
    return value


def _optional_str(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise WireError(f"{key} must be a string or null")
    return value or None


def _strs(item: Mapping[str, Any], key: str) -> list[str]:
    values = item.get(key, [])
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise WireError(f"{key} must be a list of strings")
    return values


def _enum(kind: type[E], item: Mapping[str, Any], key: str) -> E:
    value = item.get(key)
    try:
        return _enum_decoder(kind)(value)
    except (ValueError, TypeError):
        choices = ", ".join(member.value for member in kind)
        raise WireError(f"{key} must be one of {choices}, not {str(value)[:40]!r}") from None


def _enums(kind: type[E], item: Mapping[str, Any], key: str) -> frozenset[E]:
    return frozenset(_enum(kind, {key: value}, key) for value in _strs(item, key))
