"""How soon a vehicle is secured once a technician's access ends: at Complete, at the window's
end, and after a restart that missed the ends.

FleetCrew's Services (as `fleetcrew run` builds them, on a migrated SQLite file) with the real
box sender and the real scheduler (fleetcrew/scheduler.py build_scheduler) in this event loop;
no bot: the technicians act through the services the bot's handlers call. The boxes are the demo
simulator's, answering after half a second as in `fleetcrew run` (--box-seconds).

- completion_to_box: each technician walks a job's whole checklist through the services (start,
  VIN, QNR, Done, the configuration applied to the box, the live tests, photos), then, one job
  at a time, Complete (core.services.checklists.complete_job, as the button does) until its
  follow-up is DONE: the box has locked and disabled driving (checked on the box after).
- expiry_lateness: jobs on boxes installed in their vehicles, started with access windows
  ending 3 to 5 s ahead (--window-seconds); from each grant's end until it is ended and the
  follow-up is DONE.
- restart_catchup: grants opened (boxes installed as for expiry), FleetCrew stopped, their
  windows close; a new FleetCrew's scheduler and box sender start on the database; until every
  one is ended and its box secured.

Times come from the database: the follow-up's finished_at, against the Complete's start or the
grant's ends_at (the same system clock).

    python -m bench.revocation [--technicians 20] [--restart-grants 100] [--box-seconds 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from sqlalchemy import func, select

from bench.crew import CrewJob, bench_simulator, seed_crew, set_access_until
from cloudboxx import Simulator
from core.actors import TelegramUser
from core.checklist import StepKind
from core.container import Services
from core.db.migrate import migrate
from core.db.models import AccessGrant, BoxCommand
from core.label_images import photo_without_code_png
from core.links import telegram_start_url
from core.services import (
    box_identity,
    box_live,
    box_setup,
    chats,
    checklists,
    job_photos,
    technician_jobs,
)
from core.settings import Settings, load_settings
from core.technician_views import ChecklistView, JobFinished, PhotoUpload
from fleetcrew.box_sender import BoxSender
from fleetcrew.runtime import build_services
from fleetcrew.scheduler import build_scheduler

PHOTO = photo_without_code_png()
SECURED_WITHIN = 60.0  # seconds: longer, and something is broken, not slow
POLL_SECONDS = 0.01
# Walking is setup here. Twenty at once through the services, on a busy machine, once made SQLite
# refuse BEGIN IMMEDIATE ("database is locked" after the 5 s busy timeout).
WALKING = 5


def say(text: str) -> None:
    """Progress, on stderr."""
    print(text, file=sys.stderr, flush=True)


class Running:
    """FleetCrew's scheduler and box sender on the services, until stopped."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._scheduler: AsyncIOScheduler | None = None
        self._sender = BoxSender(services)

    def start(self) -> None:
        """Build the scheduler and start it (its first sweep at once), and the box sender."""
        self._scheduler = build_scheduler(self.services)
        self._scheduler.start()
        self._sender.start()

    async def stop(self) -> None:
        """Stop both, then close the database engine."""
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        await self._sender.stop()
        await self.services.uow.engine.dispose()


async def start(services: Services, user: TelegramUser, job: CrewJob) -> ChecklistView:
    """Start, as the button does: the job RUNNING, the access open, the chat focused on it."""
    models = await services.catalogue.by_id()
    async with services.uow() as uow:
        return await technician_jobs.start_job(
            uow, user, job_id=job.job_id, access_max=services.settings.access_max, models=models
        )


async def answer(
    services: Services, user: TelegramUser, job: CrewJob, view: ChecklistView
) -> ChecklistView | JobFinished | None:
    """The current step answered as a technician would, by the service its button calls."""
    step = view.step
    assert step is not None
    if step.kind == StepKind.VEHICLE:
        return await box_identity.answer_typed(services, user, job.vin[-6:])
    if step.kind == StepKind.QNR:
        return await box_identity.answer_typed(services, user, job.qnr)
    if step.kind == StepKind.CONFIRM:
        models = await services.catalogue.by_id()
        async with services.uow() as uow:
            return await checklists.confirm_step(
                uow, user, job_id=job.job_id, step_key=step.key, models=models
            )
    if step.kind == StepKind.SETUP:
        return await box_setup.apply_setup(services, user, job_id=job.job_id)
    if step.kind in (StepKind.TEST, StepKind.BOX_STATE):
        return await box_live.run_test(services, user, job_id=job.job_id, step_key=step.key)
    if step.kind == StepKind.PHOTO:
        upload = PhotoUpload(
            f"bench-{job.job_id}-{step.key}", f"u{job.job_id}{step.key}", PHOTO, len(PHOTO)
        )
        return await job_photos.receive_photo(services, user, upload)
    raise RuntimeError(f"the walk does not know how to answer {step.kind} ({step.key})")


