"""Service partners, their fleet connections (invitations), their teams and team links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.models.base import Base
from core.db.types import UTCDateTime


class ServicePartner(Base):
    """A company or team doing the hardware work, known by its Partner ID."""

    __tablename__ = "service_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_code: Mapped[str] = mapped_column(String(5), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FleetConnection(Base):
    """An invitation of a partner to a fleet and, once accepted, the standing connection."""

    __tablename__ = "fleet_connections"
    __table_args__ = (
        UniqueConstraint("fleet_id", "email"),
        UniqueConstraint("fleet_id", "partner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fleet_id: Mapped[int] = mapped_column(ForeignKey("fleets.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(16))
    allow_override: Mapped[bool] = mapped_column(Boolean, default=False)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_partners.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("managers.id", ondelete="SET NULL")
    )
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    partner: Mapped[ServicePartner | None] = relationship(lazy="raise")


class Technician(Base):
    """A Telegram user in a partner's team: its partner admin or one of its technicians."""

    __tablename__ = "technicians"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("service_partners.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(128))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TeamLink(Base):
    """A partner's reusable link for technicians to ask to join its team.

    One live link per partner: a new one replaces the old. Only the token's hash is stored.
    """

    __tablename__ = "team_links"
    __table_args__ = (
        Index(
            "uq_team_links_live",
            "partner_id",
            unique=True,
            sqlite_where=text("replaced_at IS NULL"),
            postgresql_where=text("replaced_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("service_partners.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("technicians.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class JoinRequest(Base):
    """Someone who opened a team link, waiting for the partner admin's yes or no."""

    __tablename__ = "join_requests"
    __table_args__ = (
        # One open request per person and partner; answered ones stay as history.
        Index(
            "uq_join_requests_open",
            "partner_id",
            "telegram_user_id",
            unique=True,
            sqlite_where=text("status = 'PENDING'"),
            postgresql_where=text("status = 'PENDING'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("service_partners.id", ondelete="CASCADE"), index=True
    )
    team_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_links.id", ondelete="SET NULL"), index=True
    )
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("technicians.id", ondelete="SET NULL")
    )
    technician_id: Mapped[int | None] = mapped_column(
        ForeignKey("technicians.id", ondelete="SET NULL")
    )
