"""A fleet manager's own Telegram account: linking it, and what FleetCrew tells the manager there.

The manager links the account from the admin web with a `mgr_` deep link (one live link per
manager, an hour long, only its hash kept; using it ends it). Linked, they hear of every failed
job of their fleets, with a button to the job's page, and a daily summary if they ask for one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from core.actors import Manager, TelegramUser
from core.buttons import MessageButton
from core.db.models import Fleet, Job, ManagerFleet, Organization, TelegramChat
from core.db.models import Manager as ManagerRow
from core.db.uow import UnitOfWork
from core.errors import ErrorCode, LinkNotUsable, NotAllowed
from core.job_outcomes import failure_label
from core.job_views import vehicle_name
from core.links import DeepLinks, LinkKind, hash_token
from core.manager_views import LinkedManager, ManagerTelegram, ManagerTelegramLink
from core.moments import MONTHS, local_date
from core.services.audit import record_event
from core.services.telegram_outbox import queue_message
from core.status import JobStatus

DEFAULT_TIME_ZONE = "Europe/Berlin"  # a manager without fleets: the fleets' default
SUMMARY_HOUR = 18  # the daily summary goes at or after this hour, local time


def job_page_path(fleet_id: int, job_id: int) -> str:
    """The job's page in the admin web, relative to its address (admin_web/job_paths.py)."""
    return f"fleets/{fleet_id}/jobs/{job_id}"


async def issue_telegram_link(
    uow: UnitOfWork, manager: Manager, *, links: DeepLinks
) -> ManagerTelegramLink:
    """A new link for the manager's own Telegram account; the one before it stops working."""
    row = await uow.session.get_one(ManagerRow, manager.id, with_for_update=True)
    link = links.issue(LinkKind.MANAGER)
    row.telegram_link_hash = link.token_hash
    row.telegram_link_expires_at = uow.clock.now() + links.manager_ttl
    record_event(
        uow, actor=manager.audit_name, action="manager.telegram_link_issued", subject=_subject(row)
    )
    issued = ManagerTelegramLink(
        url=link.url,
        expires_at=row.telegram_link_expires_at,
        time_zone=await _time_zone(uow, manager.id),
    )
    await uow.commit()
    return issued


async def link_telegram_account(
    uow: UnitOfWork, user: TelegramUser, *, token: str
) -> LinkedManager:
    """Link the Telegram account that opened a manager's link to that manager; once per link."""
    row = await uow.session.scalar(
        select(ManagerRow)
        .where(ManagerRow.telegram_link_hash == hash_token(token))
        .with_for_update()
    )
    if row is None or row.telegram_user_id == user.id:
        already = row or await _linked_row(uow, user.id)
        if already is None:
            raise LinkNotUsable(
                "This link no longer works: it was used already, or a newer one replaced it. "
                "Make a new one on your account's Telegram page in the admin web.",
                code=ErrorCode.MANAGER_LINK_NOT_VALID,
            )
        return await _linked(uow, already, newly=False)  # the same account again: as it was
    assert row.telegram_link_expires_at is not None
    if row.telegram_link_expires_at <= uow.clock.now():
        raise LinkNotUsable(
            "This link has expired. Make a new one on your account's Telegram page in the "
            "admin web.",
            code=ErrorCode.MANAGER_LINK_EXPIRED,
        )
    if await _linked_row(uow, user.id) is not None:
        raise _linked_elsewhere()
    row.telegram_user_id = user.id
    row.telegram_link_hash = row.telegram_link_expires_at = None
    try:
        await uow.session.flush()
    except IntegrityError:  # linked to another manager a moment ago, on another replica
        raise _linked_elsewhere() from None
    record_event(
        uow,
        actor=user.audit_name,
        action="manager.telegram_linked",
        subject=_subject(row),
        details={"telegram_user_id": user.id},
    )
    linked = await _linked(uow, row, newly=True)
    await uow.commit()
    return linked