async def walk_to_finish(services: Services, user: TelegramUser, job: CrewJob) -> None:
    """Start the job and answer every step, up to Complete."""
    async with services.uow() as uow:
        await chats.meet_telegram_user(uow, user)
    view: ChecklistView | JobFinished | None = await start(services, user, job)
    while isinstance(view, ChecklistView) and view.step is not None:
        view = await answer(services, user, job, view)
    if not isinstance(view, ChecklistView) or view.missing:
        raise RuntimeError(f"job {job.job_id}: the walk ended at {view!r:.200}")


async def secured(services: Services, job_ids: Sequence[int]) -> dict[int, datetime]:
    """When each job's follow-up was DONE, for the jobs whose grant ended and box is secured."""
    async with services.uow.read_only() as uow:
        rows = await uow.session.execute(
            select(BoxCommand.job_id, BoxCommand.finished_at)
            .join(AccessGrant, AccessGrant.id == BoxCommand.grant_id)
            .where(
                BoxCommand.job_id.in_(list(job_ids)),
                BoxCommand.purpose == "secure",
                BoxCommand.status == "DONE",
                AccessGrant.ended_at.is_not(None),
            )
        )
        return {
            job_id: finished
            for job_id, finished in rows
            if job_id is not None and finished is not None
        }


async def wait_until_secured(services: Services, job_ids: Sequence[int]) -> dict[int, datetime]:
    """Poll until every job's box is secured; when each was."""
    async with asyncio.timeout(SECURED_WITHIN):
        # The database is the truth, and nothing in it signals a change: look every 10 ms.
        while len(done := await secured(services, job_ids)) < len(job_ids):  # noqa: ASYNC110
            await asyncio.sleep(POLL_SECONDS)
    return done


async def grant_ends(services: Services, job_ids: Sequence[int]) -> dict[int, datetime]:
    """Each job's grant's ends_at."""
    async with services.uow.read_only() as uow:
        rows = await uow.session.execute(
            select(AccessGrant.job_id, AccessGrant.ends_at).where(
                AccessGrant.job_id.in_(list(job_ids))
            )
        )
        return {job_id: ends_at for job_id, ends_at in rows if ends_at is not None}


async def check_boxes_secured(simulator: Simulator, jobs: Sequence[CrewJob]) -> None:
    """Every box reports its central lock locked and driving disabled."""
    for job in jobs:
        state = await simulator.read_state(job.qnr, flow_id="bench-check")
        lock, driving = state.central_lock, state.driving_enabled
        if lock is None or lock.value != "LOCKED" or driving is None or driving.value is not False:
            raise RuntimeError(f"box {job.qnr} is not secured: {state}")


async def completion_samples(
    services: Services, simulator: Simulator, work: list[tuple[TelegramUser, CrewJob]]
) -> list[float]:
    """Seconds from each Complete until its box is secured, one job at a time."""
    say(f"Completion: {len(work)} technicians walk a checklist each, {WALKING} at a time")
    walking = asyncio.Semaphore(WALKING)

    async def walk(user: TelegramUser, job: CrewJob) -> None:
        async with walking:
            await walk_to_finish(services, user, job)

    await asyncio.gather(*(walk(user, job) for user, job in work))
    say("Completion: Complete, one job at a time, until its box is secured")
    samples = []
    for user, job in work:
        pressed = datetime.now(UTC)
        models = await services.catalogue.by_id()
        async with services.uow() as uow:
            finished = await checklists.complete_job(uow, user, job_id=job.job_id, models=models)
        assert finished.securing, finished
        done = await wait_until_secured(services, [job.job_id])
        samples.append((done[job.job_id] - pressed).total_seconds())
    await check_boxes_secured(simulator, [job for _, job in work])
    return samples


async def expiry_samples(
    services: Services,
    simulator: Simulator,
    work: list[tuple[TelegramUser, CrewJob]],
    window: float,
) -> list[float]:
    """Seconds from each grant's end until the grant is ended and its box secured."""
    spread = window * 2 / 3  # the default 3 s: windows end 3 to 5 s ahead
    say(f"Expiry: {len(work)} jobs started, windows ending {window:g} to {window + spread:g} s on")
    for n, (user, job) in enumerate(work):
        await set_access_until(services, job.job_id, window + spread * n / max(len(work) - 1, 1))
        await start(services, user, job)
    job_ids = [job.job_id for _, job in work]
    ends = await grant_ends(services, job_ids)
    done = await wait_until_secured(services, job_ids)
    await check_boxes_secured(simulator, [job for _, job in work])
    return [(done[job_id] - ends[job_id]).total_seconds() for job_id in job_ids]


