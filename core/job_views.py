"""Frozen views of jobs and templates that services hand to the faces; never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from core.extra_items import ExtraItem
from core.job_fields import JobFields, JobType
from core.job_outcomes import TECHNICIAN_REASONS, FailureReason
from core.job_record_views import AnswerRow, BoxCommandRow, GrantRow, PhotoRow
from core.status import JobStatus

_FLEETCREW_REASONS = frozenset(FailureReason) - frozenset(TECHNICIAN_REASONS)


def vehicle_name(
    job_id: int, license_plate: str | None, custom_name: str | None, vin: str | None
) -> str:
    """How people recognise a job's vehicle: plate, custom name, VIN, or the job's number."""
    return license_plate or custom_name or vin or f"Job {job_id}"


@dataclass(frozen=True, slots=True)
class JobActions:
    """What a job's status allows a manager to do with it now."""

    edit: bool
    delete: bool
    assign: bool
    unassign: bool
    reopen: bool
    duplicate: bool = True

    @classmethod
    def for_status(cls, status: JobStatus) -> JobActions:
        """The actions of a job in this status (an ASSIGNED job is edited after unassigning)."""
        return cls(
            edit=status in (JobStatus.PENDING, JobStatus.ASSIGNED),
            delete=status != JobStatus.RUNNING,
            assign=status == JobStatus.PENDING,
            unassign=status == JobStatus.ASSIGNED,
            reopen=status == JobStatus.FAILED,
        )


@dataclass(frozen=True, slots=True)
class JobRow:
    """One line of the job table."""

    id: int
    job_type: JobType
    status: JobStatus
    vin: str | None
    license_plate: str | None
    custom_name: str | None
    brand: str | None
    model: str | None
    vehicle_model_id: str | None
    qnr: str | None
    service_date: date | None
    partner_name: str | None
    partner_code: str | None
    technician_name: str | None
    created_at: datetime
    updated_at: datetime
    overdue: bool
    actions: JobActions

    @property
    def vehicle(self) -> str:
        """How a manager recognises the vehicle: plate, custom name, VIN, or the job number."""
        return vehicle_name(self.id, self.license_plate, self.custom_name, self.vin)


@dataclass(frozen=True, slots=True)
class JobPage:
    """One page of the job table, the cursor of the next one, and counts per status."""

    rows: tuple[JobRow, ...]
    next_cursor: str | None
    counts: dict[JobStatus, int]

    @property
    def total(self) -> int:
        """How many jobs match the filters other than status."""
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """Something that happened to a job: when, by whom, what."""

    at: datetime
    actor: str
    action: str
    details: dict[str, object]


@dataclass(frozen=True, slots=True)
class OverrideDiffRow:
    """A value the technician used instead of the planned one."""

    field: str
    planned_value: str | None
    used_value: str | None
    technician_name: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class JobDetail:
    """Everything the job page shows: the data, the planned fields, people, and the record."""

    id: int
    fleet_id: int
    time_zone: str
    status: JobStatus
    fields: JobFields
    planned_fields: frozenset[str]
    extra_items: tuple[ExtraItem, ...]
    partner_name: str | None
    partner_code: str | None
    allow_override: bool
    technician_name: str | None
    template_name: str | None
    failure_reason: str | None
    failure_note: str | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    actions: JobActions
    timeline: tuple[TimelineEntry, ...] = ()
    answers: tuple[AnswerRow, ...] = ()
    photos: tuple[PhotoRow, ...] = ()
    override_diffs: tuple[OverrideDiffRow, ...] = ()
    grants: tuple[GrantRow, ...] = ()
    box_commands: tuple[BoxCommandRow, ...] = ()
    failure_label: str | None = None  # failure_reason in words

    @property
    def failed_by_fleetcrew(self) -> bool:
        """Whether FleetCrew failed the job (the access ended), not the technician's choice."""
        return self.failure_reason in _FLEETCREW_REASONS

    @property
    def can_revoke(self) -> bool:
        """Whether a manager may end the technician's access now: a RUNNING job's open grant."""
        return self.status == JobStatus.RUNNING and any(grant.open for grant in self.grants)


@dataclass(frozen=True, slots=True)
class JobSaved:
    """A job just saved (or, already_saved, the one an earlier send of the same form saved)."""

    job_id: int
    job_type: JobType
    status: JobStatus
    partner_name: str | None
    already_saved: bool = False


@dataclass(frozen=True, slots=True)
class SkippedJobs:
    """How many jobs a bulk action left as they were for one reason ("running")."""

    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What a bulk action did: how many jobs, and how many it left as they were, why."""

    verb: str  # past tense: "assigned", "unassigned", "deleted", "changed"
    done: int
    skipped: tuple[SkippedJobs, ...] = field(default=())  # the most frequent reason first

    @property
    def skipped_count(self) -> int:
        """How many jobs were left as they were, for whatever reason."""
        return sum(skipped.count for skipped in self.skipped)

    @property
    def summary(self) -> str:
        """E.g. "10,000 assigned; 3 skipped: 2 running, 1 already assigned"."""
        text = f"{self.done:,} {self.verb}"
        if not self.skipped:
            return text
        why = ", ".join(f"{skipped.count:,} {skipped.reason}" for skipped in self.skipped)
        return f"{text}; {self.skipped_count:,} skipped: {why}"


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """A template as the Templates list shows it."""

    id: int
    name: str
    job_type: JobType
    vehicle_model_id: str | None
    installation_variant: str | None
    extra_items: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class TemplateDetail:
    """A template's name, job data and extra items, to edit it or to start a job from it."""

    id: int
    fleet_id: int
    name: str
    fields: JobFields
    extra_items: tuple[ExtraItem, ...]
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PartnerChoice:
    """A partner a job can be assigned to: ACCEPTED for the job's fleet."""

    partner_code: str
    name: str
    allow_override: bool


@dataclass(frozen=True, slots=True)
class DayCount:
    """Jobs finished on one day of the fleet's time zone."""

    day: date
    succeeded: int
    failed: int


@dataclass(frozen=True, slots=True)
class Overview:
    """A fleet's home page: counts per status, jobs finished per day, what needs attention."""

    counts: dict[JobType, dict[JobStatus, int]]
    days: tuple[DayCount, ...]
    failed: tuple[JobRow, ...]
    overdue: tuple[JobRow, ...]
