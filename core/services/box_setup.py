"""The configuration step: the values to apply, changed where the fleet manager lets them be,
and Apply, which binds the box to the vehicle with them through the gateway.

Box calls happen outside open transactions (see core.services.box_step_rules).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from cloudboxx import (
    BoxBoundElsewhere,
    BoxConfig,
    BoxError,
    BoxRejected,
    CentralLockConnectionType,
    ConfigurationNotAllowed,
    FuelType,
    InstallationVariant,
    Vehicle,
    VehicleModel,
)
from core.actors import TelegramUser
from core.checklist import SETUP_FIELDS, Answer, Outcome
from core.container import Services
from core.db.models import AccessGrant
from core.errors import ErrorCode, InvalidInput, NotAllowed
from core.services.audit import record_event
from core.services.box_commands import error_text, new_flow_id
from core.services.box_step_rules import box_busy, not_usable, running_grant, running_progress
from core.services.checklist_progress import (
    Progress,
    checklist_view,
    ensure_at,
    set_state,
    setup_lines,
    store_answer,
)
from core.services.overrides import use_value
from core.services.work_access import worker
from core.technician_views import ChecklistView, Note

SETUP_CHOICES = {
    "installation_variant": InstallationVariant,
    "central_lock_connection_type": CentralLockConnectionType,
    "fuel_type": FuelType,
}


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
        progress = await running_progress(uow, user, job_id, models)
        ensure_at(progress, "setup")
        _changeable(progress, field)
        await set_state(uow, progress, editing=field)
        await uow.commit()
        return _setup_view(progress, await running_grant(uow, user, job_id))


async def set_setup_value(
    services: Services, user: TelegramUser, *, job_id: int, field: str, index: int
) -> ChecklistView:
    """A new value for a configuration field, kept in the draft until Apply."""
    models = await services.catalogue.by_id()
    async with services.uow() as uow:
        progress = await running_progress(uow, user, job_id, models)
        ensure_at(progress, "setup")
        _changeable(progress, field)
        options = setup_options(progress, field)
        if not 0 <= index < len(options):
            raise InvalidInput(
                "That choice is not offered here (any more).", code=ErrorCode.CHOICE_NOT_OFFERED
            )
        draft = dict(progress.state.get("config") or {})
        draft[field] = options[index][0]
        await set_state(uow, progress, config=draft, editing=None)
        await uow.commit()
        return _setup_view(progress, await running_grant(uow, user, job_id))


async def apply_setup(services: Services, user: TelegramUser, *, job_id: int) -> ChecklistView:
    """Apply: bind the box to the vehicle with the configuration through the gateway."""
    models = await services.catalogue.by_id()
    flow_id = new_flow_id("setup")
    async with services.uow() as uow:  # the intent first: one Apply at a time, in the audit log
        progress = await running_progress(uow, user, job_id, models)
        ensure_at(progress, "setup")
        if _applying(progress, uow.clock.now()):
            raise box_busy()
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
        await set_state(uow, progress, applying=uow.clock.now().isoformat())
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
        raise not_usable(qnr, "it is installed in another vehicle.") from None
    except BoxRejected as error:
        await _applied(services, user, job_id, models)
        raise not_usable(qnr, str(error)) from None
    except BoxError as error:
        note = Note("note.setup_not_applied", {"error": error_text(error)})
    async with services.uow() as uow:
        progress = await running_progress(uow, user, job_id, models)
        step = ensure_at(progress, "setup")
        grant = await running_grant(uow, user, job_id)
        await set_state(uow, progress, applying=None)
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
        progress = await running_progress(uow, user, job_id, models)
        await set_state(uow, progress, applying=None)
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
