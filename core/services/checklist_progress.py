"""A running job's checklist in the database: its answers, the current step, moving on.

The job row holds the step the technician is at (current_step, or FINISH once every step is
answered) and what that step is in the middle of (step_state: a QNR read from a label awaiting
confirmation, a skip awaiting its reason, a failure awaiting the technician's words, a value
being chosen in the configuration, a box test under way). Answers are rows of their own. So a
restart, a second replica or a week away loses nothing. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm.attributes import set_committed_value

from cloudboxx import VehicleModel
from core.checklist import (
    SETUP_FIELDS,
    Answer,
    Checklist,
    JobSheet,
    Step,
    box_qnr,
    build_checklist,
    setup_value,
)
from core.db.models import AccessGrant, ChecklistAnswer, Fleet, Job, TelegramChat
from core.db.uow import UnitOfWork
from core.errors import ErrorCode, NotAllowed
from core.job_views import vehicle_name
from core.services.job_records import fields_of, items_of
from core.services.overrides import may_change
from core.services.work_access import Worker, fleet_terms
from core.technician_views import ChecklistView, Note, SetupLine

FINISH = "finish"  # current_step once every step has an answer: Complete or Fail


class StepMovedOn(NotAllowed):
    """A press for a step the checklist has left (a second tap): nothing to do again."""


@dataclass
class Progress:
    """A job's checklist as it stands: the job, what it is built from, the answers so far."""

    job: Job
    fleet: Fleet
    sheet: JobSheet
    answers: dict[str, Answer]
    checklist: Checklist
    models: Mapping[str, VehicleModel]

    @property
    def current(self) -> Step | None:
        """The step to answer now; None once every step is answered."""
        key = self.job.current_step
        if key == FINISH:
            return None
        step = self.checklist.step(key) if key else None
        return step or self.checklist.first_open(self.answers)

    @property
    def state(self) -> dict[str, Any]:
        """What the current step is in the middle of."""
        return dict(self.job.step_state or {})

    @property
    def qnr(self) -> str | None:
        """The box the job is about, as far as it is known."""
        return box_qnr(self.sheet, self.answers)

    def model(self) -> VehicleModel | None:
        """The vehicle model as the job's setup stands."""
        return self.models.get(setup_value(self.sheet, self.answers, "vehicle_model_id") or "")

    def rebuild(self) -> None:
        """Build the steps again from the answers as they are now."""
        self.checklist = build_checklist(self.sheet, self.models, self.answers)


async def load_progress(uow: UnitOfWork, job: Job, models: Mapping[str, VehicleModel]) -> Progress:
    """The job's checklist with its answers, built from the job and its vehicle model; loaded
    once per unit of work (what this work changes, it changes in the one Progress)."""
    known = uow.memo.get(("progress", job.id))
    if isinstance(known, Progress):
        return known
    fleet, allow_override = await fleet_terms(uow, job)
    sheet = JobSheet(
        job_id=job.id,
        fields=fields_of(job),
        extra_items=await items_of(uow, job_id=job.id),
        planned_fields=frozenset(job.planned_fields),
        allow_override=allow_override,
    )
    answers = {
        step: Answer.from_json(value)
        for step, value in await uow.session.execute(_ANSWERS, {"job_id": job.id})
    }
    checklist = build_checklist(sheet, models, answers)
    progress = Progress(job, fleet, sheet, answers, checklist, models)
    uow.memo[("progress", job.id)] = progress
    return progress


# Every step a technician answers reads the job's answers and writes one: the statements are
# built once, and read and write the table's columns, not rows for the session to keep track
# of (a statement of the table's own runs without the ORM's part of the session's work).
_ANSWER_TABLE = cast(Table, ChecklistAnswer.__table__)
_ANSWERS = select(_ANSWER_TABLE.c.step, _ANSWER_TABLE.c.value).where(
    _ANSWER_TABLE.c.job_id == bindparam("job_id")
)
_ADD_ANSWER = insert(_ANSWER_TABLE).values(
    job_id=bindparam("job"),
    step=bindparam("key"),
    value=bindparam("answer", type_=_ANSWER_TABLE.c.value.type),
    technician_id=bindparam("technician"),
    answered_at=bindparam("at", type_=_ANSWER_TABLE.c.answered_at.type),
)
_REPLACE_ANSWER = (
    update(_ANSWER_TABLE)
    .where(_ANSWER_TABLE.c.job_id == bindparam("job"), _ANSWER_TABLE.c.step == bindparam("key"))
    .values(
        value=bindparam("answer", type_=_ANSWER_TABLE.c.value.type),
        technician_id=bindparam("technician"),
        answered_at=bindparam("at", type_=_ANSWER_TABLE.c.answered_at.type),
    )
)


def ensure_at(progress: Progress, step_key: str) -> Step:
    """The current step, if it is the one the press was for; StepMovedOn otherwise."""
    step = progress.current
    if step is None or step.key != step_key:
        raise step_moved_on()
    return step


