"""Telegram updates taken in: one delivered twice (the same update_id) is processed once.

Telegram redelivers an update the bot did not confirm (a crash, a webhook timeout); the second
delivery must change nothing. The gate writes the update id before anything else of the update,
and commits it with its look at who is writing, so of two deliveries exactly one goes on. Kept
for a day.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.db.models import TelegramUpdate
from core.db.uow import UnitOfWork

KEEP = timedelta(days=1)


async def take_in_update(uow: UnitOfWork, update_id: int) -> bool:
    """Whether this update is new (and recorded, once the caller commits); False for one seen
    before. One statement: of two deliveries at once, the second's insert does nothing."""
    dialect = uow.session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    result = await uow.session.execute(
        insert(TelegramUpdate)
        .values(update_id=update_id, received_at=uow.clock.now())
        .on_conflict_do_nothing(index_elements=[TelegramUpdate.update_id])
    )
    return bool(getattr(result, "rowcount", 0))


async def forget_old_updates(uow: UnitOfWork) -> int:
    """Forget update ids older than a day (part of the caller's work)."""
    result = await uow.session.execute(
        delete(TelegramUpdate).where(TelegramUpdate.received_at < uow.clock.now() - KEEP)
    )
    return int(getattr(result, "rowcount", 0) or 0)
