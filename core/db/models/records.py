"""What happened (audit events) and what was sent (the e-mail outbox)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.models.base import Base
from core.db.types import UTCDateTime


class AuditEvent(Base):
    """What happened, who did it and when; written by the services in the same transaction."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_fleet_at", "fleet_id", "at"),)

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
