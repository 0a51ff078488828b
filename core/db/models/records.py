"""What happened (audit events) and what FleetCrew sends on its own (e-mails, Telegram messages)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.models.base import Base
from core.db.types import UTCDateTime


class AuditEvent(Base):
    """What happened, who did it and when; written by the services in the same transaction."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_fleet_at", "fleet_id", "at"),
        Index("ix_audit_events_subject_at", "subject", "at"),  # a job's timeline
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    fleet_id: Mapped[int | None] = mapped_column(ForeignKey("fleets.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    flow_id: Mapped[str | None] = mapped_column(String(64))


class OutboxMail(Base):
    """An e-mail kept for the admin web to show, when no SMTP server is configured.

    A mail that carries a deep link knows the link's hash: once the link ends (answered,
    replaced, withdrawn, expired), the link is blanked in the mail and the reason kept.
    """

    __tablename__ = "outbox_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    fleet_id: Mapped[int | None] = mapped_column(
        ForeignKey("fleets.id", ondelete="CASCADE"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    text_body: Mapped[str] = mapped_column(Text)
    message: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    link_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    link_ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    link_end_reason: Mapped[str | None] = mapped_column(String(16))


class TelegramMessage(Base):
    """A message FleetCrew sends a Telegram user on its own, queued with the change it reports.

    It keeps what to say, not the words: a text key of the bot's catalogues with its values,
    and buttons the same way, rendered in the recipient's language when it is sent. A sender
    claims a due row until claimed_until, so a crashed sender's rows go out once that passes.
    last_attempt_at paces the sending: Telegram counts every attempt, sent or not.
    """

    __tablename__ = "telegram_outbox"
    __table_args__ = (
        Index("ix_telegram_outbox_due", "status", "next_attempt_at"),
        Index("ix_telegram_outbox_chat", "telegram_user_id", "last_attempt_at"),
        Index("ix_telegram_outbox_last_attempt_at", "last_attempt_at"),
        Index("ix_telegram_outbox_fleet", "fleet_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    fleet_id: Mapped[int | None] = mapped_column(ForeignKey("fleets.id", ondelete="SET NULL"))
    text_key: Mapped[str] = mapped_column(String(64))
    text_values: Mapped[dict[str, Any]] = mapped_column(JSON)
    buttons: Mapped[list[list[dict[str, Any]]] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(255))