async def unlink_telegram_account(uow: UnitOfWork, manager: Manager) -> ManagerTelegram:
    """Unlink the manager's Telegram account (and end a link handed out); FleetCrew falls silent."""
    row = await uow.session.get_one(ManagerRow, manager.id, with_for_update=True)
    was_linked = row.telegram_user_id
    row.telegram_user_id = row.telegram_link_hash = row.telegram_link_expires_at = None
    record_event(
        uow,
        actor=manager.audit_name,
        action="manager.telegram_unlinked",
        subject=_subject(row),
        details={"telegram_user_id": was_linked},
    )
    shown = await _telegram_of(uow, row)
    await uow.commit()
    return shown


async def set_daily_summary(uow: UnitOfWork, manager: Manager, *, on: bool) -> ManagerTelegram:
    """Switch the manager's daily summary in Telegram on or off."""
    row = await uow.session.get_one(ManagerRow, manager.id, with_for_update=True)
    row.daily_summary = on
    shown = await _telegram_of(uow, row)
    await uow.commit()
    return shown


async def show_manager_telegram(uow: UnitOfWork, manager: Manager) -> ManagerTelegram:
    """Whether the manager's Telegram account is linked, and their daily summary setting."""
    return await _telegram_of(uow, await uow.session.get_one(ManagerRow, manager.id))


async def find_linked_manager(uow: UnitOfWork, telegram_user_id: int) -> LinkedManager | None:
    """The manager this Telegram account is linked to, if any."""
    row = await _linked_row(uow, telegram_user_id)
    return None if row is None else await _linked(uow, row, newly=False)


async def tell_managers_job_failed(uow: UnitOfWork, job: Job) -> None:
    """Queue, in the caller's transaction, word of the failed job to its fleet's linked managers."""
    fleet = await uow.session.get_one(Fleet, job.fleet_id)
    recipients = await uow.session.scalars(
        select(ManagerRow.telegram_user_id)
        .join(ManagerFleet, ManagerFleet.manager_id == ManagerRow.id)
        .where(ManagerFleet.fleet_id == job.fleet_id, ManagerRow.telegram_user_id.is_not(None))
        .order_by(ManagerRow.id)
    )
    values = {
        "vehicle": vehicle_name(job.id, job.license_plate, job.custom_name, job.vin),
        "fleet": fleet.name,
        "reason": failure_label(job.failure_reason) or "—",
        "note": job.failure_note or "—",
    }
    button = MessageButton(text_key="button.open_job", url=job_page_path(fleet.id, job.id))
    for telegram_user_id in recipients:
        if telegram_user_id is not None:
            queue_message(
                uow,
                telegram_user_id=telegram_user_id,
                text_key="manager.job_failed",
                values=values,
                fleet_id=fleet.id,
                buttons=[[button]],
            )


async def send_daily_summaries(uow: UnitOfWork) -> int:
    """Queue today's summary to each linked manager who asked for one and is due; commit.

    Due: at or after SUMMARY_HOUR in the time zone of the manager's first fleet, and not yet
    sent on that local day. The conditional UPDATE of summary_sent_on is the claim, so a run
    after a restart, or on another replica, sends no second summary the same day.
    """
    now = uow.clock.now()
    managers = await uow.session.execute(
        select(ManagerRow.id, ManagerRow.telegram_user_id, ManagerRow.summary_sent_on).where(
            ManagerRow.daily_summary.is_(True), ManagerRow.telegram_user_id.is_not(None)
        )
    )
    sent = 0
    for manager_id, telegram_user_id, sent_on in managers.all():
        fleets = await _fleets_of(uow, manager_id)
        if not fleets or telegram_user_id is None:
            continue
        local = now.astimezone(ZoneInfo(fleets[0].time_zone))
        today = local.date()
        if local.hour < SUMMARY_HOUR or (sent_on is not None and sent_on >= today):
            continue
        claimed = await uow.session.scalar(
            update(ManagerRow)
            .where(
                ManagerRow.id == manager_id,
                ManagerRow.summary_sent_on.is_(None) | (ManagerRow.summary_sent_on < today),
            )
            .values(summary_sent_on=today)
            .returning(ManagerRow.id)
        )
        if claimed is None:  # another run, a moment ago
            continue
        lines = [await _fleet_line(uow, fleet, now) for fleet in fleets]
        queue_message(
            uow,
            telegram_user_id=telegram_user_id,
            text_key="manager.daily_summary",
            values={"day": _show_day(today), "fleets": "\n".join(lines)},
        )
        sent += 1
    await uow.commit()
    return sent


