"""CSV files of jobs a fleet imported, or checked and kept for the Import button."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.models.base import Base
from core.db.types import UTCDateTime


class JobImport(Base):
    """A CSV file of jobs: KEPT once checked without a problem, IMPORTED once its jobs exist.

    A kept file holds its bytes and options, so Import writes exactly what was checked, without
    a second upload; once imported, the bytes go and the counts stay, for the fleet's history.
    """

    __tablename__ = "job_imports"
    __table_args__ = (Index("ix_job_imports_fleet", "fleet_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fleet_id: Mapped[int] = mapped_column(ForeignKey("fleets.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The options: a template by id (no foreign key: one deleted meanwhile is told, not
    # silently dropped) and its name then, prefer template data, one partner for every row.
    template_id: Mapped[int | None] = mapped_column(Integer)
    template_name: Mapped[str | None] = mapped_column(String(80))
    prefer_template: Mapped[bool] = mapped_column(Boolean, default=False)
    partner_code: Mapped[str | None] = mapped_column(String(5))
    # Who checked or imported it: the audit name, the manager, and how the history names them.
    actor: Mapped[str] = mapped_column(String(64))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"))
    by: Mapped[str] = mapped_column(String(254))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rows: Mapped[int] = mapped_column(Integer)
    assigned: Mapped[int] = mapped_column(Integer)
    pending: Mapped[int] = mapped_column(Integer)
