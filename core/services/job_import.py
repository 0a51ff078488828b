"""Importing a CSV file of jobs: check it (and keep it for Import), import it, the history.

Every row is checked before anything is written (job_import_plan), then every row is written
in one transaction (job_import_writing), or none. The admin web checks a file and keeps it;
its Import button imports the kept file, checked again against the fleet as it is then. The
command line checks and imports in one go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import defer

from cloudboxx import VehicleModel
from core.actors import FleetActor, Manager, ensure_manages_fleet
from core.db.models import Fleet, JobImport
from core.db.uow import UnitOfWork
from core.errors import FleetNotFound, NotFound
from core.import_views import (
    ImportCheck,
    ImportOptions,
    ImportPreviewRow,
    ImportRecord,
    ImportResult,
)
from core.job_files import DEFAULT_MAX_ROWS, InvalidJobFile, read_job_file
from core.moments import local_date
from core.services.job_import_plan import ImportPlan, plan_import
from core.services.job_import_writing import write_jobs
from core.status import JobStatus

__all__ = [
    "ImportOptions",
    "check_job_file",
    "import_job_file",
    "import_kept_file",
    "job_imports",
]

PREVIEW_ROWS = 20
HISTORY_ROWS = 200
KEPT_FOR = timedelta(days=1)  # a checked file not imported by then is forgotten
COMMAND_LINE = "command line"
KEPT_GONE = (
    "This file is not kept any more (a checked file waits a day for Import): upload it again."
)
_NOT_IN_A_NAME = re.compile(r"[\x00-\x1f\x7f]")


class ImportStatus(StrEnum):
    """A kept file's status: checked without a problem, then imported."""

    KEPT = "KEPT"
    IMPORTED = "IMPORTED"


