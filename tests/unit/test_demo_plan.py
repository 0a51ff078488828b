"""The demo's plan of jobs: the same in every process, and dated from the day it is seeded."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta

from core.demo_plan import plan_jobs
from core.job_fields import JobFields

TODAY = date(2026, 11, 27)
PRINT_PLAN = (
    "from datetime import date; from core.demo_plan import plan_jobs; "
    "print([plan_jobs(f, today=date(2026, 11, 27), time_zone='Europe/Berlin') "
    "for f in ('Berlin', 'Munich')])"
)


def plan_in_a_process(hash_seed: str) -> str:
    environment = os.environ | {"PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-c", PRINT_PLAN],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_demo_plan_does_not_depend_on_the_order_of_sets_in_a_process():
    # Sets of variants and presets iterate in another order under another hash seed.
    assert plan_in_a_process("1") == plan_in_a_process("2")


def test_the_demo_plan_moves_with_the_day_it_is_seeded_so_overdue_jobs_stay_overdue():
    days = timedelta(days=400)

    def moved(fields: JobFields) -> JobFields:
        return replace(
            fields,
            service_date=fields.service_date and fields.service_date + days,
            access_from=fields.access_from and fields.access_from + days,
            access_until=fields.access_until and fields.access_until + days,
        )

    for fleet in ("Berlin", "Munich"):
        now = plan_jobs(fleet, today=TODAY, time_zone="Europe/Berlin")
        later = plan_jobs(fleet, today=TODAY + days, time_zone="Europe/Berlin")
        assert [moved(job.fields) for job in now] == [job.fields for job in later]


def test_there_is_no_demo_plan_for_a_fleet_the_demo_does_not_have():
    assert plan_jobs("Hamburg", today=TODAY, time_zone="Europe/Berlin") == []
