"""The bot's private chats: the language each Telegram user reads and the reply the bot awaits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.models.base import Base
from core.db.types import UTCDateTime


class TelegramChat(Base):
    """One Telegram user's private chat with the bot, met on their first message.

    The bot's handlers keep no state of their own: a question the bot asked (the company name
    after Accept) is remembered here, so a restart or a second replica loses nothing.
    """

    __tablename__ = "telegram_chats"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(128))
    language: Mapped[str] = mapped_column(String(8))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    awaiting: Mapped[str | None] = mapped_column(String(32))
    awaiting_connection_id: Mapped[int | None] = mapped_column(
        ForeignKey("fleet_connections.id", ondelete="SET NULL")
    )
    awaiting_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The message that asked (the invitation's), to show the answer in once it is given.
    awaiting_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The job whose checklist this chat is at: a typed answer or a photo goes to its current step.
    # Indexed: deleting jobs sets this to NULL in every chat at them, and a scan per job is slow.
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )


class TelegramUpdate(Base):
    """An update the bot has taken in: one delivered again (same update_id) is not processed twice.

    Kept for a day, which is longer than Telegram redelivers an update for.
    """

    __tablename__ = "telegram_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