async def check_job_file(
    uow: UnitOfWork,
    actor: FleetActor,
    *,
    fleet_id: int,
    file_name: str,
    data: bytes,
    options: ImportOptions,
    models: Sequence[VehicleModel],
    keep: bool,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ImportCheck:
    """Every check of the file, writing nothing, unless keep: a file without problems is kept."""
    fleet = await _fleet(uow, actor, fleet_id)
    name = clean_file_name(file_name)
    plan = await _plan(uow, fleet, data, options, models, max_rows)
    upload_id = None
    if keep and plan.ok:
        await uow.session.execute(
            delete(JobImport).where(
                JobImport.fleet_id == fleet_id,
                JobImport.status == ImportStatus.KEPT,
                JobImport.checked_at < uow.clock.now() - KEPT_FOR,
            )
        )
        record = _record(uow, actor, fleet_id, name, plan, options, ImportStatus.KEPT, data)
        uow.session.add(record)
        await uow.session.flush()
        upload_id = record.id
        await uow.commit()
    return ImportCheck(
        file_name=name,
        row_count=plan.row_count,
        problems=plan.problems,
        preview=tuple(_preview(plan)),
        upload_id=upload_id,
        assigned=plan.assigned,
        pending=plan.pending,
        problem_count=plan.problem_count,
    )


async def import_kept_file(
    uow: UnitOfWork,
    manager: Manager,
    *,
    fleet_id: int,
    upload_id: int,
    models: Sequence[VehicleModel],
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ImportResult:
    """Import a kept file, checked again against the fleet as it is now, or InvalidJobFile.

    Pressed twice (a double click, an old tab), the second answers with the first's result.
    """
    fleet = await _fleet(uow, manager, fleet_id)
    record = await uow.session.scalar(
        select(JobImport)
        .where(JobImport.id == upload_id, JobImport.fleet_id == fleet_id)
        .with_for_update()
    )
    stale = record is not None and record.checked_at < uow.clock.now() - KEPT_FOR
    if record is None or (record.status == ImportStatus.KEPT and stale):
        raise NotFound(KEPT_GONE)  # a checked file not imported within KEPT_FOR is forgotten
    if record.status == ImportStatus.IMPORTED:
        return _result(record, already_imported=True)
    options = ImportOptions(record.template_id, record.prefer_template, record.partner_code)
    plan = await _plan(uow, fleet, record.data or b"", options, models, max_rows, lock=True)
    if not plan.ok:
        raise InvalidJobFile(plan.problems, plan.problem_count)
    await write_jobs(uow, manager, fleet_id=fleet_id, jobs=plan.jobs, import_id=record.id)
    _mark_imported(uow, record, manager, plan)
    await uow.commit()
    return _result(record)


async def import_job_file(
    uow: UnitOfWork,
    actor: FleetActor,
    *,
    fleet_id: int,
    file_name: str,
    data: bytes,
    options: ImportOptions,
    models: Sequence[VehicleModel],
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ImportResult:
    """Check a file and write every row in one transaction, or InvalidJobFile and nothing."""
    fleet = await _fleet(uow, actor, fleet_id)
    name = clean_file_name(file_name)
    plan = await _plan(uow, fleet, data, options, models, max_rows, lock=True)
    if not plan.ok:
        raise InvalidJobFile(plan.problems, plan.problem_count)
    record = _record(uow, actor, fleet_id, name, plan, options, ImportStatus.IMPORTED, None)
    record.imported_at = record.checked_at
    uow.session.add(record)
    await uow.session.flush()
    await write_jobs(uow, actor, fleet_id=fleet_id, jobs=plan.jobs, import_id=record.id)
    await uow.commit()
    return _result(record)


async def job_imports(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int
) -> tuple[ImportRecord, ...]:
    """The fleet's imports and kept files, newest first: who, when, which file, what came of it."""
    await _fleet(uow, manager, fleet_id)
    records = await uow.session.scalars(
        select(JobImport)
        .options(defer(JobImport.data))
        .where(JobImport.fleet_id == fleet_id)
        .order_by(JobImport.id.desc())
        .limit(HISTORY_ROWS)
    )
    return tuple(
        ImportRecord(
            id=record.id,
            at=record.imported_at or record.checked_at,
            by=record.by,
            file_name=record.file_name,
            rows=record.rows,
            assigned=record.assigned,
            pending=record.pending,
            template_name=record.template_name,
            imported=record.status == ImportStatus.IMPORTED,
            result="imported"
            if record.status == ImportStatus.IMPORTED
            else "checked, not imported",
        )
        for record in records
    )


def clean_file_name(raw: str) -> str:
    """The file's own name, without a folder (C:\\fakepath\\…) or control characters."""
    name = _NOT_IN_A_NAME.sub("", re.split(r"[\\/]", raw)[-1]).strip()
    return name[:255] or "file.csv"


async def _fleet(uow: UnitOfWork, actor: FleetActor, fleet_id: int) -> Fleet:
    if isinstance(actor, Manager):
        ensure_manages_fleet(actor, fleet_id)
    fleet = await uow.session.get(Fleet, fleet_id)
    if fleet is None:
        raise FleetNotFound("This fleet does not exist.")
    return fleet


async def _plan(
    uow: UnitOfWork,
    fleet: Fleet,
    data: bytes,
    options: ImportOptions,
    models: Sequence[VehicleModel],
    max_rows: int,
    *,
    lock: bool = False,
) -> ImportPlan:
    return await plan_import(
        uow,
        fleet_id=fleet.id,
        time_zone=fleet.time_zone,
        file=read_job_file(data, max_rows=max_rows),
        options=options,
        models=models,
        today=local_date(uow.clock.now(), fleet.time_zone),
        lock=lock,
    )


def _record(
    uow: UnitOfWork,
    actor: FleetActor,
    fleet_id: int,
    file_name: str,
    plan: ImportPlan,
    options: ImportOptions,
    status: ImportStatus,
    data: bytes | None,
) -> JobImport:
    return JobImport(
        fleet_id=fleet_id,
        status=status,
        file_name=file_name,
        data=data,
        template_id=options.template_id,
        template_name=plan.template.name if plan.template else None,
        prefer_template=options.prefer_template,
        partner_code=(options.partner_code or "").strip().upper() or None,
        actor=actor.audit_name,
        manager_id=actor.id if isinstance(actor, Manager) else None,
        by=actor.email if isinstance(actor, Manager) else COMMAND_LINE,
        checked_at=uow.clock.now(),
        rows=len(plan.jobs),
        assigned=plan.assigned,
        pending=plan.pending,
    )


def _mark_imported(uow: UnitOfWork, record: JobImport, manager: Manager, plan: ImportPlan) -> None:
    """The one place a kept file's status changes: KEPT → IMPORTED, by whoever pressed Import."""
    if record.status != ImportStatus.KEPT:
        raise ValueError(f"a file that is {record.status} cannot be imported")
    record.status = ImportStatus.IMPORTED
    record.imported_at = uow.clock.now()
    record.data = None  # the jobs hold what it said; the history keeps the counts
    record.actor, record.manager_id, record.by = manager.audit_name, manager.id, manager.email
    record.rows = len(plan.jobs)
    record.assigned, record.pending = plan.assigned, plan.pending


def _result(record: JobImport, *, already_imported: bool = False) -> ImportResult:
    return ImportResult(
        import_id=record.id,
        file_name=record.file_name,
        rows=record.rows,
        assigned=record.assigned,
        pending=record.pending,
        already_imported=already_imported,
    )


def _preview(plan: ImportPlan) -> list[ImportPreviewRow]:
    return [
        ImportPreviewRow(
            line=job.row.line,
            job_type=job.fields.job_type,
            status=JobStatus.ASSIGNED if job.partner is not None else JobStatus.PENDING,
            partner_name=job.partner.name if job.partner else None,
            template_name=job.template.name if job.template else None,
            vin=job.fields.vin,
            license_plate=job.fields.license_plate,
            custom_name=job.fields.custom_name,
            vehicle_model_id=job.fields.vehicle_model_id,
            qnr=job.fields.qnr,
            service_date=job.fields.service_date,
        )
        for job in plan.jobs[:PREVIEW_ROWS]
    ]
