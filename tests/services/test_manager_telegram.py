"""A manager links their own Telegram account, and hears there of failed jobs and their day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.actors import Manager, TelegramUser
from core.db.models import Job
from core.db.models import Manager as ManagerRow
from core.errors import ErrorCode, LinkNotUsable, NotAllowed
from core.services import manager_telegram
from core.services.transitions import move_job
from core.status import JobStatus
from tests.factories import (
    database_contents,
    make_job,
    make_manager,
    make_provider,
    queued_messages,
    token_of,
)

MAREN = TelegramUser(id=7001, name="Maren Manager")
OTTO = TelegramUser(id=7002, name="Otto Other")


async def issue(uow, manager: Manager, links) -> str:
    async with uow() as work:
        link = await manager_telegram.issue_telegram_link(work, manager, links=links)
    assert link.url.startswith(links.start_url + "mgr_")
    return token_of(link.url)


async def link(uow, token: str, user: TelegramUser = MAREN):
    async with uow() as work:
        return await manager_telegram.link_telegram_account(work, user, token=token)


async def linked_user(uow, manager: Manager) -> int | None:
    async with uow.read_only() as work:
        return (await work.session.get_one(ManagerRow, manager.id)).telegram_user_id


async def munich_manager(uow, passwords, fleets) -> Manager:
    return await make_manager(
        uow,
        passwords,
        organization_id=fleets["organization"],
        fleet_ids=[fleets["Munich"]],
        email="munich@demo.test",
    )


async def failed_job(uow, manager: Manager, fleet_id: int, **raw: str) -> int:
    """A job walked to FAILED, the managers told in the same transaction."""
    job_id = await make_job(uow, manager, fleet_id, **raw)
    async with uow() as work:
        job = await work.session.get_one(Job, job_id)
        move_job(work, job, JobStatus.ASSIGNED, actor="test")
        move_job(work, job, JobStatus.RUNNING, actor="test")
        move_job(work, job, JobStatus.FAILED, actor="test")
        job.failure_reason = "wrong_parts"
        job.failure_note = "The harness for this model was not in the van."
        job.finished_at = work.clock.now()
        await manager_telegram.tell_managers_job_failed(work, job)
        await work.commit()
    return job_id


async def test_the_link_links_the_account_once(uow, manager, links):
    token = await issue(uow, manager, links)

    linked = await link(uow, token)

    assert linked.newly_linked
    assert (linked.email, linked.fleet_names) == ("manager@demo.test", ("Berlin", "Munich"))
    assert await linked_user(uow, manager) == MAREN.id
    async with uow.read_only() as work:
        row = await work.session.get_one(ManagerRow, manager.id)
        assert (row.telegram_link_hash, row.telegram_link_expires_at) == (None, None)


async def test_only_the_links_hash_is_stored(uow, manager, links):
    token = await issue(uow, manager, links)

    contents = repr(await database_contents(uow))

    assert token not in contents
    async with uow.read_only() as work:
        row = await work.session.get_one(ManagerRow, manager.id)
        assert row.telegram_link_hash is not None and len(row.telegram_link_hash) == 64


async def test_opening_the_link_again_from_the_same_account_changes_nothing(uow, manager, links):
    token = await issue(uow, manager, links)
    await link(uow, token)
    before = await database_contents(uow)

    again = await link(uow, token)

    assert not again.newly_linked
    assert again.email == "manager@demo.test"
    assert await database_contents(uow) == before


async def test_a_used_link_does_not_link_another_account(uow, manager, links):
    token = await issue(uow, manager, links)
    await link(uow, token)
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable) as refused:
        await link(uow, token, OTTO)

    assert refused.value.code == ErrorCode.MANAGER_LINK_NOT_VALID
    assert await database_contents(uow) == before


async def test_an_expired_link_says_so_and_changes_nothing(uow, manager, links, clock):
    token = await issue(uow, manager, links)
    clock.advance(links.manager_ttl)
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable, match="expired") as refused:
        await link(uow, token)

    assert refused.value.code == ErrorCode.MANAGER_LINK_EXPIRED
    assert await database_contents(uow) == before


async def test_a_replaced_link_says_so_and_changes_nothing(uow, manager, links):
    old = await issue(uow, manager, links)
    new = await issue(uow, manager, links)
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable, match="newer one replaced it") as refused:
        await link(uow, old)

    assert refused.value.code == ErrorCode.MANAGER_LINK_NOT_VALID
    assert await database_contents(uow) == before
    assert (await link(uow, new)).newly_linked


async def test_an_account_linked_to_another_manager_is_refused(
    uow, manager, links, passwords, fleets
):
    other = await munich_manager(uow, passwords, fleets)
    await link(uow, await issue(uow, other, links))
    token = await issue(uow, manager, links)
    before = await database_contents(uow)

    with pytest.raises(NotAllowed) as refused:
        await link(uow, token)

    assert refused.value.code == ErrorCode.TELEGRAM_LINKED_TO_ANOTHER_MANAGER
    assert await database_contents(uow) == before


async def test_unlinking_ends_the_link_and_the_messages(uow, manager, links, fleets):
    await link(uow, await issue(uow, manager, links))
    pending = await issue(uow, manager, links)

    async with uow() as work:
        shown = await manager_telegram.unlink_telegram_account(work, manager)

    assert not shown.linked
    assert shown.link_expires_at is None
    with pytest.raises(LinkNotUsable):
        await link(uow, pending, OTTO)
    await failed_job(uow, manager, fleets["Berlin"])
    assert await queued_messages(uow) == []


async def test_a_failed_job_is_told_to_each_linked_manager_of_its_fleet(
    uow, manager, links, passwords, fleets
):
    other = await munich_manager(uow, passwords, fleets)
    await link(uow, await issue(uow, manager, links))
    await link(uow, await issue(uow, other, links), OTTO)

    job_id = await failed_job(uow, manager, fleets["Munich"], license_plate="M-FC 42")

    button = {
        "text_key": "button.open_job",
        "values": {},
        "action": "",
        "argument": "",
        "url": f"fleets/{fleets['Munich']}/jobs/{job_id}",
    }
    values = {
        "vehicle": "M-FC 42",
        "fleet": "Munich",
        "reason": "Wrong harness or missing parts",
        "note": "The harness for this model was not in the van.",
    }
    assert await queued_messages(uow) == [
        (MAREN.id, "manager.job_failed", values, [[button]], "PENDING"),
        (OTTO.id, "manager.job_failed", values, [[button]], "PENDING"),
    ]


async def test_managers_of_other_fleets_and_unlinked_ones_hear_nothing(
    uow, manager, links, passwords, fleets
):
    other = await munich_manager(uow, passwords, fleets)
    await link(uow, await issue(uow, other, links), OTTO)
    elsewhere = await make_provider(uow, name="Other Mobility", fleets=("Hamburg",))
    stranger = await make_manager(
        uow,
        passwords,
        organization_id=elsewhere["organization"],
        fleet_ids=[elsewhere["Hamburg"]],
        email="hamburg@other.test",
    )
    await link(uow, await issue(uow, stranger, links), TelegramUser(id=7003, name="Hanna"))

    await failed_job(uow, manager, fleets["Berlin"])  # manager (Berlin) is not linked

    assert await queued_messages(uow) == []


async def summaries(uow) -> int:
    async with uow() as work:
        return await manager_telegram.send_daily_summaries(work)


async def test_the_daily_summary_goes_once_a_day_after_six_and_again_the_next_day(
    uow, manager, links, fleets, clock
):
    await link(uow, await issue(uow, manager, links))
    async with uow() as work:
        await manager_telegram.set_daily_summary(work, manager, on=True)
    await failed_job(uow, manager, fleets["Berlin"])  # 10:00 in Berlin, today
    assert await summaries(uow) == 0  # before 18:00 local
    before = len(await queued_messages(uow))

    clock.advance(timedelta(hours=8))  # 18:00 in Berlin
    assert [await summaries(uow) for _ in range(3)] == [1, 0, 0]

    messages = (await queued_messages(uow))[before:]
    assert messages == [
        (
            MAREN.id,
            "manager.daily_summary",
            {
                "day": "27 Nov 2026",
                "fleets": "Berlin: ✅ 0 · ❌ 1 · 🔧 0 · ⏰ 0\nMunich: ✅ 0 · ❌ 0 · 🔧 0 · ⏰ 0",
            },
            None,
            "PENDING",
        )
    ]
    async with uow.read_only() as work:
        row = await work.session.get_one(ManagerRow, manager.id)
        assert row.summary_sent_on == date(2026, 11, 27)

    clock.advance(timedelta(hours=6))  # midnight: a new day, but not six yet
    assert await summaries(uow) == 0
    clock.advance(timedelta(hours=18))
    assert await summaries(uow) == 1
    assert (await queued_messages(uow))[-1][2]["fleets"].startswith("Berlin: ✅ 0 · ❌ 0")


async def test_no_summary_without_asking_or_without_an_account(uow, manager, links, clock):
    async with uow() as work:
        await manager_telegram.set_daily_summary(work, manager, on=True)
    clock.advance(timedelta(hours=10))
    assert await summaries(uow) == 0  # not linked

    await link(uow, await issue(uow, manager, links))
    async with uow() as work:
        await manager_telegram.set_daily_summary(work, manager, on=False)
    assert await summaries(uow) == 0
    assert await queued_messages(uow) == []


async def test_the_summary_counts_todays_outcomes_running_and_overdue_jobs(
    uow, manager, links, fleets, clock
):
    await link(uow, await issue(uow, manager, links))
    async with uow() as work:
        await manager_telegram.set_daily_summary(work, manager, on=True)
    berlin = fleets["Berlin"]
    walks = [
        [JobStatus.ASSIGNED, JobStatus.RUNNING, JobStatus.SUCCEEDED],
        [JobStatus.ASSIGNED, JobStatus.RUNNING, JobStatus.SUCCEEDED],
        [JobStatus.ASSIGNED, JobStatus.RUNNING],
        [JobStatus.ASSIGNED],  # overdue: planned for yesterday
    ]
    for n, walk in enumerate(walks):
        job_id = await make_job(uow, manager, berlin, service_date="2026-11-27")
        async with uow() as work:
            job = await work.session.get_one(Job, job_id)
            for step in walk:
                move_job(work, job, step, actor="test")
            if walk[-1] == JobStatus.SUCCEEDED:
                job.finished_at = work.clock.now()
            if n == 3:
                job.service_date = date(2026, 11, 26)
            await work.commit()

    clock.advance(timedelta(hours=9))
    assert await summaries(uow) == 1

    fleets_line = (await queued_messages(uow))[-1][2]["fleets"]
    assert fleets_line.splitlines()[0] == "Berlin: ✅ 2 · ❌ 0 · 🔧 1 · ⏰ 1"
