"""Telling a partner's team about jobs given to it or taken from it: one message per person.

Queued in the Telegram outbox in the transaction of the change; a change that concerns many
jobs (40 assigned at once) is one message to each person, not forty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select

from core.actors import TeamRole
from core.buttons import SHOW_JOBS, MessageButton, Scalar
from core.db.models import Fleet, Job, ServicePartner, Technician
from core.db.uow import UnitOfWork
from core.job_views import vehicle_name
from core.services.telegram_outbox import queue_message


@dataclass(frozen=True, slots=True)
class JobBatch:
    """Jobs a message is about: how many, and the one vehicle's name when it is one job."""

    count: int
    vehicle: str | None = None


class Recognisable(Protocol):
    """What a partner recognises a job's vehicle by: a job row, or its columns."""

    @property
    def id(self) -> int: ...
    @property
    def license_plate(self) -> str | None: ...
    @property
    def custom_name(self) -> str | None: ...
    @property
    def vin(self) -> str | None: ...


def vehicle_of(job: Recognisable) -> str:
    """How a partner recognises a job's vehicle (see vehicle_name)."""
    return vehicle_name(job.id, job.license_plate, job.custom_name, job.vin)


def job_batch(jobs: Sequence[Recognisable]) -> JobBatch:
    """These jobs as a message counts them, naming the vehicle when it is one job."""
    return JobBatch(len(jobs), vehicle_of(jobs[0]) if len(jobs) == 1 else None)


async def tell_jobs_assigned(
    uow: UnitOfWork, *, fleet_id: int, partner_id: int, jobs: Iterable[Job]
) -> None:
    """The partner admin and technicians hear of new jobs, once for the whole batch."""
    given = list(jobs)
    await tell_jobs_counted_assigned(
        uow, fleet_id=fleet_id, partner_id=partner_id, batch=job_batch(given)
    )


async def tell_jobs_taken_back(
    uow: UnitOfWork, *, fleet_id: int, jobs_by_partner: dict[int, list[Job]]
) -> None:
    """Each partner whose jobs were unassigned or deleted hears it, once for the batch."""
    await tell_jobs_counted_taken_back(
        uow,
        fleet_id=fleet_id,
        batches={partner_id: job_batch(jobs) for partner_id, jobs in jobs_by_partner.items()},
    )


async def tell_jobs_counted_assigned(
    uow: UnitOfWork, *, fleet_id: int, partner_id: int, batch: JobBatch
) -> None:
    """tell_jobs_assigned for a batch known by its size (set-based changes load no jobs)."""
    await _tell(
        uow,
        fleet_id,
        partner_id,
        batch,
        "jobs.assigned_one",
        "jobs.assigned_many",
        buttons=[[MessageButton("button.my_jobs", SHOW_JOBS)]],
    )


async def tell_jobs_counted_taken_back(
    uow: UnitOfWork, *, fleet_id: int, batches: Mapping[int, JobBatch]
) -> None:
    """tell_jobs_taken_back for batches known by their size, by partner id."""
    for partner_id, batch in batches.items():
        await _tell(uow, fleet_id, partner_id, batch, "jobs.taken_back_one", "jobs.taken_back_many")


async def tell_partner_removed(
    uow: UnitOfWork, *, fleet_id: int, partner_id: int, jobs_taken_back: int
) -> None:
    """The partner admin hears that the partner no longer works for the fleet."""
    fleet, partner = await _names(uow, fleet_id, partner_id)
    admins = await uow.session.scalars(
        select(Technician.telegram_user_id).where(
            Technician.partner_id == partner_id, Technician.role == TeamRole.PARTNER_ADMIN
        )
    )
    for telegram_user_id in admins:
        queue_message(
            uow,
            telegram_user_id=telegram_user_id,
            text_key="partner.removed_from_fleet",
            values={"partner": partner, "fleet": fleet, "count": jobs_taken_back},
            fleet_id=fleet_id,
        )


async def _tell(
    uow: UnitOfWork,
    fleet_id: int,
    partner_id: int,
    batch: JobBatch,
    one: str,
    many: str,
    buttons: list[list[MessageButton]] | None = None,
) -> None:
    if batch.count == 0:
        return
    fleet, partner = await _names(uow, fleet_id, partner_id)
    values: dict[str, Scalar] = {"fleet": fleet, "partner": partner}
    if batch.count == 1 and batch.vehicle is not None:
        key, values["vehicle"] = one, batch.vehicle
    else:
        key, values["count"] = many, batch.count
    members = await uow.session.scalars(
        select(Technician.telegram_user_id).where(Technician.partner_id == partner_id)
    )
    for telegram_user_id in members:
        queue_message(
            uow,
            telegram_user_id=telegram_user_id,
            text_key=key,
            values=values,
            fleet_id=fleet_id,
            buttons=buttons,
        )


async def _names(uow: UnitOfWork, fleet_id: int, partner_id: int) -> tuple[str, str]:
    fleet = await uow.session.get_one(Fleet, fleet_id)
    partner = await uow.session.get_one(ServicePartner, partner_id)
    return fleet.name, partner.name