async def _fleet_line(uow: UnitOfWork, fleet: Fleet, now: datetime) -> str:
    """One fleet's day in figures, the same in every language: ✅ ❌ 🔧 ⏰ and the counts."""
    today = local_date(now, fleet.time_zone)
    start = _start_of(today, fleet.time_zone)
    end = _start_of(today + timedelta(days=1), fleet.time_zone)
    finished_today = (Job.finished_at >= start) & (Job.finished_at < end)
    succeeded, failed, running, overdue = (
        await uow.session.execute(
            select(
                func.count().filter(Job.status == JobStatus.SUCCEEDED, finished_today),
                func.count().filter(Job.status == JobStatus.FAILED, finished_today),
                func.count().filter(Job.status == JobStatus.RUNNING),
                func.count().filter(Job.status == JobStatus.ASSIGNED, Job.service_date < today),
            ).where(Job.fleet_id == fleet.id)
        )
    ).one()
    return f"{fleet.name}: ✅ {succeeded} · ❌ {failed} · 🔧 {running} · ⏰ {overdue}"


def _start_of(day: date, time_zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


def _show_day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


async def _fleets_of(uow: UnitOfWork, manager_id: int) -> list[Fleet]:
    fleets = await uow.session.scalars(
        select(Fleet)
        .join(ManagerFleet, ManagerFleet.fleet_id == Fleet.id)
        .where(ManagerFleet.manager_id == manager_id)
        .order_by(Fleet.id)
    )
    return list(fleets)


async def _time_zone(uow: UnitOfWork, manager_id: int) -> str:
    fleets = await _fleets_of(uow, manager_id)
    return fleets[0].time_zone if fleets else DEFAULT_TIME_ZONE


async def _linked_row(uow: UnitOfWork, telegram_user_id: int) -> ManagerRow | None:
    row: ManagerRow | None = await uow.session.scalar(
        select(ManagerRow).where(ManagerRow.telegram_user_id == telegram_user_id)
    )
    return row


async def _linked(uow: UnitOfWork, row: ManagerRow, *, newly: bool) -> LinkedManager:
    organization = await uow.session.get_one(Organization, row.organization_id)
    return LinkedManager(
        email=row.email,
        organization_name=organization.name,
        fleet_names=tuple(fleet.name for fleet in await _fleets_of(uow, row.id)),
        daily_summary=row.daily_summary,
        newly_linked=newly,
    )


async def _telegram_of(uow: UnitOfWork, row: ManagerRow) -> ManagerTelegram:
    name = None
    if row.telegram_user_id is not None:
        name = await uow.session.scalar(
            select(TelegramChat.name).where(TelegramChat.id == row.telegram_user_id)
        )
    expires = row.telegram_link_expires_at
    return ManagerTelegram(
        linked=row.telegram_user_id is not None,
        telegram_name=name,
        daily_summary=row.daily_summary,
        link_expires_at=expires if expires is not None and expires > uow.clock.now() else None,
        time_zone=await _time_zone(uow, row.id),
    )


def _linked_elsewhere() -> NotAllowed:
    return NotAllowed(
        "This Telegram account is linked to another FleetCrew manager already. Unlink it "
        "there first (on the Telegram page of the admin web), then open this link again.",
        code=ErrorCode.TELEGRAM_LINKED_TO_ANOTHER_MANAGER,
    )


def _subject(row: ManagerRow) -> str:
    return f"manager:{row.id}"
