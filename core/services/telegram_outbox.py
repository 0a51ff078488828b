"""The Telegram outbox: messages FleetCrew sends on its own, queued with the change they report.

A service that changes something someone should hear about queues the message in its own
transaction (queue_message), so the message exists exactly when the change does. The bot's
sender then claims what may go now, sends it outside any transaction, and records the outcome,
each step a short transaction of its own.

Pacing lives here, in the database, so that it holds across a restart and across replicas:
Telegram allows a bot about one message a second per chat and 30 a second in all, and counts
every attempt. A claim takes at most one message per chat, none to a chat written to within
the last second or still claimed by another sender, and no more than what keeps the last second
(attempts made, plus claimed ones still in flight) at 25. Claims take turns: SQLite's write lock,
an advisory lock on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, exists, func, or_, select, text, update
from sqlalchemy.orm import aliased

from core.actors import Manager, ensure_manages_fleet
from core.buttons import MessageButton, Scalar
from core.db.models import TelegramChat, TelegramMessage
from core.db.uow import UnitOfWork
from core.status import TelegramMessageStatus
from core.views import QueuedMessage, UndeliveredMessage

MESSAGES_PER_SECOND = 25  # in all; Telegram's limit is about 30
CHAT_GAP = timedelta(seconds=1)  # between two messages to one chat
LEASE = timedelta(seconds=60)  # how long a claim lasts: a crashed sender's rows wait this long
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(seconds=30)  # then doubling: 30 s, 1, 2, 4, 8 min, then FAILED
CLAIM_LOCK_KEY = 0x466C54656C65  # "FlTele": PostgreSQL's advisory lock that orders claims
ERROR_LENGTH = 255

PENDING = TelegramMessageStatus.PENDING
UNDELIVERED = (TelegramMessageStatus.UNDELIVERABLE, TelegramMessageStatus.FAILED)


def queue_message(
    uow: UnitOfWork,
    *,
    telegram_user_id: int,
    text_key: str,
    values: Mapping[str, Scalar],
    fleet_id: int | None = None,
    buttons: Sequence[Sequence[MessageButton]] | None = None,
) -> None:
    """Queue a message to a Telegram user, sent once the caller's work commits (part of it).

    One call per person per change: a change that concerns many things (40 jobs assigned) says
    so in one message. fleet_id names the fleet the message concerns, whose manager sees it on
    the Outbox page if it cannot be delivered.
    """
    now = uow.clock.now()
    uow.session.add(
        TelegramMessage(
            telegram_user_id=telegram_user_id,
            fleet_id=fleet_id,
            text_key=text_key,
            text_values=dict(values),
            buttons=[[button.to_json() for button in row] for row in buttons] if buttons else None,
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    uow.wake_telegram_sender()


async def any_due(uow: UnitOfWork) -> bool:
    """Whether a message waits to be sent now (it may still have to wait for its chat's turn)."""
    due = await uow.session.scalar(
        select(TelegramMessage.id)
        .where(
            TelegramMessage.status == PENDING, TelegramMessage.next_attempt_at <= uow.clock.now()
        )
        .limit(1)
    )
    return due is not None


async def claim_due_messages(uow: UnitOfWork, *, lease: timedelta = LEASE) -> list[QueuedMessage]:
    """Claim the messages that may be sent now, for the length of the lease, and commit."""
    await _take_turns(uow)
    now = uow.clock.now()
    budget = MESSAGES_PER_SECOND - int(
        await uow.session.scalar(
            select(func.count()).where(_busy(TelegramMessage, now)).select_from(TelegramMessage)
        )
        or 0
    )
    if budget <= 0:
        return []
    other = aliased(TelegramMessage)
    chat_is_busy = exists().where(
        other.telegram_user_id == TelegramMessage.telegram_user_id, _busy(other, now)
    )
    # A chat's oldest waiting message goes first, or none of its messages does: one that waits
    # out its backoff is not overtaken by a later one to the same person.
    first_per_chat = (
        select(func.min(TelegramMessage.id))
        .where(TelegramMessage.status == PENDING, ~chat_is_busy)
        .group_by(TelegramMessage.telegram_user_id)
    )
    rows = (
        await uow.session.execute(
            select(TelegramMessage, TelegramChat.language)
            .outerjoin(TelegramChat, TelegramChat.id == TelegramMessage.telegram_user_id)
            # Checked again on the locked row: another sender may have claimed it meanwhile.
            .where(TelegramMessage.id.in_(first_per_chat), _due(now))
            .order_by(TelegramMessage.id)
            .limit(budget)
            .with_for_update(of=TelegramMessage, skip_locked=True)
        )
    ).all()
    claimed = []
    for message, language in rows:
        message.claimed_until = now + lease
        claimed.append(_queued(message, language))
    await uow.commit()
    return claimed


async def record_sent(uow: UnitOfWork, message_id: int) -> None:
    """Telegram took the message."""
    message = await _claimed(uow, message_id)
    if message is not None:
        _attempted(uow, message)
        _move_to(message, TelegramMessageStatus.SENT)
    await uow.commit()


async def record_undeliverable(uow: UnitOfWork, message_id: int, *, error: str) -> None:
    """Telegram will not deliver it (the person blocked the bot, the chat is gone): no retry."""
    message = await _claimed(uow, message_id)
    if message is not None:
        _attempted(uow, message, error)
        _move_to(message, TelegramMessageStatus.UNDELIVERABLE)
    await uow.commit()


async def record_failure(uow: UnitOfWork, message_id: int, *, error: str) -> None:
    """The message did not go; it is tried again later, the last time it counts as FAILED."""
    message = await _claimed(uow, message_id)
    if message is not None:
        _attempted(uow, message, error)
        if message.attempts >= MAX_ATTEMPTS:
            _move_to(message, TelegramMessageStatus.FAILED)
        else:
            message.next_attempt_at = uow.clock.now() + FIRST_RETRY * 2 ** (message.attempts - 1)
    await uow.commit()


async def pause_chat(uow: UnitOfWork, message_id: int, *, seconds: float) -> None:
    """Telegram asked to wait before writing to this chat again: its messages wait, in order."""
    message = await _claimed(uow, message_id)
    if message is not None:
        now = uow.clock.now()
        message.last_attempt_at = now
        message.claimed_until = None
        until = now + timedelta(seconds=seconds)
        await uow.session.execute(
            update(TelegramMessage)
            .where(
                TelegramMessage.telegram_user_id == message.telegram_user_id,
                TelegramMessage.status == PENDING,
                TelegramMessage.next_attempt_at < until,
            )
            .values(next_attempt_at=until)
        )
    await uow.commit()


async def list_undelivered(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, limit: int = 50
) -> list[UndeliveredMessage]:
    """The newest Telegram messages about one of the manager's fleets that did not get through."""
    ensure_manages_fleet(manager, fleet_id)
    rows = await uow.session.execute(
        select(TelegramMessage, TelegramChat.name)
        .outerjoin(TelegramChat, TelegramChat.id == TelegramMessage.telegram_user_id)
        .where(TelegramMessage.fleet_id == fleet_id, TelegramMessage.status.in_(UNDELIVERED))
        .order_by(TelegramMessage.created_at.desc(), TelegramMessage.id.desc())
        .limit(limit)
    )
    return [
        UndeliveredMessage(
            id=message.id,
            telegram_user_id=message.telegram_user_id,
            recipient_name=name,
            text_key=message.text_key,
            values=message.text_values,
            status=TelegramMessageStatus(message.status),
            attempts=message.attempts,
            created_at=message.created_at,
            last_attempt_at=message.last_attempt_at,
            last_error=message.last_error,
        )
        for message, name in rows
    ]


def _move_to(message: TelegramMessage, target: TelegramMessageStatus) -> None:
    """The one place an outbox message's status changes: only a waiting one is settled."""
    if message.status != PENDING or target == PENDING:
        raise ValueError(f"an outbox message that is {message.status} cannot become {target}")
    message.status = target


async def _take_turns(uow: UnitOfWork) -> None:
    # SQLite's BEGIN IMMEDIATE already made this transaction the only writer.
    if uow.session.get_bind().dialect.name == "postgresql":
        await uow.session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK_KEY}
        )


