"""What the steps that need the box share: the running job's progress and grant, checked at
this moment; a box's configuration as an answer keeps it; the refusals they have in common.

Box calls happen outside open transactions: check and record the intent, commit, call the box,
then record the outcome in a new unit of work that checks the grant again (an answer that
arrives after the access ended is refused, nothing recorded but the command's outcome).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudboxx import BoxConfig, VehicleModel
from core.actors import TelegramUser
from core.db.models import AccessGrant
from core.db.uow import UnitOfWork
from core.errors import ErrorCode, InvalidInput, NotAllowed
from core.services.checklist_progress import Progress, load_progress
from core.services.work_access import running_work


async def running_progress(
    uow: UnitOfWork, user: TelegramUser, job_id: int, models: Mapping[str, VehicleModel]
) -> Progress:
    """The running job's checklist progress, the technician's grant to it checked at this moment."""
    _, job, _ = await running_work(uow, user, job_id)
    return await load_progress(uow, job, models)


async def running_grant(uow: UnitOfWork, user: TelegramUser, job_id: int) -> AccessGrant:
    """The technician's grant to the running job, checked at this moment."""
    _, _, grant = await running_work(uow, user, job_id)
    return grant


def config_answer(config: BoxConfig) -> dict[str, Any]:
    """A box's configuration as an answer keeps it (what the box reported it is set up as)."""
    return {
        "vehicle_model_id": config.vehicle_model_id,
        "installation_variant": config.installation_variant.value,
        "central_lock_connection_type": config.central_lock_connection_type.value,
        "fuel_type": config.fuel_type.value,
        "configuration_preset": config.configuration_preset,
    }


def box_busy() -> NotAllowed:
    """The refusal while the job's last box command is still under way."""
    return NotAllowed(
        "The box is still busy with the last command; a moment.", code=ErrorCode.BOX_BUSY
    )


def not_usable(qnr: str, why: str) -> InvalidInput:
    """The refusal of a box that cannot be used for this job, saying why."""
    return InvalidInput(
        f"The box {qnr} cannot be used here: {why}", code=ErrorCode.BOX_NOT_USABLE, qnr=qnr, why=why
    )
