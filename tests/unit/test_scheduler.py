"""The scheduler's job wakes the outbox service; a failing run is logged and waits for the next."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from cloudboxx.clock import ManualClock
from core.actors import TelegramUser
from core.container import Services
from core.db.engine import create_engine
from core.db.models import OutboxMail
from core.db.uow import UnitOfWorkFactory
from core.services import manager_telegram
from core.services.demo import seed_demo
from core.status import LinkEnd
from fleetcrew.scheduler import (
    ACCESS_SWEEP_SECONDS,
    CHECKPOINT_SECONDS,
    SUMMARY_SECONDS,
    SWEEP_SECONDS,
    blank_expired_links,
    build_scheduler,
    checkpoint,
    send_daily_summaries,
    sweep_access,
)
from tests.factories import PASSWORD, queued_messages, token_of


async def kept_link_ends(services: Services) -> tuple[str | None, str]:
    async with services.uow.read_only() as work:
        mail = await work.session.scalar(select(OutboxMail))
        assert mail is not None
        return mail.link_end_reason, mail.text_body


async def failing_run(
    job: Callable[[Services], Awaitable[None]],
    services: Services,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
    database: Path,
) -> logging.LogRecord:
    """What a scheduler's job logs when it runs against a database it cannot use."""
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    broken = dataclasses.replace(services, uow=UnitOfWorkFactory(engine, clock))
    caplog.set_level(logging.ERROR, logger="fleetcrew.scheduler")
    try:
        await job(broken)
    finally:
        await engine.dispose()
    (record,) = caplog.records
    return record


def not_migrated(folder: Path) -> Path:
    """A database without FleetCrew's tables: every query of a job fails."""
    return folder / "not-migrated.sqlite3"


async def test_the_sweep_blanks_a_kept_link_once_its_time_is_up(services: Services, clock):
    async with services.uow() as work:
        await seed_demo(
            work, services.passwords, links=services.links, password=PASSWORD, sender="x@demo.test"
        )

    await blank_expired_links(services)
    still_live = await kept_link_ends(services)
    clock.advance(services.links.invitation_ttl + timedelta(seconds=1))
    await blank_expired_links(services)

    reason, text = await kept_link_ends(services)
    assert still_live[0] is None
    assert services.links.start_url in still_live[1]
    assert reason == LinkEnd.EXPIRED
    assert services.links.start_url not in text


async def test_a_failing_sweep_is_logged_and_does_not_stop_fleetcrew(
    services: Services, clock, tmp_path, caplog
):
    record = await failing_run(blank_expired_links, services, clock, caplog, not_migrated(tmp_path))
    assert record.getMessage() == (
        f"Blanking expired links in the outbox failed; trying again in {SWEEP_SECONDS} s"
    )
    assert record.exc_info is not None


def test_the_scheduler_sweeps_every_few_seconds_from_the_start(services: Services):
    scheduler = build_scheduler(services)

    access_sweep = scheduler.get_job("sweep-access")
    assert access_sweep.func is sweep_access
    assert access_sweep.trigger.interval == timedelta(seconds=ACCESS_SWEEP_SECONDS)
    assert access_sweep.misfire_grace_time is None and access_sweep.coalesce
    job = scheduler.get_job("blank-expired-links")
    assert job.func is blank_expired_links
    assert job.args == (services,)
    assert job.trigger.interval == timedelta(seconds=SWEEP_SECONDS)
    assert not scheduler.running


def test_the_scheduler_looks_for_due_daily_summaries_every_minute(services: Services):
    scheduler = build_scheduler(services)

    job = scheduler.get_job("send-daily-summaries")
    assert job.func is send_daily_summaries
    assert job.args == (services,)
    assert job.trigger.interval == timedelta(seconds=SUMMARY_SECONDS)
    assert (job.coalesce, job.max_instances) == (True, 1)
    assert [j.id for j in scheduler.get_jobs()] == [
        "blank-expired-links",
        "send-daily-summaries",
        "sweep-access",
        *(["checkpoint"] if services.uow.engine.dialect.name == "sqlite" else []),
    ]


def test_the_scheduler_folds_sqlites_log_into_its_file_every_few_seconds(services: Services):
    if services.uow.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write-ahead log")
    scheduler = build_scheduler(services)

    job = scheduler.get_job("checkpoint")
    assert job.func is checkpoint
    assert job.args == (services,)
    assert job.trigger.interval == timedelta(seconds=CHECKPOINT_SECONDS)
    assert (job.coalesce, job.max_instances) == (True, 1)


async def test_a_failing_checkpoint_is_logged_and_does_not_stop_fleetcrew(
    services: Services, clock, tmp_path, caplog
):
    record = await failing_run(
        checkpoint, services, clock, caplog, tmp_path / "gone" / "db.sqlite3"
    )
    assert record.getMessage() == (
        f"Checkpointing the database failed; trying again in {CHECKPOINT_SECONDS} s"
    )


async def test_daily_summaries_go_once_a_day_however_often_the_job_runs_and_after_a_restart(
    services: Services, manager, clock
):
    async with services.uow() as work:
        link = await manager_telegram.issue_telegram_link(work, manager, links=services.links)
    async with services.uow() as work:
        await manager_telegram.link_telegram_account(
            work, TelegramUser(id=7001, name="Maren"), token=token_of(link.url)
        )
        await manager_telegram.set_daily_summary(work, manager, on=True)
    clock.advance(timedelta(hours=9))  # 19:00 in Berlin

    for _ in range(3):
        await send_daily_summaries(services)
    restarted = dataclasses.replace(services, uow=UnitOfWorkFactory(services.uow.engine, clock))
    await send_daily_summaries(restarted)

    assert [m[1] for m in await queued_messages(services.uow)] == ["manager.daily_summary"]
    clock.advance(timedelta(days=1))
    await send_daily_summaries(restarted)
    assert len(await queued_messages(services.uow)) == 2


async def test_a_failing_summary_run_is_logged_and_does_not_stop_fleetcrew(
    services: Services, clock, tmp_path, caplog
):
    record = await failing_run(
        send_daily_summaries, services, clock, caplog, not_migrated(tmp_path)
    )
    assert record.getMessage() == (
        f"Sending the managers' daily summaries failed; trying again in {SUMMARY_SECONDS} s"
    )
