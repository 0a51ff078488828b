"""The Telegram outbox in core: queued with the change it reports, claimed once, paced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.actors import Manager
from core.db.models import Technician
from core.db.uow import UnitOfWork, UnitOfWorkFactory
from core.errors import NotFound
from core.services import teams, telegram_outbox
from tests.factories import database_contents, make_partner, queued_messages
from tests.services.test_joining import ADMIN, TOM, approve, ask, team_token


class CommitFails(UnitOfWork):
    """A unit of work whose commit does not get through (the database went away)."""

    async def commit(self) -> None:
        raise ConnectionError("the database server closed the connection")


class FailingCommits(UnitOfWorkFactory):
    def __call__(self) -> UnitOfWork:
        return CommitFails(self._writes, self.clock, self)


async def queue(uow: UnitOfWorkFactory, *user_ids: int, fleet_id: int | None = None) -> None:
    async with uow() as work:
        for user_id in user_ids:
            telegram_outbox.queue_message(
                work,
                telegram_user_id=user_id,
                text_key="team.removed_you",
                values={"partner": "Demo Installers"},
                fleet_id=fleet_id,
            )
        await work.commit()


async def claim(uow: UnitOfWorkFactory) -> list[int]:
    """Who the claimed messages go to."""
    async with uow() as work:
        return [m.telegram_user_id for m in await telegram_outbox.claim_due_messages(work)]


async def test_a_message_is_queued_only_when_the_change_it_reports_commits(
    uow, links, engine, clock
):
    await make_partner(uow)
    await approve(uow, (await ask(uow, TOM, await team_token(uow, links))).request_id)
    tom = await technician(uow)
    before = await database_contents(uow)

    with pytest.raises(ConnectionError):
        async with FailingCommits(engine, clock)() as work:
            await teams.remove_technician(work, ADMIN, technician_id=tom)

    assert await database_contents(uow) == before  # Tom still in the team, nobody told
    async with uow() as work:
        await teams.remove_technician(work, ADMIN, technician_id=tom)
    assert (await queued_messages(uow))[-1][:2] == (TOM.id, "team.removed_you")


async def test_a_claimed_message_is_nobody_elses_until_its_claim_runs_out(uow, clock):
    await queue(uow, 1001)

    assert await claim(uow) == [1001]
    assert await claim(uow) == []
    clock.advance(telegram_outbox.LEASE)
    assert await claim(uow) == [1001]


async def test_a_claim_takes_one_message_per_chat_and_25_in_all(uow, clock):
    await queue(uow, 1001, 1001, *range(2001, 2030))

    first = await claim(uow)
    clock.advance(timedelta(seconds=1))
    second = await claim(uow)

    assert first == [1001, *range(2001, 2025)]
    # The first 25 are still in flight (claimed, not answered): the budget counts them.
    assert second == []


async def test_an_answered_claim_frees_the_chat_a_second_later(uow, clock):
    await queue(uow, 1001, 1001)
    async with uow() as work:
        [message] = await telegram_outbox.claim_due_messages(work)
    async with uow() as work:
        await telegram_outbox.record_sent(work, message.id)

    assert await claim(uow) == []
    clock.advance(timedelta(milliseconds=999))
    assert await claim(uow) == []
    clock.advance(timedelta(milliseconds=1))
    assert await claim(uow) == [1001]


async def test_a_paused_chat_waits_with_all_its_messages(uow, clock):
    await queue(uow, 1001, 1001, 1002)
    async with uow() as work:
        first, _other = await telegram_outbox.claim_due_messages(work)
    async with uow() as work:
        await telegram_outbox.pause_chat(work, first.id, seconds=5)

    clock.advance(timedelta(seconds=4))
    assert await claim(uow) == []  # 1002 is still claimed, 1001 waits
    clock.advance(timedelta(seconds=1))
    assert await claim(uow) == [1001]


async def test_the_outbox_of_another_managers_fleet_is_refused(uow, fleets):
    stranger = Manager(id=99, organization_id=99, email="x@other.test", fleet_ids=frozenset())
    await queue(uow, 1001, fleet_id=fleets["Berlin"])

    async with uow.read_only() as work:
        with pytest.raises(NotFound):
            await telegram_outbox.list_undelivered(work, stranger, fleet_id=fleets["Berlin"])


async def technician(uow: UnitOfWorkFactory) -> int:
    async with uow.read_only() as work:
        return await work.session.scalar(
            select(Technician.id).where(Technician.telegram_user_id == TOM.id)
        )


async def test_a_message_waiting_out_its_backoff_is_not_overtaken_in_its_chat(uow, clock):
    await queue(uow, 4001)
    async with uow() as work:
        (first,) = await telegram_outbox.claim_due_messages(work)
    async with uow() as work:
        await telegram_outbox.record_failure(work, first.id, error="a network hiccup")
    await queue(uow, 4001, 4002)  # a later message to the same person, and one to another
    clock.advance(timedelta(seconds=2))

    assert await claim(uow) == [4002]  # 4001's second message waits behind its first
    clock.advance(telegram_outbox.FIRST_RETRY)
    async with uow() as work:
        again = await telegram_outbox.claim_due_messages(work)
    assert [m.id for m in again] == [first.id]
