"""For CSV import tests: files from rows, and the import services called as the faces call them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from cloudboxx.demo import DEMO_VEHICLE_MODELS
from core.actors import FleetActor, Manager, TeamRole
from core.db.models import ServicePartner, Technician
from core.db.uow import UnitOfWorkFactory
from core.extra_items import ExtraItem
from core.import_views import ImportCheck, ImportOptions, ImportResult
from core.services import job_import, templates
from tests.factories import job_fields

MODELS = list(DEMO_VEHICLE_MODELS)
VINS = "WVWZZZCDZPW1{:05d}"  # 17 characters for any number below 100,000
QNRS = "00AA00000000{:04X}"


def csv_file(header: str, *rows: str) -> bytes:
    """A file from its header and rows, each written as the line it is, CRLF after each."""
    return ("\r\n".join((header, *rows)) + "\r\n").encode()


def numbered_rows(count: int, *, partner: str = "", start: int = 1) -> list[str]:
    """Rows `vin,license_plate,qnr,assigned_installer_company_id` with unique VINs and QNRs."""
    return [
        f"{VINS.format(number)},B-FC {number},{QNRS.format(number)},{partner}"
        for number in range(start, start + count)
    ]


NUMBERED_HEADER = "vin,license_plate,qnr,assigned_installer_company_id"


async def import_file(
    uow: UnitOfWorkFactory,
    actor: FleetActor,
    fleet_id: int,
    data: bytes,
    options: ImportOptions | None = None,
    **kwargs: Any,
) -> ImportResult:
    """The file imported in one go, as the command line does it."""
    async with uow() as work:
        return await job_import.import_job_file(
            work,
            actor,
            fleet_id=fleet_id,
            file_name="jobs.csv",
            data=data,
            options=options or ImportOptions(),
            models=MODELS,
            **kwargs,
        )


async def check_file(
    uow: UnitOfWorkFactory,
    actor: FleetActor,
    fleet_id: int,
    data: bytes,
    options: ImportOptions | None = None,
    *,
    keep: bool = False,
) -> ImportCheck:
    """The file checked, as the admin web's upload does it (kept when keep and it is fine)."""
    async with uow() as work:
        return await job_import.check_job_file(
            work,
            actor,
            fleet_id=fleet_id,
            file_name="jobs.csv",
            data=data,
            options=options or ImportOptions(),
            models=MODELS,
            keep=keep,
        )


async def make_template(
    uow: UnitOfWorkFactory,
    manager: Manager,
    fleet_id: int,
    name: str,
    items: tuple[ExtraItem, ...] = (),
    **raw: str,
) -> int:
    """A template made through the service; returns its id."""
    async with uow() as work:
        made = await templates.create_template(
            work, manager, fleet_id=fleet_id, name=name, fields=job_fields(**raw), items=items
        )
    return made.id


async def add_technician(uow: UnitOfWorkFactory, partner_code: str, telegram_user_id: int) -> None:
    """A technician in the team of the partner with this Partner ID."""
    async with uow() as work:
        partner = await work.session.scalar(
            select(ServicePartner.id).where(ServicePartner.partner_code == partner_code)
        )
        assert partner is not None
        work.session.add(
            Technician(
                telegram_user_id=telegram_user_id,
                partner_id=partner,
                role=TeamRole.TECHNICIAN,
                display_name=f"Technician {telegram_user_id}",
                joined_at=datetime(2026, 11, 1, tzinfo=UTC),
            )
        )
        await work.commit()
