"""Jobs and templates, checklist answers and photos, access grants and box commands."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db.models.base import Base
from core.db.types import UTCDateTime


class JobData:
    """The job data of the portal, every field optional; shared by jobs and templates."""

    job_type: Mapped[str] = mapped_column(String(16), default="INSTALLATION")
    vin: Mapped[str | None] = mapped_column(String(17))
    license_plate: Mapped[str | None] = mapped_column(String(20))
    custom_name: Mapped[str | None] = mapped_column(String(120))
    brand: Mapped[str | None] = mapped_column(String(60))
    model: Mapped[str | None] = mapped_column(String(60))
    fuel_type: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer)
    vehicle_model_id: Mapped[str | None] = mapped_column(String(64))
    installation_variant: Mapped[str | None] = mapped_column(String(20))
    central_lock_connection_type: Mapped[str | None] = mapped_column(String(20))
    configuration_preset: Mapped[str | None] = mapped_column(String(64))
    qnr: Mapped[str | None] = mapped_column(String(16))
    service_date: Mapped[date | None] = mapped_column(Date)
    instructions: Mapped[str | None] = mapped_column(Text)
    access_from: Mapped[datetime | None] = mapped_column(UTCDateTime())
    access_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    maintenance_type: Mapped[str | None] = mapped_column(String(20))
    problem_description: Mapped[str | None] = mapped_column(Text)


class Template(JobData, Base):
    """Saved job data for recurring jobs, e.g. "EV setup – standard"."""

    __tablename__ = "templates"
    __table_args__ = (
        UniqueConstraint("fleet_id", "name"),
        # A deleted template's id is never handed out again (its audit events name it).
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fleet_id: Mapped[int] = mapped_column(ForeignKey("fleets.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Job(JobData, Base):
    """An installation or maintenance job for one vehicle of one fleet."""

    __tablename__ = "jobs"
    __table_args__ = (
        # The job table: a fleet's jobs of one type, newest first, by status, by service date.
        Index("ix_jobs_list", "fleet_id", "job_type", "id"),
        Index("ix_jobs_list_status", "fleet_id", "job_type", "status", "id"),
        Index("ix_jobs_list_service_date", "fleet_id", "job_type", "service_date", "id"),
        # Counts per status under a text search read this index alone, never the table.
        Index("ix_jobs_list_search", "fleet_id", "job_type", "status", "search_text"),
        Index("ix_jobs_finished", "fleet_id", "finished_at", "status"),  # the Overview's chart
        Index("ix_jobs_overdue", "fleet_id", "status", "service_date"),  # and its overdue jobs
        # A VIN or QNR on an open job of the fleet (the CSV import refuses a second one).
        Index("ix_jobs_vin", "fleet_id", "vin"),
        Index("ix_jobs_qnr", "fleet_id", "qnr"),
        UniqueConstraint("fleet_id", "creation_key"),
        # A deleted job's id is never handed out again: its timeline (audit events) names it.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fleet_id: Mapped[int] = mapped_column(ForeignKey("fleets.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_partners.id", ondelete="SET NULL"), index=True
    )
    technician_id: Mapped[int | None] = mapped_column(
        ForeignKey("technicians.id", ondelete="SET NULL"), index=True
    )
    template_id: Mapped[int | None] = mapped_column(ForeignKey("templates.id", ondelete="SET NULL"))
    # The checklist step the technician is at, and what that step is in the middle of (a QNR read
    # from a label awaiting confirmation, a skip awaiting its reason, a box test under way).
    current_step: Mapped[str | None] = mapped_column(String(40))
    step_state: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    failure_reason: Mapped[str | None] = mapped_column(String(40))
    failure_note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("managers.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The fields the manager (or a template) filled in: read-only for technicians unless the
    # partner may override, and then each change is an OverrideDiff.
    planned_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The New Job form's own key: a second send of the same form (a double click) saves no
    # second job.
    creation_key: Mapped[str | None] = mapped_column(String(32))
    # VIN, plate, custom name and QNR in lower case, for the job table's one search box.
    search_text: Mapped[str] = mapped_column(String(240), default="")


class ExtraItem(Base):
    """An extra checklist item the manager wrote on a job or a template."""

    __tablename__ = "extra_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), index=True
    )
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("templates.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    required: Mapped[bool] = mapped_column(Boolean)
    options: Mapped[list[str]] = mapped_column(JSON, default=list)


class OverrideDiff(Base):
    """A value a technician used instead of the planned one, where the partner may override."""

    __tablename__ = "override_diffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    planned_value: Mapped[str | None] = mapped_column(Text)
    used_value: Mapped[str | None] = mapped_column(Text)
    technician_id: Mapped[int | None] = mapped_column(
        ForeignKey("technicians.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class ChecklistAnswer(Base):
    """A technician's answer to one checklist step of a job."""

    __tablename__ = "checklist_answers"
    __table_args__ = (UniqueConstraint("job_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(40))
    value: Mapped[dict[str, Any]] = mapped_column(JSON)
    technician_id: Mapped[int | None] = mapped_column(
        ForeignKey("technicians.id", ondelete="SET NULL")
    )
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class JobPhoto(Base):
    """A photo a technician sent for a job (the fitted box, its label)."""

    __tablename__ = "job_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(40))
    telegram_file_id: Mapped[str] = mapped_column(String(255))
    telegram_file_unique_id: Mapped[str] = mapped_column(String(64))
    # The stored copy (downloaded once through getFile): its key in the photo store, or None
    # while it is not stored (too large, or Telegram could not hand it over).
    stored_key: Mapped[str | None] = mapped_column(String(255))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    mime_type: Mapped[str | None] = mapped_column(String(40))
    technician_id: Mapped[int | None] = mapped_column(
        ForeignKey("technicians.id", ondelete="SET NULL")
    )
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AccessGrant(Base):
    """A technician's temporary permission to command the vehicle of one job."""

    __tablename__ = "access_grants"
    __table_args__ = (Index("ix_access_grants_open", "ended_at", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    # SET NULL: the grant's history outlives the technician's membership of the team.
    technician_id: Mapped[int | None] = mapped_column(
        ForeignKey("technicians.id", ondelete="SET NULL"), index=True
    )
    qnr: Mapped[str | None] = mapped_column(String(16))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str | None] = mapped_column(String(32))
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # "15 minutes left"


class BoxCommand(Base):
    """A command for a CloudBoxx: recorded before it is sent, its outcome recorded after.

    The intent is committed first and the box called outside any transaction; a command that did
    not get through stays PENDING with a next attempt time for the scheduler to retry.
    """

    __tablename__ = "box_commands"
    __table_args__ = (Index("ix_box_commands_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    grant_id: Mapped[int | None] = mapped_column(
        ForeignKey("access_grants.id", ondelete="SET NULL")
    )
    technician_id: Mapped[int | None] = mapped_column(
        ForeignKey("technicians.id", ondelete="SET NULL")
    )
    qnr: Mapped[str] = mapped_column(String(16))
    command: Mapped[str] = mapped_column(String(40))
    # Why it was sent: a checklist step's test, a button on the job card, the follow-up that
    # secures the vehicle after the job; step names the checklist step it belongs to.
    purpose: Mapped[str] = mapped_column(String(16), default="vehicle", server_default="vehicle")
    step: Mapped[str | None] = mapped_column(String(40))
    observed: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the state the box reported
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    flow_id: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(Text)
