"""The box asked live while a job runs: a step's live test (or the problem step's state), and
the Lock, Unlock and State buttons on the running job's card.

Box calls happen outside open transactions (see core.services.box_step_rules).
"""

from __future__ import annotations

from typing import Any

from cloudboxx import BoxError, Command
from core.actors import TelegramUser
from core.checklist import Answer, Outcome, StepKind
from core.checklist_answers import observed, test_passed
from core.container import Services
from core.db.models import BoxCommand
from core.db.uow import UnitOfWork
from core.errors import DomainError, ErrorCode, InvalidInput, NotAllowed
from core.services.box_commands import (
    Purpose,
    command_in_flight,
    error_text,
    record_intent,
    record_outcome,
)
from core.services.box_step_rules import box_busy, config_answer, running_grant, running_progress
from core.services.checklist_progress import (
    Progress,
    checklist_view,
    ensure_at,
    set_state,
    store_answer,
)
from core.services.technician_jobs import CARD_COMMANDS
from core.services.work_access import running_work, worker
from core.technician_views import ChecklistView, Note, VehicleCommandResult


async def run_test(
    services: Services, user: TelegramUser, *, job_id: int, step_key: str
) -> ChecklistView:
    """A live test (or the problem step's state): the box is asked, what it reports is shown;
    a test that passes is done, one that does not offers Retry or Skip with a reason."""
    models = await services.catalogue.by_id()
    async with services.uow() as uow:
        progress = await running_progress(uow, user, job_id, models)
        step = ensure_at(progress, step_key)
        if step.kind not in (StepKind.TEST, StepKind.BOX_STATE) or step.command is None:
            raise InvalidInput("Answer this step as it asks.", code=ErrorCode.BUTTON_EXPECTED)
        row = await _intend(uow, user, progress, step.command, Purpose.TEST, step=step.key)
        await uow.commit()
        qnr, command_id, flow_id, command = row.qnr, row.id, row.flow_id, step.command
    config: dict[str, Any] | None = None
    try:
        state = await services.boxes.send_command(qnr, command, flow_id=flow_id)
        if step.kind == StepKind.BOX_STATE:
            box = await services.boxes.get_box(qnr, flow_id=flow_id)
            if box.config is not None:
                config = config_answer(box.config)
        seen, error = observed(state), None
    except BoxError as failure:
        state, seen, error = None, None, error_text(failure)
    # The outcome and what it means for the step in one unit of work: until it commits, the
    # command counts as under way, so a second tap cannot send another in between.
    async with services.uow() as uow:
        await record_outcome(uow, command_id, observed=seen, error=error)
        try:
            progress = await running_progress(uow, user, job_id, models)
            step = ensure_at(progress, step_key)
            grant = await running_grant(uow, user, job_id)
            member = await worker(uow, user)
        except DomainError:
            await uow.commit()  # the access ended meanwhile: the box's answer is kept, no more
            raise
        passed = state is not None and (
            step.kind == StepKind.BOX_STATE
            or (step.check is not None and test_passed(step.check, state))
        )
        if passed:
            extra: dict[str, Any] = {"observed": seen, "flow_id": flow_id}
            if config is not None:
                extra["config"] = config
            await store_answer(uow, progress, member, step, Answer(Outcome.DONE, True, extra=extra))
            note = Note("note.test_passed", {"step": step.key})
        else:
            await set_state(
                uow, progress, test={"observed": seen, "error": error, "flow_id": flow_id}
            )
            note = Note(
                "note.test_failed" if error is None else "note.box_unreachable",
                {"step": step.key, "error": error or ""},
            )
        await uow.commit()
        return checklist_view(progress, grant, note)


async def command_vehicle(
    services: Services, user: TelegramUser, *, job_id: int, command: Command
) -> VehicleCommandResult:
    """Lock, Unlock or State on the job card: checked against the grant at this moment."""
    if command not in CARD_COMMANDS:
        raise InvalidInput(
            "That is not offered here.", code=ErrorCode.COMMAND_NOT_OFFERED, command=command.label
        )
    models = await services.catalogue.by_id()
    async with services.uow() as uow:
        progress = await running_progress(uow, user, job_id, models)
        model = progress.model()
        if model is not None and command not in model.commands:
            raise NotAllowed(
                f"This vehicle cannot {command.label}.",
                code=ErrorCode.COMMAND_NOT_OFFERED,
                command=command.label,
            )
        row = await _intend(uow, user, progress, command, Purpose.VEHICLE)
        await uow.commit()
        qnr, command_id, flow_id = row.qnr, row.id, row.flow_id
        time_zone = progress.fleet.time_zone
    try:
        state = await services.boxes.send_command(qnr, command, flow_id=flow_id)
        seen, error = observed(state), None
    except BoxError as failure:
        seen, error = None, error_text(failure)
    async with services.uow() as uow:
        await record_outcome(uow, command_id, observed=seen, error=error)
        await uow.commit()
    return VehicleCommandResult(job_id, command, error is None, seen, error, time_zone)


async def _intend(
    uow: UnitOfWork,
    user: TelegramUser,
    progress: Progress,
    command: Command,
    purpose: Purpose,
    *,
    step: str | None = None,
) -> BoxCommand:
    """The command written before it is sent: to the identified box, one at a time per job,
    under the technician's open grant."""
    qnr = progress.qnr
    if qnr is None:
        raise _no_box()
    job_id = progress.job.id
    if await command_in_flight(uow, job_id) is not None:
        raise box_busy()
    member, _, grant = await running_work(uow, user, job_id)
    return record_intent(
        uow,
        progress.job,
        qnr=qnr,
        command=command,
        purpose=purpose,
        actor=user.audit_name,
        technician_id=member.id,
        grant_id=grant.id,
        step=step,
    )


def _no_box() -> InvalidInput:
    return InvalidInput("Identify the box first.", code=ErrorCode.BUTTON_EXPECTED)
