"""What a box reported, as short readings a manager reads: "online", "central lock locked" — pure.

The input is a state as cloudboxx.wire_state.state_to_json wrote it into an answer or a box
command; it comes back from the database, so a reading that is missing or malformed is left out
rather than trusted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from core.moments import show_moment

BRIEF = frozenset({"central_lock", "driving_enabled", "key_fob_in_holder"})
"""What a live test looks at, besides online and the heartbeat."""


def box_readings(observed: object, time_zone: str, *, brief: bool = False) -> tuple[str, ...]:
    """The readings of a reported state, in a fixed order; () when nothing was reported.

    brief: only what a live test looks at (online, heartbeat, lock, driving, key fob)."""
    if not isinstance(observed, Mapping):
        return ()
    readings: list[str] = []
    online = _value(observed, "online")
    if isinstance(online, bool):
        readings.append("online" if online else "offline")
    heartbeat = _moment(observed.get("last_heartbeat"))
    if heartbeat is not None:
        readings.append(f"last heartbeat {show_moment(heartbeat, time_zone)}")
    for key, words in _WORDS.items():
        if brief and key not in BRIEF:
            continue
        value = _value(observed, key)
        if value is not None:
            text = words(value)
            if text is not None:
                readings.append(text)
    return tuple(readings)


def _value(observed: Mapping[str, Any], key: str) -> object:
    reading = observed.get(key)
    return reading.get("value") if isinstance(reading, Mapping) else None


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _yes_no(yes: str, no: str) -> Callable[[object], str | None]:
    return lambda value: (yes if value else no) if isinstance(value, bool) else None


def _choice(name: str) -> Callable[[object], str | None]:
    return lambda value: f"{name} {value.lower()}" if isinstance(value, str) else None


def _number(pattern: str) -> Callable[[object], str | None]:
    def words(value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return pattern.format(value)

    return words


def _position(value: object) -> str | None:
    if not isinstance(value, Mapping):
        return None
    lat, lon = value.get("lat"), value.get("lon")
    if not all(isinstance(part, int | float) for part in (lat, lon)):
        return None
    return f"position {lat:.5f}, {lon:.5f}"


_WORDS: dict[str, Callable[[object], str | None]] = {
    "central_lock": _choice("central lock"),
    "driving_enabled": _yes_no("driving enabled", "driving disabled"),
    "key_fob_in_holder": _yes_no("key fob in its holder", "key fob not in its holder"),
    "ignition": _choice("ignition"),
    "mileage_in_kilometers": _number("mileage {:,} km"),
    "fuel_level_in_percent": _number("fuel {} %"),
    "state_of_charge_in_percent": _number("charge {} %"),
    "board_voltage_in_volts": _number("board voltage {:.1f} V"),
    "cellular_signal_quality": _number("signal quality {}"),
    "position": _position,
}
