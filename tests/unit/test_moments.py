"""One way to show a moment: the fleet's local time and its zone's abbreviation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.moments import show_moment


@pytest.mark.parametrize(
    ("moment", "time_zone", "shown"),
    [
        (datetime(2026, 11, 27, 9, 0, tzinfo=UTC), "Europe/Berlin", "27 Nov 2026, 10:00 CET"),
        (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "Europe/Berlin", "2 Jul 2026, 00:30 CEST"),
        (datetime(2026, 3, 5, 7, 5, tzinfo=UTC), "UTC", "5 Mar 2026, 07:05 UTC"),
        (datetime(2026, 1, 15, 12, 0, tzinfo=UTC), "America/New_York", "15 Jan 2026, 07:00 EST"),
    ],
    ids=["winter", "summer-across-midnight", "utc", "new-york"],
)
def test_moment_is_shown_in_the_zone_with_its_abbreviation(moment, time_zone, shown):
    assert show_moment(moment, time_zone) == shown


def test_moment_without_a_time_zone_is_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="aware datetime"):
        show_moment(datetime(2026, 11, 27, 9, 0), "Europe/Berlin")
