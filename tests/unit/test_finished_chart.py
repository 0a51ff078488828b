"""The Overview's chart: bars to the scale of the busiest day, day labels a week apart, words."""

from __future__ import annotations

from datetime import date, timedelta

from admin_web.finished_chart import NARROW, WIDE, chart_summary, finished_chart
from core.job_views import DayCount

TODAY = date(2026, 11, 27)


def month(**counts: tuple[int, int]) -> list[DayCount]:
    """30 days up to TODAY; counts by days ago, e.g. d0=(3, 1) for today."""
    days = []
    for back in range(29, -1, -1):
        succeeded, failed = counts.get(f"d{back}", (0, 0))
        days.append(DayCount(TODAY - timedelta(days=back), succeeded, failed))
    return days


def test_a_days_bar_stacks_failed_on_succeeded_to_the_scale_of_the_busiest_day():
    chart = finished_chart(month(d0=(3, 1), d5=(1, 0)), WIDE)

    today = chart.columns[-1]
    done, lost = today.bars
    assert (done.kind, lost.kind) == ("succeeded", "failed")
    assert lost.y + lost.height == done.y  # FAILED sits right on top
    assert [tick.text for tick in chart.count_ticks] == ["0", "2", "4"]
    full = chart.height - 8 - 24
    assert done.height + lost.height == full  # 4 of 4
    assert chart.columns[-6].bars[0].height == full / 4
    assert chart.columns[0].bars == ()


def test_day_labels_stand_a_week_apart_back_from_today_and_today_ends_at_the_edge():
    chart = finished_chart(month(), NARROW)

    assert [tick.text for tick in chart.day_ticks] == [
        "30 Oct",
        "6 Nov",
        "13 Nov",
        "20 Nov",
        "27 Nov",
    ]
    assert chart.day_ticks[-1].x == chart.width
    assert chart.day_ticks[-1].anchor == "end"


def test_the_summary_counts_the_finished_jobs_and_names_the_busiest_day():
    assert chart_summary(month()) == "No job finished in the last 30 days."
    assert chart_summary(month(d1=(1, 0))) == (
        "In the last 30 days, 1 job finished: 1 SUCCEEDED, 0 FAILED."
    )
    assert chart_summary(month(d1=(2, 1), d3=(0, 2))) == (
        "In the last 30 days, 5 jobs finished: 2 SUCCEEDED, 3 FAILED. "
        "The busiest day was 26 Nov with 3."
    )


def test_the_scale_grows_in_steps_that_halve_to_whole_numbers():
    tops = [
        finished_chart(month(d0=(busiest, 0))).count_ticks[-1].text
        for busiest in (0, 5, 7, 11, 45, 101)
    ]

    assert tops == ["2", "6", "10", "20", "60", "200"]
