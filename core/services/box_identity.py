"""The box step: a QNR, typed or read from a label and confirmed, checked with the gateway and
kept as the step's answer; and typed text for the job the chat is at, which is a QNR at that step.

Box calls happen outside open transactions (see core.services.box_step_rules).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cloudboxx import BoxError, GatewayUnavailable, UnknownBox, VehicleModel
from core.actors import TelegramUser
from core.checklist import Answer, Outcome, StepKind
from core.checklist_answers import check_qnr
from core.container import Services
from core.errors import ErrorCode, InvalidInput, ServiceUnavailable
from core.job_fields import JobType
from core.services import checklists
from core.services.audit import record_event
from core.services.box_commands import error_text, new_flow_id
from core.services.box_step_rules import config_answer, not_usable, running_progress
from core.services.checklist_progress import Progress, checklist_view, ensure_at, store_answer
from core.services.work_access import running_work
from core.technician_views import ChecklistView, JobFinished, Note


async def answer_typed(
    services: Services, user: TelegramUser, text: str
) -> ChecklistView | JobFinished | None:
    """Typed text for the job the chat is at; None when the chat is at no job."""
    models = await services.catalogue.by_id()
    async with services.uow() as uow:  # most answers are done in this one unit of work
        job_id = await checklists.focused_job(uow, user)
        if job_id is None:
            return None
        progress = await running_progress(uow, user, job_id, models)
        step = progress.current
        if step is None or step.kind != StepKind.QNR or progress.state.get("awaiting"):
            return await checklists.answer_text(uow, user, job_id=job_id, text=text, models=models)
        step_key, box_step = step.key, _box_step(progress)
    # A QNR is checked with the gateway, outside any transaction; what that needs of the job
    # was read here already, so the check does not read it again before the call.
    qnr = check_qnr(text)
    return await _identify(services, user, job_id, step_key, qnr, box_step, models=models)


@dataclass(frozen=True, slots=True)
class _BoxStep:
    """What checking a QNR with the gateway needs of the job, read before the call."""

    vin: str | None
    fleet_name: str
    planned_qnr: str | None
    installation: bool


def _box_step(progress: Progress) -> _BoxStep:
    fields = progress.sheet.fields
    return _BoxStep(
        vin=progress.job.vin,
        fleet_name=progress.fleet.name,
        planned_qnr=fields.qnr,
        installation=fields.job_type == JobType.INSTALLATION,
    )


async def identify_box(
    services: Services,
    user: TelegramUser,
    *,
    job_id: int,
    step_key: str,
    typed: str,
    from_label: bool = False,
) -> ChecklistView:
    """The box step: a QNR typed (or read from a label and confirmed), checked with the gateway."""
    qnr = check_qnr(typed)
    models = await services.catalogue.by_id()
    async with services.uow.read_only() as uow:
        progress = await running_progress(uow, user, job_id, models)
        ensure_at(progress, step_key)
        box_step = _box_step(progress)
    return await _identify(
        services, user, job_id, step_key, qnr, box_step, models=models, from_label=from_label
    )


async def _identify(
    services: Services,
    user: TelegramUser,
    job_id: int,
    step_key: str,
    qnr: str,
    box_step: _BoxStep,
    *,
    models: Mapping[str, VehicleModel],
    from_label: bool = False,
) -> ChecklistView:
    """The QNR checked with the gateway, then kept as the box step's answer (the grant and the
    step checked again, as the call took its time outside any transaction)."""
    planned, fleet_name, job_vin = box_step.planned_qnr, box_step.fleet_name, box_step.vin
    if planned is not None and qnr != planned:
        raise InvalidInput(
            f"This box ({qnr}) is not the planned one: the job is for box {planned}. "
            "Check the label.",
            code=ErrorCode.QNR_NOT_PLANNED,
            qnr=qnr,
            planned=planned,
        )
    flow_id = new_flow_id("box")
    try:
        box = await services.boxes.get_box(qnr, flow_id=flow_id)
    except UnknownBox:
        raise not_usable(qnr, "CloudBoxx does not know a box with this QNR.") from None
    except BoxError as error:
        raise _box_down(error) from None
    if box.fleet != fleet_name:
        raise not_usable(qnr, f"it belongs to another fleet than {fleet_name}.")
    installed_vin = box.vehicle.vin if box.vehicle is not None else None
    if installed_vin and job_vin and installed_vin != job_vin:
        raise not_usable(qnr, f"it is installed in another vehicle (VIN {installed_vin}).")
    if not box_step.installation and box.vehicle is None:
        raise not_usable(qnr, "it is not installed in a vehicle, so there is nothing to maintain.")
    extra: dict[str, Any] = {"from_label": from_label, "box_fleet": box.fleet}
    if box.config is not None:
        extra["config"] = config_answer(box.config)
    async with services.uow() as uow:
        progress = await running_progress(uow, user, job_id, models)
        step = ensure_at(progress, step_key)
        member, _, grant = await running_work(uow, user, job_id)
        grant.qnr = qnr
        record_event(
            uow,
            actor=user.audit_name,
            action="box.identified",
            subject=f"job:{job_id}",
            fleet_id=progress.job.fleet_id,
            details={"qnr": qnr, "from_label": from_label},
            flow_id=flow_id,
        )
        await store_answer(uow, progress, member, step, Answer(Outcome.DONE, qnr, extra=extra))
        await uow.commit()
        return checklist_view(progress, grant, Note("note.box_identified", {"qnr": qnr}))


def _box_down(error: BoxError) -> ServiceUnavailable:
    message = (
        "The CloudBoxx service cannot be reached right now. Try again in a moment."
        if isinstance(error, GatewayUnavailable)
        else f"CloudBoxx did not answer: {error_text(error)}. Try again in a moment."
    )
    return ServiceUnavailable(message)
