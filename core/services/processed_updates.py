"""Telegram updates taken in: one delivered twice (the same update_id) is processed once.

Telegram redelivers an update the bot did not confirm (a crash, a webhook timeout); the second
delivery must change nothing. The gate writes the update id before anything else of the update,
and commits it with its look at who is writing, so of two deliveries exactly one goes on. Kept
for a day.
"""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from sqlalchemy import Table, bindparam, delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.db.models import TelegramUpdate
from core.db.uow import UnitOfWork

KEEP = timedelta(days=1)


async def take_in_update(uow: UnitOfWork, update_id: int) -> bool:
    """Whether this update is new (and recorded, once the caller commits); False for one seen
    before. One statement: of two deliveries at once, the second's insert does nothing."""
    insert = _TAKE_IN[uow.session.get_bind().dialect.name]
    result = await uow.session.execute(insert, {"update_id": update_id, "at": uow.clock.now()})
    return bool(getattr(result, "rowcount", 0))


# Run for every update, so built once for each dialect, on the table (an insert of the model
# with parameters would be the ORM's bulk insert, which takes them for the model's attributes).
_UPDATES = cast(Table, TelegramUpdate.__table__)
_TAKE_IN = {
    name: dialect_insert(_UPDATES)
    .values(
        update_id=bindparam("update_id"),
        received_at=bindparam("at", type_=_UPDATES.c.received_at.type),
    )
    .on_conflict_do_nothing(index_elements=[_UPDATES.c.update_id])
    for name, dialect_insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}


async def forget_old_updates(uow: UnitOfWork) -> int:
    """Forget update ids older than a day (part of the caller's work)."""
    result = await uow.session.execute(
        delete(TelegramUpdate).where(TelegramUpdate.received_at < uow.clock.now() - KEEP)
    )
    return int(getattr(result, "rowcount", 0) or 0)
