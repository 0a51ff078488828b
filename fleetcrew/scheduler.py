"""The scheduler: one APScheduler AsyncIOScheduler, in the runtime's event loop.

The database is the truth; a job only wakes a core service, which finds in the database what is
due. So no job store is kept: after a restart, or with several replicas, the next run finds the
same work. A job that fails is logged and runs again at its next time; it never stops FleetCrew.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.date import DateTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

from core.container import Services
from core.services import access, box_commands, manager_telegram, outbox, processed_updates

SWEEP_SECONDS = 30  # how late an expired link may still show in a kept e-mail
ACCESS_SWEEP_SECONDS = 2  # how late a closed access window may end its grant at most
SUMMARY_SECONDS = 60  # how late after its hour a manager's daily summary may be queued
CHECKPOINT_SECONDS = 2  # how often SQLite's write-ahead log is folded into the database file
log = logging.getLogger(__name__)


def build_scheduler(services: Services) -> AsyncIOScheduler:
    """The scheduler with FleetCrew's jobs, not yet started (start it inside the event loop)."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        blank_expired_links,
        IntervalTrigger(seconds=SWEEP_SECONDS),
        args=[services],
        id="blank-expired-links",
        name="blank expired links in the outbox",
        # The first sweep at start, not a sweep later: a restart after a while finds work at once.
        # APScheduler keeps its own (the machine's) time; what is due is the services' to say.
        next_run_time=datetime.now(UTC),
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        send_daily_summaries,
        IntervalTrigger(seconds=SUMMARY_SECONDS),
        args=[services],
        id="send-daily-summaries",
        name="send the managers' daily summaries",
        # The database says who had today's summary: a restart at 18:30 sends the ones still due.
        next_run_time=datetime.now(UTC),
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        sweep_access,
        IntervalTrigger(seconds=ACCESS_SWEEP_SECONDS),
        args=[services],
        id="sweep-access",
        name="end access whose window closed, warn before, retry box follow-ups",
        next_run_time=datetime.now(UTC),
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
    )
    if services.uow.engine.dialect.name == "sqlite":  # the bot's commits leave this to it
        scheduler.add_job(
            checkpoint,
            IntervalTrigger(seconds=CHECKPOINT_SECONDS),
            args=[services],
            id="checkpoint",
            name="fold SQLite's write-ahead log into the database file",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )

    def alarm(moment: datetime) -> None:
        """A grant ends (or is to be warned about) at this moment: sweep then, to the second."""
        scheduler.add_job(
            sweep_access,
            DateTrigger(run_date=moment),
            args=[services],
            name="sweep access at a grant's end",
            coalesce=True,
            misfire_grace_time=None,
        )

    services.uow.alarms.append(alarm)
    return scheduler


async def sweep_access(services: Services) -> None:
    """End every grant whose window has closed, warn who has 15 minutes left, close box commands
    whose process died, forget old update ids; wake the box sender. Errors wait for the next run."""
    try:
        models = await services.catalogue.by_id()
    except Exception:
        models = {}  # the follow-up then asks the box to lock and disable driving
    try:
        async with services.uow() as uow:
            ended = await access.end_overdue_grants(uow, models)
            warned = await access.warn_ending_grants(uow)
            await box_commands.close_stuck_commands(uow)
            await processed_updates.forget_old_updates(uow)
            await uow.commit()
    except Exception:
        log.exception("Sweeping access grants failed; trying again in %s s", ACCESS_SWEEP_SECONDS)
        return
    services.uow.box_commands_queued.set()
    if ended or warned:
        log.info("Access: %d grant(s) ended, %d warned.", ended, warned)


async def checkpoint(services: Services) -> None:
    """Fold SQLite's write-ahead log into the file, which the bot's commits leave to this."""
    try:
        await services.uow.checkpoint()
    except Exception:
        log.exception("Checkpointing the database failed; trying again in %s s", CHECKPOINT_SECONDS)


async def blank_expired_links(services: Services) -> None:
    """Blank the links whose time is up in every kept e-mail; a failure waits for the next run."""
    try:
        async with services.uow() as uow:
            blanked = await outbox.blank_expired_links(uow)
    except Exception:
        log.exception(
            "Blanking expired links in the outbox failed; trying again in %s s", SWEEP_SECONDS
        )
        return
    if blanked:
        log.info("Blanked %d expired link(s) in the outbox.", blanked)


async def send_daily_summaries(services: Services) -> None:
    """Queue the daily summaries that are due; a failure waits for the next run."""
    try:
        async with services.uow() as uow:
            sent = await manager_telegram.send_daily_summaries(uow)
    except Exception:
        log.exception(
            "Sending the managers' daily summaries failed; trying again in %s s", SUMMARY_SECONDS
        )
        return
    if sent:
        log.info("Queued %d daily summary message(s) for managers.", sent)