async def restart_catchup(
    settings: Settings,
    simulator: Simulator,
    work: list[tuple[TelegramUser, CrewJob]],
    window: float,
) -> tuple[float, float]:
    """Grants whose windows closed while FleetCrew was stopped; seconds from a new start until
    every one is ended (seen committed), and until every box is secured too."""
    say(f"Restart: {len(work)} grants open, then FleetCrew stops and their windows close")
    before = fleetcrew_services(settings, simulator)
    for user, job in work:
        await set_access_until(before, job.job_id, window)
        await start(before, user, job)
    job_ids = [job.job_id for _, job in work]
    ends = await grant_ends(before, job_ids)
    await before.uow.engine.dispose()
    await asyncio.sleep(max(0.0, (max(ends.values()) - datetime.now(UTC)).total_seconds() + 0.5))
    say("Restart: FleetCrew's scheduler and box sender start")
    restarted = Running(fleetcrew_services(settings, simulator))
    started = datetime.now(UTC)
    restarted.start()
    try:
        await wait_until_ended(restarted.services, job_ids)
        ended = (datetime.now(UTC) - started).total_seconds()
        done = await wait_until_secured(restarted.services, job_ids)
    finally:
        await restarted.stop()
    await check_boxes_secured(simulator, [job for _, job in work])
    return ended, (max(done.values()) - started).total_seconds()


async def wait_until_ended(services: Services, job_ids: Sequence[int]) -> None:
    """Poll until every job's grant has ended."""
    query = select(func.count()).where(
        AccessGrant.job_id.in_(list(job_ids)), AccessGrant.ended_at.is_not(None)
    )
    async with asyncio.timeout(SECURED_WITHIN):
        while True:
            async with services.uow.read_only() as uow:
                if await uow.session.scalar(query) == len(job_ids):
                    return
            await asyncio.sleep(POLL_SECONDS)


def fleetcrew_services(settings: Settings, simulator: Simulator) -> Services:
    """The Services `fleetcrew run` builds, on these boxes."""
    return build_services(settings, simulator, links_start_url=telegram_start_url("FleetCrewBot"))


def p95(samples: list[float]) -> float:
    """The 95th percentile, as the other benchmarks take it."""
    ordered = sorted(samples)
    return ordered[int(0.95 * (len(ordered) - 1))]


async def measure(
    technicians: int, restart_grants: int, box_seconds: float, window: float, var_dir: Path
) -> dict[str, Any]:
    """The three figures, on one database and one simulated fleet."""
    settings = load_settings(var_dir=var_dir)
    simulator = bench_simulator(box_seconds)
    restart_each = math.ceil(restart_grants / technicians)
    running = Running(fleetcrew_services(settings, simulator))
    services = running.services
    try:
        await migrate(services.uow.engine)
        crew = await seed_crew(
            services,
            simulator,
            technicians=technicians,
            jobs_each=2 + restart_each,
            walked_each=1,
        )
        say(f"Seeded {technicians} technicians with {2 + restart_each} jobs each")
        running.start()
        completion = await completion_samples(
            services, simulator, [(m.user, m.jobs[0]) for m in crew]
        )
        expiry_work = [(m.user, m.jobs[1]) for m in crew]
        expiry = await expiry_samples(services, simulator, expiry_work, window)
    finally:
        await running.stop()
    restart_work = [(m.user, job) for m in crew for job in m.jobs[2:]][:restart_grants]
    ended, catchup = await restart_catchup(settings, simulator, restart_work, window)
    return {
        "benchmark": "revocation",
        "completions": len(completion),
        "completion_to_box_p50_s": round(sorted(completion)[len(completion) // 2], 3),
        "completion_to_box_p95_s": round(p95(completion), 3),
        "expiries": len(expiry),
        "expiry_lateness_p50_s": round(sorted(expiry)[len(expiry) // 2], 3),
        "expiry_lateness_p95_s": round(p95(expiry), 3),
        "restart_grants": len(restart_work),
        "restart_grants_ended_s": round(ended, 3),
        "restart_catchup_s": round(catchup, 3),
        "box_seconds": box_seconds,
    }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Measure and print the figures, the last line one JSON object; returns them too."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--technicians", type=int, default=20)
    parser.add_argument("--restart-grants", type=int, default=100)
    parser.add_argument("--box-seconds", type=float, default=0.5, help="a box's answer time")
    parser.add_argument(
        "--window-seconds", type=float, default=3.0, help="how soon after start windows end"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as var_dir:
        result = asyncio.run(
            measure(
                args.technicians,
                args.restart_grants,
                args.box_seconds,
                args.window_seconds,
                Path(var_dir),
            )
        )
    say(f"Done in {time.perf_counter() - started:.1f} s")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
