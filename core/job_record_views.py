"""Frozen views of what a technician produced for a job: answers, photos, box commands, access.

The job page shows them; core.services.job_record builds them from their tables, with the
steps named (core.step_names) and what the box reported read out (core.box_readings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """A technician's answer to one checklist step, with the step's name and the box's readings.

    passed: for a step that asks the box (a test, the problem's state), True when it passed,
    False when the technician skipped it after the box did not show what it looks for, None
    when it is no such step or was skipped before the box was asked.
    """

    step: str
    name: str
    done: bool
    value: object  # as stored: a QNR, typed text, a number, the configuration, a photo's id
    reason: str | None  # why it was skipped, in the technician's words
    extra: dict[str, object]  # what came with it: how the box was read, the vehicle match …
    technician_name: str | None
    answered_at: datetime
    is_test: bool = False
    passed: bool | None = None
    readings: tuple[str, ...] = ()
    flow_id: str | None = None
    photo_id: int | None = None
    box_error: str | None = None  # a failed test's: why the box did not answer


@dataclass(frozen=True, slots=True)
class PhotoRow:
    """A photo a technician sent for a step; stored: whether FleetCrew keeps a copy to show."""

    photo_id: int
    step: str
    name: str
    technician_name: str | None
    taken_at: datetime
    stored: bool = False


@dataclass(frozen=True, slots=True)
class PhotoFile:
    """Where a job's photo is kept, to send it to the manager's browser."""

    stored_key: str | None
    mime_type: str


@dataclass(frozen=True, slots=True)
class BoxCommandRow:
    """A command FleetCrew sent to the job's box: why, how it went, its flow id for support."""

    command: str  # the Command's value, e.g. LOCK_AND_DISABLE_DRIVING
    command_label: str
    purpose: str  # test, vehicle, secure
    step_name: str | None
    status: str  # IN_FLIGHT, PENDING, DONE, FAILED
    attempts: int
    error: str | None
    flow_id: str
    requested_at: datetime
    finished_at: datetime | None
    readings: tuple[str, ...] = ()


class FollowUpState(StrEnum):
    """Where securing the vehicle after the access ended stands."""

    NONE = (
        "none"  # nothing to secure: no box known, or a model that can neither lock nor immobilize
    )
    PENDING = "pending"
    CONFIRMED = "confirmed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The box's follow-up after the access ended: pending (attempts, last error) until the box
    confirmed it, or failed for good."""

    state: FollowUpState
    command_label: str | None = None
    attempts: int = 0
    error: str | None = None
    finished_at: datetime | None = None
    flow_id: str | None = None


@dataclass(frozen=True, slots=True)
class GrantRow:
    """A technician's access to the job's vehicle: from when, until when, how and why it ended."""

    technician_name: str | None
    starts_at: datetime
    ends_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None
    end_label: str | None = None  # the reason in words
    follow_up: FollowUp | None = None  # once ended

    @property
    def open(self) -> bool:
        """Whether the technician still holds the access."""
        return self.ended_at is None
