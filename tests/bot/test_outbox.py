"""The Telegram outbox's sender: paced as Telegram asks, robust to 429s, blocks and restarts.

Pacing is measured where Telegram would see it: the dates of the sandbox's messages, on the
test's clock, which only the sender's rounds (and the test) move.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.app import build_application
from bot.outbox_sender import OutboxSender
from core.buttons import LET_IN, TURN_AWAY, MessageButton, Scalar
from core.clock import ManualClock
from core.container import Services
from core.db.engine import create_engine
from core.db.models import TelegramMessage
from core.db.uow import UnitOfWorkFactory
from core.services import telegram_outbox
from core.services.chats import choose_language
from core.status import TelegramMessageStatus
from fleetcrew.telegram import sandbox_endpoint
from telegram_sandbox import Sandbox
from tests.bot.test_teams import PETRA, THEO, partner_admin, team_link
from tests.factories import database_contents

FIRST_ID = 900001


async def queue(services: Services, telegram_user_id: int, number: int) -> None:
    """One message to a person, saying which one it is: "… no longer in the team of Firm 7"."""
    await queue_text(services, telegram_user_id, "team.removed_you", partner=f"Firm {number}")


async def queue_text(
    services: Services,
    telegram_user_id: int,
    key: str,
    *,
    fleet_id: int | None = None,
    buttons: list[list[MessageButton]] | None = None,
    **values: Scalar,
) -> None:
    async with services.uow() as work:
        telegram_outbox.queue_message(
            work,
            telegram_user_id=telegram_user_id,
            text_key=key,
            values=values,
            fleet_id=fleet_id,
            buttons=buttons,
        )
        await work.commit()


def people(sandbox: Sandbox, count: int) -> list[int]:
    """That many people in the sandbox, with ids from FIRST_ID on."""
    return [sandbox.add_user(f"Person {n}", user_id=FIRST_ID + n).id for n in range(count)]


def firms(sandbox: Sandbox, user_id: int) -> list[str]:
    """Which messages a person got, in order: the firm each one names."""
    said = [m.text or "" for m in sandbox.bot_messages(user_id)]
    return [text.removeprefix("You are no longer in the team of ").rstrip(".") for text in said]


async def rounds(sender: OutboxSender, clock: ManualClock, seconds: float, step: float = 0.25):
    """The sender looks every `step` seconds (faster than it does), for `seconds` of clock time."""
    for _ in range(int(seconds / step)):
        await sender.send_due()
        await clock.sleep(step)


def assert_paced(sandbox: Sandbox, user_ids: list[int]) -> None:
    """No chat got two messages within a second, and no second held more than 25."""
    per_second: Counter[int] = Counter()
    for user_id in user_ids:
        dates = [m.date for m in sandbox.bot_messages(user_id)]
        assert all(later - earlier >= 1 for earlier, later in itertools.pairwise(dates)), dates
        per_second.update(dates)
    assert max(per_second.values()) <= 25, per_second


async def statuses(services: Services) -> list[tuple[int, str, int]]:
    async with services.uow.read_only() as work:
        rows = await work.session.execute(
            select(
                TelegramMessage.telegram_user_id, TelegramMessage.status, TelegramMessage.attempts
            ).order_by(TelegramMessage.id)
        )
        return [tuple(row) for row in rows]


@pytest.fixture
def sender(telegram) -> OutboxSender:
    return telegram.sender


@pytest.fixture
async def replica(
    services: Services, database_url: str, sandbox: Sandbox
) -> AsyncIterator[OutboxSender]:
    """The sender of another FleetCrew process: its own engine, its own bot, the same database."""
    engine = create_engine(database_url)
    other = replace(services, uow=UnitOfWorkFactory(engine, services.clock))
    application = build_application(
        other, other.settings, endpoint=sandbox_endpoint(sandbox), polling=False
    )
    await application.initialize()
    yield OutboxSender(application.bot, other)
    await application.shutdown()
    await engine.dispose()


async def test_messages_go_at_most_one_a_second_per_chat_and_25_a_second_in_all(
    sender, sandbox, services, clock
):
    busy = people(sandbox, 3)  # ten messages each
    others = [sandbox.add_user(f"Other {n}", user_id=FIRST_ID + 100 + n).id for n in range(30)]
    for number in range(10):
        for user_id in busy:
            await queue(services, user_id, number)
    for user_id in others:
        await queue(services, user_id, 0)
    start = int(clock.now().timestamp())

    await rounds(sender, clock, seconds=12)

    for user_id in busy:
        assert firms(sandbox, user_id) == [f"Firm {n}" for n in range(10)]  # in order, once
    assert all(firms(sandbox, user_id) == ["Firm 0"] for user_id in others)
    assert_paced(sandbox, busy + others)
    first_second = [m.date for u in busy + others for m in sandbox.bot_messages(u)].count(start)
    assert first_second == 25  # the limit in all was reached, not only the one per chat
    assert {status for _, status, _ in await statuses(services)} == {"SENT"}


async def test_a_429_pauses_that_chat_only(sender, sandbox, services, clock, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB 22 warns about retry_after in seconds
    limited, other = people(sandbox, 2)
    for number in range(3):
        await queue(services, limited, number)
        await queue(services, other, number)
    sandbox.simulate_rate_limit("sendMessage", retry_after=5, chat_id=limited)
    start = int(clock.now().timestamp())

    await rounds(sender, clock, seconds=10)

    assert [m.date - start for m in sandbox.bot_messages(other)] == [0, 1, 2]
    assert [m.date - start for m in sandbox.bot_messages(limited)] == [5, 6, 7]
    assert firms(sandbox, limited) == ["Firm 0", "Firm 1", "Firm 2"]
    assert [attempts for _, _, attempts in await statuses(services)] == [1] * 6


async def test_a_person_who_blocked_the_bot_is_not_written_to_again(
    sender, sandbox, services, clock
):
    blocked, gone = people(sandbox, 1)[0], 4242  # gone: no such chat
    sandbox.block_bot(blocked)
    await queue(services, blocked, 1)
    await queue(services, gone, 2)

    await rounds(sender, clock, seconds=120, step=10)

    assert sandbox.bot_messages(blocked) == []
    async with services.uow.read_only() as work:
        rows = (await work.session.scalars(select(TelegramMessage).order_by("id"))).all()
        assert [(r.status, r.attempts, r.last_error) for r in rows] == [
            ("UNDELIVERABLE", 1, "Forbidden: bot was blocked by the user"),
            ("UNDELIVERABLE", 1, "Chat not found"),
        ]


async def test_other_failures_are_retried_with_backoff_then_count_as_failed(
    sender, sandbox, services, clock
):
    person = people(sandbox, 1)[0]
    await queue_text(services, person, "team.removed_you", partner="x" * 5000)  # too long
    start = clock.now()
    tried_at = []

    for _ in range(40):
        before = await statuses(services)
        await sender.send_due()
        if await statuses(services) != before:
            tried_at.append((clock.now() - start).total_seconds())
        await clock.sleep(30)

    assert tried_at == [0, 30, 90, 210, 450, 930]  # waiting 30 s, 1, 2, 4, 8 min between
    async with services.uow.read_only() as work:
        message = await work.session.scalar(select(TelegramMessage))
        assert (message.status, message.attempts, message.last_error) == (
            TelegramMessageStatus.FAILED,
            6,
            "Message is too long",
        )


async def test_a_restarted_sender_sends_what_was_left_and_nothing_twice(
    sender, replica, sandbox, services, clock
):
    user_ids = people(sandbox, 40)
    for user_id in user_ids:
        await queue(services, user_id, 1)
    await sender.send_due()  # 25 went out, then the process stopped

    await clock.sleep(1)
    await replica.send_due()  # the process after the restart

    assert [len(sandbox.bot_messages(user_id)) for user_id in user_ids] == [1] * 40
    assert {status for _, status, _ in await statuses(services)} == {"SENT"}


async def test_what_a_crashed_sender_claimed_is_sent_once_its_claim_runs_out(
    replica, sandbox, services, clock
):
    user_ids = people(sandbox, 3)
    for user_id in user_ids:
        await queue(services, user_id, 1)
    async with services.uow() as work:  # a sender claims them, then its process dies
        assert len(await telegram_outbox.claim_due_messages(work)) == 3

    lease = telegram_outbox.LEASE.total_seconds()
    await rounds(replica, clock, seconds=lease - 5, step=5)  # the last round 10 s before
    assert [sandbox.bot_messages(user_id) for user_id in user_ids] == [[], [], []]
    await clock.sleep(5)
    await replica.send_due()  # the claim ran out

    assert [len(sandbox.bot_messages(user_id)) for user_id in user_ids] == [1, 1, 1]


async def test_two_senders_at_once_send_each_message_once_and_paced_together(
    sender, replica, sandbox, services, clock
):
    user_ids = people(sandbox, 30)
    for number in range(2):
        for user_id in user_ids:
            await queue(services, user_id, number)

    for _ in range(12):
        await asyncio.gather(sender.send_due(), replica.send_due())
        await clock.sleep(0.5)

    assert all(firms(sandbox, user_id) == ["Firm 0", "Firm 1"] for user_id in user_ids)
    assert_paced(sandbox, user_ids)


async def test_a_request_to_join_reaches_a_german_partner_admin_in_german_with_buttons(
    telegram, services, manager, fleets
):
    petra = await partner_admin(telegram, services, manager, fleets)
    async with services.uow() as work:  # Petra switched the bot to German
        await choose_language(work, PETRA, "de")
    theo = telegram.person("Theo", THEO)

    await theo.open(await team_link(petra))

    assert petra.last.text == "👋 Theo möchte dem Team von Demo Installers beitreten. Hereinlassen?"
    assert petra.last.button_texts == ["✅ Theo hereinlassen", "Theo abweisen"]
    replies = await petra.press("✅ Theo hereinlassen")
    assert replies.answer.text == "✅ Theo ist jetzt im Team."
    assert "Welcome to the team of Demo Installers" in theo.last.text


async def test_the_sender_is_woken_by_a_commit_that_queues_a_message(telegram, services, sandbox):
    async def never(seconds: float) -> None:  # without the wake-up it would never look again
        await asyncio.Event().wait()

    sender = OutboxSender(telegram.application.bot, replace(services, sleep=never))
    person = people(sandbox, 1)[0]
    sender.start()
    try:
        await asyncio.sleep(0)  # its first round finds nothing, then it waits
        await queue(services, person, 1)
        await sandbox.wait_for(lambda: len(sandbox.bot_messages(person)) == 1, within=5)
    finally:
        await sender.stop()

    assert firms(sandbox, person) == ["Firm 1"]


class FirstCallFails(UnitOfWorkFactory):
    """A database that refuses the first unit of work (a restart of PostgreSQL, say)."""

    failed = False

    def __call__(self):
        if not self.failed:
            self.failed = True
            raise ConnectionError("the database server closed the connection")
        return super().__call__()


async def test_a_failing_round_is_logged_and_the_sender_goes_on(
    telegram, services, sandbox, engine, caplog
):
    flaky = replace(services, uow=FirstCallFails(engine, services.clock))
    sender = OutboxSender(telegram.application.bot, flaky)
    person = people(sandbox, 1)[0]
    await queue(services, person, 1)

    with caplog.at_level(logging.ERROR):
        sender.start()
        try:
            await sandbox.wait_for(lambda: len(sandbox.bot_messages(person)) == 1, within=5)
        finally:
            await sender.stop()

    assert "Sending the Telegram outbox failed" in caplog.text
    assert "closed the connection" in caplog.text


async def test_a_round_with_nothing_due_changes_nothing(sender, sandbox, services, clock):
    person = people(sandbox, 1)[0]
    await queue(services, person, 1)
    await sender.send_due()
    before = await database_contents(services.uow)

    assert await sender.send_due() == 0

    assert await database_contents(services.uow) == before


async def test_buttons_of_a_queued_message_carry_the_action_as_callback_data(telegram, services):
    petra = telegram.person("Petra", PETRA)
    name = {"name": "Theo"}
    answers = [
        MessageButton("button.let_in", LET_IN, 7, name),
        MessageButton("button.turn_away", TURN_AWAY, 7, name),
    ]
    await queue_text(
        services, PETRA, "team.join_request", buttons=[answers], name="Theo", partner="Firm"
    )

    await telegram.deliver()

    assert [b.callback_data for row in petra.last.buttons for b in row] == [
        "team:let-in:7",
        "team:turn-away:7",
    ]