def step_moved_on() -> StepMovedOn:
    """The refusal of a press for a step the checklist has left."""
    return StepMovedOn(
        "This step is behind you already; the checklist is further on.",
        code=ErrorCode.STEP_MOVED_ON,
    )


async def store_answer(
    uow: UnitOfWork, progress: Progress, member: Worker, step: Step, answer: Answer
) -> Step | None:
    """Keep the answer to step (replacing an earlier one) and move to the step after it."""
    values = {
        "job": progress.job.id,
        "key": step.key,
        "answer": answer.to_json(),
        "technician": member.id,
        "at": uow.clock.now(),
    }
    replacing = step.key in progress.answers  # every answer of the Progress is stored
    await uow.session.execute(_REPLACE_ANSWER if replacing else _ADD_ANSWER, values)
    progress.answers[step.key] = answer
    progress.rebuild()
    following = progress.checklist.after(step.key) if progress.checklist.step(step.key) else None
    await move_to(uow, progress, following)
    return following


async def move_to(
    uow: UnitOfWork, progress: Progress, step: Step | None, state: Mapping[str, Any] | None = None
) -> None:
    """Make step the current one (None: the end, Complete or Fail), starting it afresh."""
    await _write_step(
        uow, progress, step.key if step is not None else FINISH, dict(state) if state else None
    )


async def set_state(uow: UnitOfWork, progress: Progress, **changes: Any) -> None:
    """Change what the current step is in the middle of (None removes an entry)."""
    state = progress.state
    for key, value in changes.items():
        if value is None:
            state.pop(key, None)
        else:
            state[key] = value
    await _write_step(uow, progress, progress.job.current_step, state or None)


async def _write_step(
    uow: UnitOfWork, progress: Progress, step_key: str | None, state: dict[str, Any] | None
) -> None:
    """Write the job's step and its state at once, and into the job as loaded: as nothing is
    left for the session's flush, a press that changes only these runs none (a flush of the
    one changed job cost more than the rest of a press's statements). Not inside a savepoint
    that may roll back: the loaded job would keep what the database no longer holds."""
    job = progress.job
    values = {"job": job.id, "step_key": step_key, "state": state}
    await uow.session.execute(_WRITE_STEP, values)
    set_committed_value(job, "current_step", step_key)
    set_committed_value(job, "step_state", state)


_JOB_TABLE = cast(Table, Job.__table__)
_WRITE_STEP = (
    update(_JOB_TABLE)
    .where(_JOB_TABLE.c.id == bindparam("job"))
    .values(
        current_step=bindparam("step_key"),
        step_state=bindparam("state", type_=_JOB_TABLE.c.step_state.type),
    )
)


async def focus_chat(uow: UnitOfWork, telegram_user_id: int, job_id: int | None) -> None:
    """Typed answers and photos from this chat go to this job's checklist from now on."""
    chat = await uow.session.get(TelegramChat, telegram_user_id)
    if chat is not None and chat.job_id != job_id:
        chat.job_id = job_id


def setup_lines(progress: Progress) -> tuple[SetupLine, ...]:
    """The configuration in full: each value as it stands and whether it may be changed."""
    draft = progress.state.get("config") or {}
    planned = progress.sheet.planned_fields
    lines = []
    for name in SETUP_FIELDS:
        value = draft.get(name) or setup_value(progress.sheet, progress.answers, name)
        planned_value = getattr(progress.sheet.fields, name)
        lines.append(
            SetupLine(
                field=name,
                value=value,
                value_text=_value_text(progress, name, value),
                changeable=may_change(name, planned, progress.sheet.allow_override),
                changed=planned_value is not None and value != str(planned_value),
            )
        )
    return tuple(lines)


def _value_text(progress: Progress, name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if name == "vehicle_model_id":
        model = progress.models.get(value)
        return model.name if model else value
    return value.replace("_", " ").capitalize() if name != "configuration_preset" else value


def checklist_view(
    progress: Progress, grant: AccessGrant | None, note: Note | None = None
) -> ChecklistView:
    """The checklist as the technician sees it now."""
    step = progress.current
    steps = progress.checklist.steps
    number = progress.checklist.index(step.key) + 1 if step is not None else len(steps)
    job = progress.job
    return ChecklistView(
        job_id=job.id,
        vehicle=vehicle_name(job.id, job.license_plate, job.custom_name, job.vin),
        time_zone=progress.fleet.time_zone,
        step=step,
        number=number,
        total=len(steps),
        state=progress.state,
        answer=progress.answers.get(step.key) if step is not None else None,
        may_back=step is None or number > 1,
        missing=progress.checklist.missing(progress.answers),
        setup=setup_lines(progress) if step is not None and step.key == "setup" else (),
        note=note,
        access_ends_at=grant.ends_at if grant is not None else None,
        planned_qnr=progress.sheet.fields.qnr,
    )
