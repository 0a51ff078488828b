"""The JSON shape of a vehicle state, each reading with its timestamp, and of an error answer.

Split from wire.py, which holds the setup types (vehicle models, configurations, boxes) and the
checked readers both use: a state is the one document every call sends back and the simulator
keeps per box; an error crosses HTTP as {"error": {"code", "message", "qnr"}} and comes back
out of the client as the same class.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from cloudboxx.errors import ERRORS_BY_CODE, BoxError
from cloudboxx.types import (
    CentralLockState,
    Ignition,
    Position,
    Reading,
    StateField,
    VehicleState,
)
from cloudboxx.wire import (
    Json,
    WireError,
    enum_decoder,
    json_object,
    required_str,
    timestamp_from_json,
    timestamp_to_json,
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
    item = json_object(data, "vehicle state")
    readings: dict[str, Reading[Any]] = {}
    for attribute, (_, decode) in _FIELD_CODECS.items():
        if item.get(attribute) is not None:
            readings[attribute] = _reading_from_json(item[attribute], attribute, decode)
    heartbeat = item.get("last_heartbeat")
    return VehicleState(
        qnr=required_str(item, "qnr"),
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


def _reading_to_json(reading: Reading[Any], encode: Callable[[Any], object]) -> Json:
    return {"value": encode(reading.value), "timestamp": timestamp_to_json(reading.timestamp)}


def _reading_from_json(data: object, name: str, decode: Callable[[object], Any]) -> Reading[Any]:
    item = json_object(data, name)
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


_FIELD_CODECS: dict[str, tuple[Callable[[Any], object], Callable[[object], Any]]] = {
    StateField.CENTRAL_LOCK.attribute: (_enum_value, enum_decoder(CentralLockState)),
    StateField.DRIVING_ENABLED.attribute: (_same, _bool),
    StateField.IGNITION.attribute: (_enum_value, enum_decoder(Ignition)),
    StateField.MILEAGE_IN_KILOMETERS.attribute: (_same, _int),
    StateField.FUEL_LEVEL_IN_PERCENT.attribute: (_same, _int),
    StateField.STATE_OF_CHARGE_IN_PERCENT.attribute: (_same, _int),
    StateField.BOARD_VOLTAGE_IN_VOLTS.attribute: (_same, _float),
    StateField.KEY_FOB_IN_HOLDER.attribute: (_same, _bool),
    StateField.POSITION.attribute: (_position_to_json, _position),
    StateField.CELLULAR_SIGNAL_QUALITY.attribute: (_same, _int),
}
