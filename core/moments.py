"""One way to show a moment: in the fleet's time zone, with the zone's abbreviation."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def show_moment(moment: datetime, time_zone: str) -> str:
    """A moment as people read it, e.g. "27 Nov 2026, 10:00 CET"."""
    local = moment.astimezone(ZoneInfo(time_zone))
    return f"{local.day} {local:%b %Y, %H:%M} {local.tzname()}"
