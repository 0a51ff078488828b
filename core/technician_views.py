"""Frozen views of the technician's side of a job, which services hand to the bot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cloudboxx import Command
from core.buttons import Scalar
from core.checklist import Answer, Step
from core.job_fields import JobType
from core.status import JobStatus


@dataclass(frozen=True, slots=True)
class Note:
    """Something to say before the step: what the last answer or box call came to."""

    text_key: str
    values: Mapping[str, Scalar] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class JobListEntry:
    """One job in /jobs: a button with the vehicle and where the job stands."""

    job_id: int
    job_type: JobType
    status: JobStatus
    vehicle: str
    fleet_name: str
    service_date: date | None
    technician_name: str | None  # who runs it, or whom the partner admin dispatched it to
    mine: bool  # running by me, or dispatched to me


@dataclass(frozen=True, slots=True)
class MyJobs:
    """/jobs: my running jobs first, then those I may start; a partner admin sees all."""

    partner_name: str
    is_partner_admin: bool
    running: tuple[JobListEntry, ...]
    open: tuple[JobListEntry, ...]
    others: tuple[JobListEntry, ...] = ()  # a partner admin's view of the team's other jobs


@dataclass(frozen=True, slots=True)
class SetupLine:
    """One value of the configuration: what it is, and whether the technician may change it."""

    field: str
    value: str | None
    value_text: str | None
    changeable: bool
    changed: bool  # the technician's value, not the planned one


@dataclass(frozen=True, slots=True)
class JobCard:
    """What a technician sees of a job before and while they work on it."""

    job_id: int
    job_type: JobType
    status: JobStatus
    fleet_name: str
    time_zone: str
    vehicle: str
    license_plate: str | None
    vin: str | None
    custom_name: str | None
    model_name: str | None
    qnr: str | None
    service_date: date | None
    access_from: datetime | None
    access_until: datetime | None
    instructions: str | None
    maintenance_type: str | None
    problem_description: str | None
    configuration: tuple[SetupLine, ...]
    extra_items: tuple[str, ...]
    allow_override: bool
    technician_name: str | None
    running_by_me: bool
    may_start: bool
    may_dispatch: bool
    access_ends_at: datetime | None  # an open grant of mine: until when it lasts
    commands: tuple[Command, ...]  # vehicle commands on the card while my access lasts
    steps_done: int = 0
    steps_total: int = 0


@dataclass(frozen=True, slots=True)
class ChecklistView:
    """Where a running job's checklist stands: the step to answer now (None: all answered)."""

    job_id: int
    vehicle: str
    time_zone: str
    step: Step | None
    number: int  # the step's place, from 1
    total: int
    state: Mapping[str, Any]  # what the step is in the middle of (see core.services.checklists)
    answer: Answer | None  # the step's earlier answer, when the technician came back to it
    may_back: bool
    missing: tuple[Step, ...]  # required steps not done, which Complete waits for
    setup: tuple[SetupLine, ...] = ()  # the configuration step's values in full
    setup_choices: tuple[tuple[str, str], ...] = ()  # a value being changed: (value, text)
    note: Note | None = None
    access_ends_at: datetime | None = None
    planned_qnr: str | None = None


@dataclass(frozen=True, slots=True)
class TeamChoice:
    """A member of the team a partner admin may dispatch a job to."""

    technician_id: int
    name: str
    running: int  # how many jobs they run now


@dataclass(frozen=True, slots=True)
class Dispatch:
    """A partner admin's choice of whom to give a job: the card and the team."""

    card: JobCard
    team: tuple[TeamChoice, ...]


@dataclass(frozen=True, slots=True)
class VehicleCommandResult:
    """What a Lock, Unlock or State press on the job card came to."""

    job_id: int
    command: Command
    done: bool
    observed: Mapping[str, Any] | None
    error: str | None
    time_zone: str


@dataclass(frozen=True, slots=True)
class JobFinished:
    """A job just completed or failed: the box follow-up is queued, the access has ended."""

    job_id: int
    vehicle: str
    status: JobStatus
    securing: bool  # a box command secures the vehicle after commit
    failure_reason: str | None = None


@dataclass(frozen=True, slots=True)
class PhotoUpload:
    """A photo the technician sent: Telegram's ids for it and, downloaded once, its bytes."""

    file_id: str
    file_unique_id: str
    data: bytes | None  # None: larger than the limit, so not downloaded
    size_bytes: int | None
    mime_type: str = "image/jpeg"
