"""The Overview's chart of jobs finished per day: bars drawn on the server, and the same in words.

SUCCEEDED is the lower part of a day's bar, FAILED stacked on top. No script draws anything:
the page sends an SVG whose title and summary say what the bars show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.job_views import DayCount
from core.moments import MONTHS

WIDE = (640, 200)  # width and height of the drawing on a desktop
NARROW = (360, 220)  # on a phone: the same days, drawn taller for a narrow screen
LEFT = 36  # room for the count labels
BOTTOM = 24  # room for the day labels
TOP = 8
BAR_SHARE = 0.7  # of a day's slot; the rest is the gap between bars


@dataclass(frozen=True, slots=True)
class Bar:
    """One part of a day's bar."""

    kind: str  # "succeeded" or "failed": the CSS class, and what the tooltip says
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class DayColumn:
    """A day: its bars and the tooltip that names its counts."""

    day: DayCount
    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    """A label on one of the axes, where it stands."""

    text: str
    x: float
    y: float
    anchor: str  # SVG text-anchor: where the text stands against x


@dataclass(frozen=True, slots=True)
class FinishedChart:
    """What the template draws, and the sentences that say the same."""

    width: int
    height: int
    columns: tuple[DayColumn, ...]
    count_ticks: tuple[Tick, ...]
    day_ticks: tuple[Tick, ...]
    plot_left: float
    plot_right: float
    summary: str
    succeeded: int
    failed: int


def finished_chart(days: Sequence[DayCount], size: tuple[int, int] = WIDE) -> FinishedChart:
    """The chart of these days, oldest first, scaled to the busiest one, drawn at this size."""
    width, height = size
    top = _axis_top(max((day.succeeded + day.failed for day in days), default=0))
    plot_height = height - TOP - BOTTOM
    slot = (width - LEFT) / max(len(days), 1)
    bar_width = slot * BAR_SHARE
    baseline = height - BOTTOM

    def height_of(count: int) -> float:
        return plot_height * count / top

    columns = []
    for index, day in enumerate(days):
        x = LEFT + index * slot + (slot - bar_width) / 2
        done, lost = height_of(day.succeeded), height_of(day.failed)
        bars = [Bar("succeeded", x, baseline - done, bar_width, done)] if day.succeeded else []
        if day.failed:
            bars.append(Bar("failed", x, baseline - done - lost, bar_width, lost))
        columns.append(DayColumn(day, _day_label(day.day), tuple(bars)))
    count_ticks = tuple(
        Tick(str(value), LEFT - 6, baseline - height_of(value) + 4, "end")
        for value in sorted({0, top // 2, top})
    )
    last = len(columns) - 1
    day_ticks = tuple(
        # Today's label ends at the right edge, so that it is not cut off there.
        Tick(column.label, width, height - 6, "end")
        if index == last
        else Tick(column.label, LEFT + index * slot + slot / 2, height - 6, "middle")
        for index, column in enumerate(columns)
        if (last - index) % 7 == 0  # a week apart, back from today
    )
    return FinishedChart(
        width=width,
        height=height,
        columns=tuple(columns),
        count_ticks=count_ticks,
        day_ticks=day_ticks,
        plot_left=LEFT,
        plot_right=width,
        summary=chart_summary(days),
        succeeded=sum(day.succeeded for day in days),
        failed=sum(day.failed for day in days),
    )


def chart_summary(days: Sequence[DayCount]) -> str:
    """The chart in a sentence or two, for everyone who does not see the bars."""
    succeeded = sum(day.succeeded for day in days)
    failed = sum(day.failed for day in days)
    span = f"the last {len(days)} days"
    if not succeeded + failed:
        return f"No job finished in {span}."
    jobs = "job" if succeeded + failed == 1 else "jobs"
    text = (
        f"In {span}, {succeeded + failed} {jobs} finished: {succeeded} SUCCEEDED, {failed} FAILED."
    )
    busiest = max(days, key=lambda day: (day.succeeded + day.failed, day.day))
    most = busiest.succeeded + busiest.failed
    if most > 1:
        text += f" The busiest day was {_day_label(busiest.day)} with {most}."
    return text


def _axis_top(busiest: int) -> int:
    # The smallest of 2, 4, 6, 10, 20, 40, 60, 100 … that holds the busiest day: even numbers,
    # so the middle line has a whole number too.
    scale = 1
    while True:
        for step in (2, 4, 6, 10):
            if busiest <= step * scale:
                return step * scale
        scale *= 10


def _day_label(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"
