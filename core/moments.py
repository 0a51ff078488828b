"""How FleetCrew shows a moment to people: the fleet's local time with its zone's abbreviation.

One way everywhere (admin web, e-mails, the bot), so a manager and a partner read the same
words for the same moment. English month abbreviations, not the process locale, so the text
does not change with the machine it runs on.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def show_moment(moment: datetime, time_zone: str) -> str:
    """A moment in a time zone as people read it: `27 Nov 2026, 10:00 CET`."""
    if moment.tzinfo is None:
        # A naive datetime would be read in the server's own zone: refuse to guess.
        raise ValueError("show_moment needs a moment with its time zone (an aware datetime)")
    local = moment.astimezone(ZoneInfo(time_zone))
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M} {local.tzname()}"


def local_date(moment: datetime, time_zone: str) -> date:
    """The day a moment falls on in a time zone: a fleet's "today"."""
    return moment.astimezone(ZoneInfo(time_zone)).date()
