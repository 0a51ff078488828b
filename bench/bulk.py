"""Bulk actions on a whole filter of a fleet's jobs, through the service the admin web calls.

Setup (not measured) writes a fleet Berlin, its manager, a partner ACCEPTED for it with a few
team members, their chats with the bot (--chats more people's too), and N PENDING installation
jobs on a Golf 8 straight into a migrated SQLite file (Core executemany). Then each action goes
through its service on "every job matching this filter", timed from opening the unit of work to
its commit, as one web request does it:

- assign_s: every PENDING job to the partner (one Telegram message per team member);
- unassign_s: every ASSIGNED job back (PENDING again; the team hears once);
- change_s: the installation variant OBD on every PENDING job (checked against the Golf 8);
- delete_s: every job of the table.

    python -m bench.bulk [--jobs 10000] [--chats 5]

Deleting a job makes SQLite look for chats at its checklist (telegram_chats.job_id, ON DELETE
SET NULL), which has no index: with thousands of chats delete_s grows with their number.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from bench.crew import bench_partner
from cloudboxx.demo import DEMO_VEHICLE_MODELS, GOLF
from core.actors import Manager, TeamRole
from core.container import Services
from core.db.migrate import migrate
from core.db.models import Job, ServicePartner, Technician, TelegramChat, TelegramMessage
from core.db.uow import UnitOfWork
from core.job_fields import JobType
from core.job_views import BulkResult
from core.services.job_bulk import assign_jobs, delete_jobs, unassign_jobs
from core.services.job_bulk_edit import change_jobs
from core.services.job_list import JobFilter, JobQuery
from core.services.job_selection import JobSelection
from core.settings import load_settings
from core.status import JobStatus
from fleetcrew.runtime import running_services

TARGET_S = 2.0
TEAM = 5  # the partner admin and four technicians
FIRST_MEMBER = 7_000_001


def say(text: str) -> None:
    """Progress on stderr; stdout carries the figures."""
    print(text, file=sys.stderr, flush=True)


async def seed(services: Services, jobs: int, chats: int) -> tuple[Manager, int, str]:
    """Berlin, its manager, a partner with its team, chats, the jobs; (manager, fleet id, code)."""
    uow = services.uow
    manager, berlin, code = await bench_partner(services, admin_telegram_id=FIRST_MEMBER)
    async with uow() as work:
        now = work.clock.now()
        partner_id = await work.session.scalar(
            select(ServicePartner.id).where(ServicePartner.partner_code == code)
        )
        await work.session.execute(
            insert(Technician),
            [
                {
                    "telegram_user_id": FIRST_MEMBER + n,
                    "partner_id": partner_id,
                    "role": TeamRole.TECHNICIAN,
                    "display_name": f"Tech {n}",
                    "joined_at": now,
                }
                for n in range(1, TEAM)
            ],
        )
        await work.session.execute(
            insert(TelegramChat),
            [
                {
                    "id": FIRST_MEMBER + n,
                    "name": f"Person {n}",
                    "language": "en",
                    "first_seen_at": now,
                }
                for n in range(max(chats, TEAM))
            ],
        )
        planned = ["license_plate", "vin", "vehicle_model_id", "service_date"]
        rows = [
            {
                "fleet_id": berlin,
                "job_type": JobType.INSTALLATION.value,
                "status": JobStatus.PENDING.value,
                "license_plate": f"B-BK {number}",
                "vin": f"WVWZZZCDZMW{number:06d}",
                "vehicle_model_id": GOLF,
                "service_date": date(2026, 12, 1) + timedelta(days=number % 60),
                "search_text": f"wvwzzzcdzmw{number:06d} b-bk {number}",
                "planned_fields": planned,
                "created_at": now,
                "updated_at": now,
            }
            for number in range(jobs)
        ]
        await work.session.execute(insert(Job), rows)
        await work.commit()
    return manager, berlin, code


def every(status: JobStatus | None, seen: int) -> JobSelection:
    """Every installation job of the table with this status chip on (None: All)."""
    statuses = frozenset({status}) if status else frozenset()
    return JobSelection.matching(
        JobQuery(JobType.INSTALLATION, JobFilter(statuses=statuses)), seen=seen
    )


async def timed(
    services: Services, action: Callable[[UnitOfWork], Awaitable[BulkResult]], expected: int
) -> float:
    """Seconds from opening the unit of work to its commit; the action must do every job."""
    started = time.perf_counter()
    async with services.uow() as uow:
        result = await action(uow)
    seconds = time.perf_counter() - started
    assert result.done == expected and not result.skipped, result.summary
    say(f"{result.summary} in {seconds:.3f} s")
    return seconds


async def messages(services: Services) -> int:
    """How many Telegram messages are queued."""
    async with services.uow.read_only() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(TelegramMessage)) or 0)


async def measure(jobs: int, chats: int, var_dir: Path) -> dict[str, float]:
    """The four figures, one after another on the same jobs."""
    settings = load_settings(var_dir=var_dir)
    async with running_services(settings) as services:
        await migrate(services.uow.engine)
        manager, fleet, code = await seed(services, jobs, chats)
        say(f"Seeded {jobs} PENDING jobs")
        before = await messages(services)
        figures = {
            "assign_s": await timed(
                services,
                lambda uow: assign_jobs(
                    uow,
                    manager,
                    fleet_id=fleet,
                    selection=every(JobStatus.PENDING, jobs),
                    partner_code=code,
                ),
                jobs,
            )
        }
        told = await messages(services) - before
        assert told == TEAM, f"{told} messages for a team of {TEAM}"
        figures["unassign_s"] = await timed(
            services,
            lambda uow: unassign_jobs(
                uow, manager, fleet_id=fleet, selection=every(JobStatus.ASSIGNED, jobs)
            ),
            jobs,
        )
        figures["change_s"] = await timed(
            services,
            lambda uow: change_jobs(
                uow,
                manager,
                fleet_id=fleet,
                selection=every(JobStatus.PENDING, jobs),
                field="installation_variant",
                value="OBD",
                models=DEMO_VEHICLE_MODELS,
            ),
            jobs,
        )
        figures["delete_s"] = await timed(
            services,
            lambda uow: delete_jobs(uow, manager, fleet_id=fleet, selection=every(None, jobs)),
            jobs,
        )
    return figures


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Measure and print the figures, the last line one JSON object; returns them too."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=TEAM, help="people who talked to the bot")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as var_dir:
        figures = asyncio.run(measure(args.jobs, args.chats, Path(var_dir)))
    result: dict[str, Any] = {"benchmark": "bulk", "jobs": args.jobs, "chats": args.chats}
    result |= {name: round(seconds, 3) for name, seconds in figures.items()}
    result["target_s"] = TARGET_S
    result["met"] = all(figures[name] <= TARGET_S for name in ("assign_s", "delete_s"))
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
