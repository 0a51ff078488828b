"""Telegram updates taken in: one delivered twice (the same update_id) is processed once.

Telegram redelivers an update the bot did not confirm (a crash, a webhook timeout); the second
delivery must change nothing. The update id is written before anything else of the update, in a
transaction of its own, so of two deliveries at once exactly one goes on. Kept for a day.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from core.db.models import TelegramUpdate
from core.db.uow import UnitOfWork

KEEP = timedelta(days=1)


async def take_in_update(uow: UnitOfWork, update_id: int) -> bool:
    """Whether this update is new (and now recorded); False for one seen before."""
    if await uow.session.get(TelegramUpdate, update_id) is not None:
        return False
    uow.session.add(TelegramUpdate(update_id=update_id, received_at=uow.clock.now()))
    try:
        await uow.commit()
    except IntegrityError:  # delivered twice at the same moment: the other one goes on
        return False
    return True


async def forget_old_updates(uow: UnitOfWork) -> int:
    """Forget update ids older than a day (part of the caller's work)."""
    result = await uow.session.execute(
        delete(TelegramUpdate).where(TelegramUpdate.received_at < uow.clock.now() - KEEP)
    )
    return int(getattr(result, "rowcount", 0) or 0)
