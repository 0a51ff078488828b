"""The technician's record of a job as the job page shows it: each answer by its step's name,
the tests with what the box reported, the photos, the box commands, the access and its end.

Built from the rows core.services.job_detail reads; nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cloudboxx import Command
from core.box_readings import box_readings
from core.db.models import AccessGrant, BoxCommand, ChecklistAnswer, JobPhoto
from core.job_outcomes import grant_end_label
from core.job_record_views import (
    AnswerRow,
    BoxCommandRow,
    FollowUp,
    FollowUpState,
    GrantRow,
    PhotoRow,
)
from core.services.box_commands import BoxCommandStatus, Purpose
from core.step_names import is_test_step, step_name

Names = Mapping[int | None, str]
_ANSWER_KEYS = frozenset({"outcome", "value", "reason"})


def answer_rows(
    answers: Sequence[ChecklistAnswer],
    photos: Sequence[JobPhoto],
    commands: Sequence[BoxCommand],
    *,
    names: Names,
    extra_labels: Sequence[str],
    time_zone: str,
) -> tuple[AnswerRow, ...]:
    """Each answer by its step's name; a test with what the box reported when it was asked."""
    last_photo = {photo.step: photo.id for photo in photos}
    last_command = {command.step: command for command in commands if command.step}
    return tuple(
        _answer_row(row, last_photo, last_command, names, extra_labels, time_zone)
        for row in answers
    )


def _answer_row(
    row: ChecklistAnswer,
    last_photo: Mapping[str, int],
    last_command: Mapping[str, BoxCommand],
    names: Names,
    extra_labels: Sequence[str],
    time_zone: str,
) -> AnswerRow:
    data: Mapping[str, Any] = row.value if isinstance(row.value, Mapping) else {}
    done = data.get("outcome", "done") != "skipped"
    value = data.get("value")
    extra = {key: part for key, part in data.items() if key not in _ANSWER_KEYS}
    reason = data.get("reason")
    testing = is_test_step(row.step)
    passed: bool | None = None
    observed: object = extra.get("observed")
    flow_id = extra.get("flow_id")
    box_error: str | None = None
    if testing:
        command = last_command.get(row.step)
        if done:
            passed = True
        elif command is not None:  # skipped after the box was asked and did not show it
            passed, observed, flow_id = False, command.observed, command.flow_id
            box_error = command.error
    photo_id = value.get("photo_id") if isinstance(value, Mapping) else None
    if not isinstance(photo_id, int):
        photo_id = last_photo.get(row.step)
    return AnswerRow(
        step=row.step,
        name=step_name(row.step, extra_labels),
        done=done,
        value=value,
        reason=reason if isinstance(reason, str) else None,
        extra=extra,
        technician_name=names.get(row.technician_id),
        answered_at=row.answered_at,
        is_test=testing,
        passed=passed,
        # A test shows what it looks at; the problem step the box's whole state.
        readings=box_readings(observed, time_zone, brief=row.step != "problem"),
        flow_id=flow_id if isinstance(flow_id, str) else None,
        photo_id=photo_id,
        box_error=box_error,
    )


def photo_rows(
    photos: Sequence[JobPhoto], *, names: Names, extra_labels: Sequence[str]
) -> tuple[PhotoRow, ...]:
    """The photos, each named after its step, and whether a copy is kept to show."""
    return tuple(
        PhotoRow(
            photo.id,
            photo.step,
            step_name(photo.step, extra_labels),
            names.get(photo.technician_id),
            photo.taken_at,
            stored=photo.stored_key is not None,
        )
        for photo in photos
    )


def command_rows(
    commands: Sequence[BoxCommand], *, extra_labels: Sequence[str], time_zone: str
) -> tuple[BoxCommandRow, ...]:
    """The box commands of the job, oldest first, with what the box reported."""
    return tuple(
        BoxCommandRow(
            command=row.command,
            command_label=_command_label(row.command),
            purpose=row.purpose,
            step_name=step_name(row.step, extra_labels) if row.step else None,
            status=row.status,
            attempts=row.attempts,
            error=row.error,
            flow_id=row.flow_id,
            requested_at=row.requested_at,
            finished_at=row.finished_at,
            readings=box_readings(row.observed, time_zone, brief=True),
        )
        for row in commands
    )


def grant_rows(
    grants: Sequence[AccessGrant], commands: Sequence[BoxCommand], *, names: Names
) -> tuple[GrantRow, ...]:
    """Each access: open until when, or ended when and why, and the box's follow-up since."""
    securing: dict[int | None, BoxCommand] = {
        row.grant_id: row for row in commands if row.purpose == Purpose.SECURE
    }
    return tuple(
        GrantRow(
            names.get(grant.technician_id),
            grant.starts_at,
            grant.ends_at,
            grant.ended_at,
            grant.end_reason,
            end_label=grant_end_label(grant.end_reason),
            follow_up=_follow_up(securing.get(grant.id)) if grant.ended_at else None,
        )
        for grant in grants
    )


_FOLLOW_UP_STATES: dict[str, FollowUpState] = {
    BoxCommandStatus.DONE: FollowUpState.CONFIRMED,
    BoxCommandStatus.FAILED: FollowUpState.FAILED,
}


def _follow_up(row: BoxCommand | None) -> FollowUp:
    if row is None:
        return FollowUp(FollowUpState.NONE)
    state = _FOLLOW_UP_STATES.get(row.status, FollowUpState.PENDING)
    return FollowUp(
        state,
        command_label=_command_label(row.command),
        attempts=row.attempts,
        error=row.error,
        finished_at=row.finished_at,
        flow_id=row.flow_id,
    )


def _command_label(command: str) -> str:
    try:
        return Command(command).label
    except ValueError:
        return command