def _busy(message: type[TelegramMessage], now: datetime) -> ColumnElement[bool]:
    """Attempted within the last second, or claimed by a sender that has not answered yet."""
    return or_(
        message.last_attempt_at > now - CHAT_GAP,
        (message.status == PENDING) & (message.claimed_until > now),
    )


def _due(now: datetime) -> ColumnElement[bool]:
    return (
        (TelegramMessage.status == PENDING)
        & (TelegramMessage.next_attempt_at <= now)
        & or_(TelegramMessage.claimed_until.is_(None), TelegramMessage.claimed_until <= now)
    )


async def _claimed(uow: UnitOfWork, message_id: int) -> TelegramMessage | None:
    """The message, unless another sender settled it (after this one's lease ran out)."""
    message = await uow.session.get(TelegramMessage, message_id, with_for_update=True)
    return message if message is not None and message.status == PENDING else None


def _attempted(uow: UnitOfWork, message: TelegramMessage, error: str | None = None) -> None:
    message.attempts += 1
    message.last_attempt_at = uow.clock.now()
    message.claimed_until = None
    if error is not None:
        message.last_error = error[:ERROR_LENGTH]


def _queued(message: TelegramMessage, language: str | None) -> QueuedMessage:
    return QueuedMessage(
        id=message.id,
        telegram_user_id=message.telegram_user_id,
        language=language,
        text_key=message.text_key,
        values=message.text_values,
        buttons=tuple(
            tuple(MessageButton.from_json(button) for button in row)
            for row in message.buttons or ()
        ),
    )
