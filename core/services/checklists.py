"""Walking a running job's checklist: answer, skip with a reason, go back, complete or fail.

Every press names the job and the step it was shown for; the server checks the technician's
grant and that the checklist is at that step, so a second tap, an old message's button or a
forged callback changes nothing. Typed text and photos go to the job the chat is at (the focus
set by Start and Continue). What needs the box (identifying it, the configuration, live tests)
is in core.services.box_identity, box_setup and box_live. Each function here is one unit of
work and commits.
"""

from __future__ import annotations

from collections.abc import Mapping

from cloudboxx import VehicleModel
from core.actors import TelegramUser
from core.checklist import Answer, Outcome, StepKind
from core.checklist_answers import (
    check_choice,
    check_number,
    check_reason,
    check_text,
    check_vehicle,
    vehicle_facts,
)
from core.db.models import AccessGrant, TelegramChat
from core.db.uow import UnitOfWork
from core.errors import ErrorCode, InvalidInput, NotAllowed
from core.job_outcomes import TECHNICIAN_REASONS, FailureReason, GrantEnd
from core.services.access import end_access, focus_chat_away
from core.services.checklist_progress import (
    FINISH,
    Progress,
    checklist_view,
    ensure_at,
    focus_chat,
    load_progress,
    move_to,
    set_state,
    step_moved_on,
    store_answer,
)
from core.services.job_notices import vehicle_of
from core.services.manager_telegram import tell_managers_job_failed
from core.services.transitions import move_job
from core.services.work_access import running_work, worker
from core.status import JobStatus
from core.technician_views import ChecklistView, JobFinished

AWAITING = "awaiting"  # step_state key: what typed text answers now
SKIP_REASON = "skip_reason"
FAIL_REASON = "fail_reason"  # the reason buttons are shown
FAIL_WORDS = "fail_words"  # a reason was picked; the technician's words come next


async def _running(
    uow: UnitOfWork, user: TelegramUser, job_id: int, models: Mapping[str, VehicleModel]
) -> tuple[Progress, AccessGrant]:
    _, job, grant = await running_work(uow, user, job_id)
    return await load_progress(uow, job, models), grant


async def show_checklist(
    uow: UnitOfWork, user: TelegramUser, *, job_id: int, models: Mapping[str, VehicleModel]
) -> ChecklistView:
    """Continue: the checklist where it stands; the chat's typed answers go to this job."""
    _, job, grant = await running_work(uow, user, job_id)
    progress = await load_progress(uow, job, models)
    await focus_chat(uow, user.id, job.id)
    await uow.commit()
    return checklist_view(progress, grant)


async def focused_job(uow: UnitOfWork, user: TelegramUser) -> int | None:
    """The job the chat's typed text and photos go to (Start and Continue set it), if any."""
    chat = await uow.session.get(TelegramChat, user.id)
    return chat.job_id if chat is not None else None


async def confirm_step(
    uow: UnitOfWork,
    user: TelegramUser,
    *,
    job_id: int,
    step_key: str,
    models: Mapping[str, VehicleModel],
) -> ChecklistView:
    """Done: the technician did what a confirm step asks."""
    progress, grant = await _running(uow, user, job_id, models)
    step = ensure_at(progress, step_key)
    if step.kind != StepKind.CONFIRM:
        raise InvalidInput("Answer this step as it asks.", code=ErrorCode.BUTTON_EXPECTED)
    await store_answer(uow, progress, await worker(uow, user), step, Answer(Outcome.DONE, True))
    await uow.commit()
    return checklist_view(progress, grant)


async def choose_option(
    uow: UnitOfWork,
    user: TelegramUser,
    *,
    job_id: int,
    step_key: str,
    index: int,
    models: Mapping[str, VehicleModel],
) -> ChecklistView:
    """A choice step answered by the option at this place in its list."""
    progress, grant = await _running(uow, user, job_id, models)
    step = ensure_at(progress, step_key)
    if step.kind != StepKind.CHOICE:
        raise InvalidInput("Answer this step as it asks.", code=ErrorCode.CHOICE_NOT_OFFERED)
    value = check_choice(step, index)
    await store_answer(uow, progress, await worker(uow, user), step, Answer(Outcome.DONE, value))
    await uow.commit()
    return checklist_view(progress, grant)


async def ask_skip(
    uow: UnitOfWork,
    user: TelegramUser,
    *,
    job_id: int,
    step_key: str,
    models: Mapping[str, VehicleModel],
) -> ChecklistView:
    """Skip: an optional step waits for the reason, typed next; a required one cannot be."""
    progress, grant = await _running(uow, user, job_id, models)
    step = ensure_at(progress, step_key)
    if step.required:
        raise NotAllowed(
            "This step is required and cannot be skipped.", code=ErrorCode.STEP_REQUIRED
        )
    await set_state(uow, progress, **{AWAITING: SKIP_REASON})
    await uow.commit()
    return checklist_view(progress, grant)


async def go_back(
    uow: UnitOfWork,
    user: TelegramUser,
    *,
    job_id: int,
    step_key: str,
    models: Mapping[str, VehicleModel],
) -> ChecklistView:
    """Back: the step before this one, with its answer shown; answering it again replaces it."""
    progress, grant = await _running(uow, user, job_id, models)
    steps = progress.checklist.steps
    if step_key == FINISH:
        if progress.current is not None:
            raise step_moved_on()
        target = steps[-1] if steps else None
    else:
        ensure_at(progress, step_key)
        target = progress.checklist.before(step_key)
    if target is not None:
        await move_to(uow, progress, target)
    await uow.commit()
    return checklist_view(progress, grant)


