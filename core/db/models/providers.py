"""Mobility providers, their fleets and managers, and the managers' sign-ins."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.models.base import Base
from core.db.types import UTCDateTime


class Organization(Base):
    """A mobility provider: owns fleets and employs managers."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    fleets: Mapped[list[Fleet]] = relationship(back_populates="organization", lazy="raise")


class Fleet(Base):
    """A provider's set of vehicles; invitations, jobs and templates belong to one fleet."""

    __tablename__ = "fleets"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Berlin")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    organization: Mapped[Organization] = relationship(back_populates="fleets", lazy="raise")


class Manager(Base):
    """A fleet manager who signs in to the admin web."""

    __tablename__ = "managers"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The manager's own Telegram account, linked through a mgr_ deep link (only its hash kept):
    # failed jobs of their fleets are told there, and a daily summary if they ask for one.
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    telegram_link_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    telegram_link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    daily_summary: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    summary_sent_on: Mapped[date | None] = mapped_column(Date)


class ManagerFleet(Base):
    """Which fleets a manager manages."""

    __tablename__ = "manager_fleets"

    manager_id: Mapped[int] = mapped_column(
        ForeignKey("managers.id", ondelete="CASCADE"), primary_key=True
    )
    fleet_id: Mapped[int] = mapped_column(
        ForeignKey("fleets.id", ondelete="CASCADE"), primary_key=True
    )


class JobTableColumns(Base):
    """The columns a manager chose for a job table (installation or maintenance)."""

    __tablename__ = "job_table_columns"

    manager_id: Mapped[int] = mapped_column(
        ForeignKey("managers.id", ondelete="CASCADE"), primary_key=True
    )
    job_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    columns: Mapped[list[str]] = mapped_column(JSON)


class LoginFailure(Base):
    """One failed sign-in, counted for the lock-out; kept per e-mail address, known or not."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class WebSession(Base):
    """A signed-in manager's session; only the hash of the cookie's token is stored."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    manager_id: Mapped[int] = mapped_column(
        ForeignKey("managers.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
