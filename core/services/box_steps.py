"""The steps that need the box: identify it, apply the configuration, test it live; and the
Lock, Unlock and State buttons on a running job's card.

Box calls happen outside open transactions: check and record the intent, commit, call the box,
then record the outcome in a new unit of work that checks the grant again (an answer that
arrives after the access ended is refused, nothing recorded but the command's outcome).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cloudboxx import (
    BoxBoundElsewhere,
    BoxConfig,
    BoxError,
    BoxRejected,
    CentralLockConnectionType,
    Command,
    ConfigurationNotAllowed,
    FuelType,
    GatewayUnavailable,
    InstallationVariant,
    UnknownBox,
    Vehicle,
    VehicleModel,
)
from core.actors import TelegramUser
from core.checklist import SETUP_FIELDS, Answer, Outcome, StepKind
from core.checklist_answers import check_qnr, observed, test_passed
from core.container import Services
from core.db.models import AccessGrant
from core.db.uow import UnitOfWork
from core.errors import DomainError, ErrorCode, InvalidInput, NotAllowed, ServiceUnavailable
from core.job_fields import JobType
from core.services import checklists
from core.services.audit import record_event
from core.services.box_commands import (
    Purpose,
    command_in_flight,
    error_text,
    new_flow_id,
    record_intent,
    record_outcome,
)
from core.services.checklist_progress import (
    Progress,
    checklist_view,
    ensure_at,
    load_progress,
    set_state,
    setup_lines,
    store_answer,
)
from core.services.overrides import use_value
from core.services.technician_jobs import CARD_COMMANDS
from core.services.work_access import running_work, worker
from core.technician_views import ChecklistView, JobFinished, Note, VehicleCommandResult

SETUP_CHOICES = {
    "installation_variant": InstallationVariant,
    "central_lock_connection_type": CentralLockConnectionType,
    "fuel_type": FuelType,
}


async def answer_typed(
    services: Services, user: TelegramUser, text: str
) -> ChecklistView | JobFinished | None:
    """Typed text for the job the chat is at; None when the chat is at no job."""
    models = await services.catalogue.by_id()
    async with services.uow() as uow:  # most answers are done in this one unit of work
        job_id = await checklists.focused_job(uow, user)
        if job_id is None:
            return None
        progress = await _progress(uow, user, job_id, models)
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
        progress = await _progress(uow, user, job_id, models)
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
        raise _not_usable(qnr, "CloudBoxx does not know a box with this QNR.") from None
    except BoxError as error:
        raise _box_down(error) from None
    if box.fleet != fleet_name:
        raise _not_usable(qnr, f"it belongs to another fleet than {fleet_name}.")
    installed_vin = box.vehicle.vin if box.vehicle is not None else None
    if installed_vin and job_vin and installed_vin != job_vin:
        raise _not_usable(qnr, f"it is installed in another vehicle (VIN {installed_vin}).")
    if not box_step.installation and box.vehicle is None:
        raise _not_usable(qnr, "it is not installed in a vehicle, so there is nothing to maintain.")
    extra: dict[str, Any] = {"from_label": from_label, "box_fleet": box.fleet}
    if box.config is not None:
        extra["config"] = _config_json(box.config)
    async with services.uow() as uow:
        progress = await _progress(uow, user, job_id, models)
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


def setup_options(progress: Progress, field: str) -> tuple[tuple[str, str], ...]:
    """What a configuration value may be changed to, as (value, how it reads)."""
    model = progress.model()
    if field == "vehicle_model_id":
        return tuple((m.id, m.name) for m in sorted(progress.models.values(), key=lambda m: m.name))
    if field == "configuration_preset":
        presets = sorted(model.configuration_presets) if model else []
        return tuple((p, p) for p in presets)
    allowed: frozenset[Any] = frozenset()
    if model is not None:
        allowed = {
            "installation_variant": model.installation_variants,
            "central_lock_connection_type": model.central_lock_connection_types,
            "fuel_type": model.fuel_types,
        }[field]
    return tuple(
        (m.value, m.value.replace("_", " ").capitalize())
        for m in SETUP_CHOICES[field]
        if not allowed or m in allowed
    )


async def edit_setup_value(
    services: Services, user: TelegramUser, *, job_id: int, field: str
) -> ChecklistView:
    """Change a configuration value: its options are shown (only where it may be changed)."""
    models = await services.catalogue.by_id()
    async with services.uow() as uow:
        progress = await _progress(uow, user, job_id, models)
        ensure_at(progress, "setup")
        _changeable(progress, field)
        set_state(progress, editing=field)
        await uow.commit()
        return _setup_view(progress, await _grant(uow, user, job_id))


async def set_setup_value(
    services: Services, user: TelegramUser, *, job_id: int, field: str, index: int
) -> ChecklistView:
    """A new value for a configuration field, kept in the draft until Apply."""
    models = await services.catalogue.by_id()
    async with services.uow() as uow:
        progress = await _progress(uow, user, job_id, models)
        ensure_at(progress, "setup")
        _changeable(progress, field)
        options = setup_options(progress, field)
        if not 0 <= index < len(options):
            raise InvalidInput(
                "That choice is not offered here (any more).", code=ErrorCode.CHOICE_NOT_OFFERED
            )
        draft = dict(progress.state.get("config") or {})
        draft[field] = options[index][0]
        set_state(progress, config=draft, editing=None)
        await uow.commit()
        return _setup_view(progress, await _grant(uow, user, job_id))


async def apply_setup(services: Services, user: TelegramUser, *, job_id: int) -> ChecklistView:
    """Apply: bind the box to the vehicle with the configuration through the gateway."""
    models = await services.catalogue.by_id()
    flow_id = new_flow_id("setup")
    async with services.uow() as uow:  # the intent first: one Apply at a time, in the audit log
        progress = await _progress(uow, user, job_id, models)
        ensure_at(progress, "setup")
        if _applying(progress, uow.clock.now()):
            raise _box_busy()
        values = {line.field: line.value for line in setup_lines(progress)}
        qnr = progress.qnr
        vehicle = Vehicle(vin=progress.job.vin, license_plate=progress.job.license_plate)
        missing = [f for f in SETUP_FIELDS if f != "configuration_preset" and not values.get(f)]
        if missing or qnr is None:
            raise InvalidInput(
                "Choose the missing values of the configuration first.",
                code=ErrorCode.BUTTON_EXPECTED,
            )
        config = _box_config(values)
        set_state(progress, applying=uow.clock.now().isoformat())
        record_event(
            uow,
            actor=user.audit_name,
            action="box.setup_requested",
            subject=f"job:{job_id}",
            fleet_id=progress.job.fleet_id,
            details={"qnr": qnr, **{k: v for k, v in values.items() if v}},
            flow_id=flow_id,
        )
        await uow.commit()
    note: Note | None = None
    try:
        await services.boxes.bind_box(qnr, vehicle, config, flow_id=flow_id)
    except ConfigurationNotAllowed as error:
        await _applied(services, user, job_id, models)
        raise InvalidInput(
            f"CloudBoxx refused this configuration: {error}", code=ErrorCode.CHOICE_NOT_OFFERED
        ) from None
    except BoxBoundElsewhere:
        await _applied(services, user, job_id, models)
        raise _not_usable(qnr, "it is installed in another vehicle.") from None
    except BoxRejected as error:
        await _applied(services, user, job_id, models)
        raise _not_usable(qnr, str(error)) from None
    except BoxError as error:
        note = Note("note.setup_not_applied", {"error": error_text(error)})
    async with services.uow() as uow:
        progress = await _progress(uow, user, job_id, models)
        step = ensure_at(progress, "setup")
        grant = await _grant(uow, user, job_id)
        set_state(progress, applying=None)
        record_event(
            uow,
            actor=user.audit_name,
            action="box.setup_applied" if note is None else "box.setup_failed",
            subject=f"job:{job_id}",
            fleet_id=progress.job.fleet_id,
            details={"qnr": qnr, **{k: v for k, v in values.items() if v}},
            flow_id=flow_id,
        )
        if note is not None:
            await uow.commit()
            return _setup_view(progress, grant, note)
        for line in setup_lines(progress):
            if line.changed and line.value is not None:
                await use_value(uow, user, job_id=job_id, field=line.field, value=line.value)
        member = await worker(uow, user)
        answer = Answer(Outcome.DONE, {k: v for k, v in values.items() if v}, extra={})
        await store_answer(uow, progress, member, step, answer)
        await uow.commit()
        return checklist_view(progress, grant, Note("note.setup_applied", {"qnr": qnr}))


async def run_test(
    services: Services, user: TelegramUser, *, job_id: int, step_key: str
) -> ChecklistView:
    """A live test (or the problem step's state): the box is asked, what it reports is shown;
    a test that passes is done, one that does not offers Retry or Skip with a reason."""
    models = await services.catalogue.by_id()
    async with services.uow() as uow:
        progress = await _progress(uow, user, job_id, models)
        step = ensure_at(progress, step_key)
        if step.kind not in (StepKind.TEST, StepKind.BOX_STATE) or step.command is None:
            raise InvalidInput("Answer this step as it asks.", code=ErrorCode.BUTTON_EXPECTED)
        qnr = progress.qnr
        if qnr is None:
            raise _no_box()
        if await command_in_flight(uow, job_id) is not None:
            raise _box_busy()
        member, _, grant = await running_work(uow, user, job_id)
        row = record_intent(
            uow,
            progress.job,
            qnr=qnr,
            command=step.command,
            purpose=Purpose.TEST,
            actor=user.audit_name,
            technician_id=member.id,
            grant_id=grant.id,
            step=step.key,
        )
        await uow.commit()
        command_id, flow_id, command = row.id, row.flow_id, step.command
    config: dict[str, Any] | None = None
    try:
        state = await services.boxes.send_command(qnr, command, flow_id=flow_id)
        if step.kind == StepKind.BOX_STATE:
            box = await services.boxes.get_box(qnr, flow_id=flow_id)
            if box.config is not None:
                config = _config_json(box.config)
        seen, error = observed(state), None
    except BoxError as failure:
        state, seen, error = None, None, error_text(failure)
    # The outcome and what it means for the step in one unit of work: until it commits, the
    # command counts as under way, so a second tap cannot send another in between.
    async with services.uow() as uow:
        await record_outcome(uow, command_id, observed=seen, error=error)
        try:
            progress = await _progress(uow, user, job_id, models)
            step = ensure_at(progress, step_key)
            grant = await _grant(uow, user, job_id)
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
            set_state(progress, test={"observed": seen, "error": error, "flow_id": flow_id})
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
        progress = await _progress(uow, user, job_id, models)
        model = progress.model()
        if model is not None and command not in model.commands:
            raise NotAllowed(
                f"This vehicle cannot {command.label}.",
                code=ErrorCode.COMMAND_NOT_OFFERED,
                command=command.label,
            )
        qnr = progress.qnr
        if qnr is None:
            raise _no_box()
        if await command_in_flight(uow, job_id) is not None:
            raise _box_busy()
        member, _, grant = await running_work(uow, user, job_id)
        row = record_intent(
            uow,
            progress.job,
            qnr=qnr,
            command=command,
            purpose=Purpose.VEHICLE,
            actor=user.audit_name,
            technician_id=member.id,
            grant_id=grant.id,
        )
        await uow.commit()
        command_id, flow_id, time_zone = row.id, row.flow_id, progress.fleet.time_zone
    try:
        state = await services.boxes.send_command(qnr, command, flow_id=flow_id)
        seen, error = observed(state), None
    except BoxError as failure:
        seen, error = None, error_text(failure)
    async with services.uow() as uow:
        await record_outcome(uow, command_id, observed=seen, error=error)
        await uow.commit()
    return VehicleCommandResult(job_id, command, error is None, seen, error, time_zone)


async def _progress(
    uow: UnitOfWork, user: TelegramUser, job_id: int, models: Mapping[str, VehicleModel]
) -> Progress:
    _, job, _ = await running_work(uow, user, job_id)
    return await load_progress(uow, job, models)


async def _grant(uow: UnitOfWork, user: TelegramUser, job_id: int) -> AccessGrant:
    _, _, grant = await running_work(uow, user, job_id)
    return grant


def _box_config(values: Mapping[str, str | None]) -> BoxConfig:
    """The configuration as CloudBoxx takes it; InvalidInput for a value it does not know."""
    try:
        return BoxConfig(
            vehicle_model_id=str(values["vehicle_model_id"]),
            installation_variant=InstallationVariant(str(values["installation_variant"])),
            central_lock_connection_type=CentralLockConnectionType(
                str(values["central_lock_connection_type"])
            ),
            fuel_type=FuelType(str(values["fuel_type"])),
            configuration_preset=values.get("configuration_preset") or None,
        )
    except ValueError:
        raise InvalidInput(
            "This configuration has a value CloudBoxx does not know.",
            code=ErrorCode.CHOICE_NOT_OFFERED,
        ) from None


APPLY_LASTS = 120  # seconds: an Apply whose process died mid-call no longer blocks the next


def _applying(progress: Progress, now: datetime) -> bool:
    """Whether an Apply to the box is under way (a second tap waits for it)."""
    since = progress.state.get("applying")
    if not isinstance(since, str):
        return False
    return (now - datetime.fromisoformat(since)).total_seconds() < APPLY_LASTS


async def _applied(
    services: Services, user: TelegramUser, job_id: int, models: Mapping[str, VehicleModel]
) -> None:
    """The box refused the configuration: the step may be applied again (changed)."""
    async with services.uow() as uow:
        progress = await _progress(uow, user, job_id, models)
        set_state(progress, applying=None)
        await uow.commit()


def _changeable(progress: Progress, field: str) -> None:
    line = next((line for line in setup_lines(progress) if line.field == field), None)
    if line is None:
        raise InvalidInput("There is no such value here.", code=ErrorCode.CHOICE_NOT_OFFERED)
    if not line.changeable:
        raise NotAllowed(
            "The fleet manager set this value, and your partner may not override it here.",
            code=ErrorCode.PLANNED_VALUE_READ_ONLY,
        )


def _setup_view(progress: Progress, grant: AccessGrant, note: Note | None = None) -> ChecklistView:
    view = checklist_view(progress, grant, note)
    editing = progress.state.get("editing")
    if not editing:
        return view
    return replace(view, setup_choices=setup_options(progress, editing))


def _config_json(config: BoxConfig) -> dict[str, Any]:
    """A box's configuration as an answer keeps it (what the box reported it is set up as)."""
    return {
        "vehicle_model_id": config.vehicle_model_id,
        "installation_variant": config.installation_variant.value,
        "central_lock_connection_type": config.central_lock_connection_type.value,
        "fuel_type": config.fuel_type.value,
        "configuration_preset": config.configuration_preset,
    }


def _box_busy() -> NotAllowed:
    return NotAllowed(
        "The box is still busy with the last command; a moment.", code=ErrorCode.BOX_BUSY
    )


def _no_box() -> InvalidInput:
    return InvalidInput("Identify the box first.", code=ErrorCode.BUTTON_EXPECTED)


def _not_usable(qnr: str, why: str) -> InvalidInput:
    return InvalidInput(
        f"The box {qnr} cannot be used here: {why}", code=ErrorCode.BOX_NOT_USABLE, qnr=qnr, why=why
    )


def _box_down(error: BoxError) -> ServiceUnavailable:
    message = (
        "The CloudBoxx service cannot be reached right now. Try again in a moment."
        if isinstance(error, GatewayUnavailable)
        else f"CloudBoxx did not answer: {error_text(error)}. Try again in a moment."
    )
    return ServiceUnavailable(message)