async def cancel_question(
    uow: UnitOfWork, user: TelegramUser, *, job_id: int, models: Mapping[str, VehicleModel]
) -> ChecklistView:
    """Cancel the skip or failure being asked about; the step stands as it was."""
    progress, grant = await _running(uow, user, job_id, models)
    await set_state(uow, progress, **{AWAITING: None, "fail_reason": None})
    await uow.commit()
    return checklist_view(progress, grant)


async def answer_text(
    uow: UnitOfWork,
    user: TelegramUser,
    *,
    job_id: int,
    text: str,
    models: Mapping[str, VehicleModel],
) -> ChecklistView | JobFinished:
    """Typed text for the current step: its answer, a skip's reason or a failure's words."""
    progress, grant = await _running(uow, user, job_id, models)
    member = await worker(uow, user)
    awaiting = progress.state.get(AWAITING)
    if awaiting == FAIL_WORDS:
        reason = FailureReason(progress.state["fail_reason"])
        return await _fail(uow, progress, grant, user, reason, check_reason(text))
    step = progress.current
    if step is None:
        raise InvalidInput(
            "Every step is answered: tap Complete, or Fail with a reason.",
            code=ErrorCode.BUTTON_EXPECTED,
        )
    if awaiting == SKIP_REASON:
        answer = Answer(Outcome.SKIPPED, None, check_reason(text))
    elif step.kind == StepKind.VEHICLE:
        answer = check_vehicle(progress.sheet, text)
        for field, value in vehicle_facts(answer).items():
            if getattr(progress.job, field) is None:
                setattr(progress.job, field, value)
    elif step.kind == StepKind.TEXT:
        answer = Answer(Outcome.DONE, check_text(text))
    elif step.kind == StepKind.NUMBER:
        answer = Answer(Outcome.DONE, check_number(text))
    elif step.kind == StepKind.PHOTO:
        raise InvalidInput("This step needs a photo.", code=ErrorCode.PHOTO_EXPECTED)
    else:
        raise InvalidInput("Tap one of the buttons here.", code=ErrorCode.BUTTON_EXPECTED)
    await store_answer(uow, progress, member, step, answer)
    await uow.commit()
    return checklist_view(progress, grant)


async def ask_failure(
    uow: UnitOfWork, user: TelegramUser, *, job_id: int, models: Mapping[str, VehicleModel]
) -> ChecklistView:
    """Fail: the reasons to pick from are shown."""
    progress, grant = await _running(uow, user, job_id, models)
    await set_state(uow, progress, **{AWAITING: FAIL_REASON, "fail_reason": None})
    await uow.commit()
    return checklist_view(progress, grant)


async def choose_failure_reason(
    uow: UnitOfWork,
    user: TelegramUser,
    *,
    job_id: int,
    reason: str,
    models: Mapping[str, VehicleModel],
) -> ChecklistView:
    """A reason was picked; the technician's words come next, typed."""
    progress, grant = await _running(uow, user, job_id, models)
    if progress.state.get(AWAITING) != FAIL_REASON:
        raise step_moved_on()  # a reason button of an earlier question
    if reason not in {r.value for r in TECHNICIAN_REASONS}:
        raise InvalidInput("That reason is not offered here.", code=ErrorCode.REASON_NOT_OFFERED)
    await set_state(uow, progress, **{AWAITING: FAIL_WORDS, "fail_reason": reason})
    await uow.commit()
    return checklist_view(progress, grant)


async def complete_job(
    uow: UnitOfWork, user: TelegramUser, *, job_id: int, models: Mapping[str, VehicleModel]
) -> JobFinished:
    """Complete: SUCCEEDED once every required step is done; the access ends in this change."""
    progress, grant = await _running(uow, user, job_id, models)
    missing = progress.checklist.missing(progress.answers)
    if not missing and progress.current is not None:
        raise step_moved_on()  # a Complete from an old message: the checklist is not at its end
    if missing:
        names = ", ".join(step.key for step in missing)
        raise NotAllowed(f"First finish: {names}.", code=ErrorCode.STEPS_MISSING, steps=names)
    job = progress.job
    job.finished_at = uow.clock.now()
    job.step_state = None
    move_job(uow, job, JobStatus.SUCCEEDED, actor=user.audit_name)
    securing = await end_access(
        uow, job, grant, GrantEnd.COMPLETED, actor=user.audit_name, models=models
    )
    await focus_chat_away(uow, user.id, job.id)
    await uow.commit()
    return JobFinished(job.id, vehicle_of(job), JobStatus.SUCCEEDED, securing)


async def _fail(
    uow: UnitOfWork,
    progress: Progress,
    grant: AccessGrant,
    user: TelegramUser,
    reason: FailureReason,
    words: str,
) -> JobFinished:
    job = progress.job
    job.failure_reason, job.failure_note = reason, words
    job.finished_at = uow.clock.now()
    job.step_state = None
    move_job(uow, job, JobStatus.FAILED, actor=user.audit_name, details={"reason": reason.value})
    await tell_managers_job_failed(uow, job)
    securing = await end_access(
        uow, job, grant, GrantEnd.FAILED, actor=user.audit_name, models=progress.models
    )
    await focus_chat_away(uow, user.id, job.id)
    await uow.commit()
    return JobFinished(job.id, vehicle_of(job), JobStatus.FAILED, securing, reason.value)
