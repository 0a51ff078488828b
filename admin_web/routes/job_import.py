"""Import jobs from CSV: upload → the check of every row → Import; the sample; the history.

Check file answers with the same page, showing the check: the row count, the first rows as
they will be created and every problem by line and column. A file with a problem is not kept
and nothing is written, so its failing rows travel in the page itself, as a data: link to
download (made from the bytes just uploaded, at most FAILING_ROWS_MAX of them). A file without
problems is kept by core; Import writes all of it (checked once more) or, when something changed
since the check, nothing. Import pressed again answers with the first import's result.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from admin_web.csv_format import column_help
from admin_web.deps import PathId, ServicesDep, SessionDep, row_id
from admin_web.downloads import csv_download
from admin_web.errors import show_errors_on
from admin_web.flash import Flash, redirect_with_flash
from admin_web.fleet_frame import FleetFrame, fleet_frame
from admin_web.form_text import TextFormRoute
from admin_web.job_form_data import form_text
from admin_web.job_upload import (
    MAX_FILE_BYTES,
    MB,
    UploadedFile,
    UploadRefused,
    UploadRoute,
    download_name,
    read_upload,
)
from admin_web.pages import render_page
from core.catalogue import vehicle_models
from core.container import Services
from core.errors import Conflict, InvalidInput, NotFound, ServiceUnavailable
from core.import_views import ImportCheck, ImportOptions, ImportRecord, ImportResult
from core.job_files import InvalidJobFile, failing_rows_file, sample_file
from core.services import jobs, templates
from core.services.job_import import check_job_file, import_kept_file, job_imports

router = APIRouter(route_class=TextFormRoute)
uploads = APIRouter(route_class=UploadRoute)  # the one route that takes a file
IMPORT = "/fleets/{fleet_id}/jobs/import"
FAILING_ROWS_MAX = 1 * MB  # as a data: link; Chromium follows links of up to 2 MB
SAMPLE_NAME = "fleetcrew-jobs-sample.csv"


@dataclass(frozen=True, slots=True)
class ChosenOptions:
    """The upload form's options as sent, to show them again with the check."""

    template_id: str = ""
    prefer_template: bool = False
    partner_code: str = ""

    def for_core(self) -> ImportOptions:
        """The options as the import service takes them."""
        return ImportOptions(
            template_id=row_id(self.template_id) if self.template_id else None,
            prefer_template=self.prefer_template,
            partner_code=self.partner_code or None,
        )


@dataclass(frozen=True, slots=True)
class FailingRows:
    """The failing rows as a file to download, or only that they make too big a file."""

    name: str
    url: str | None
    limit_mb: int = FAILING_ROWS_MAX // MB


@router.get(IMPORT, name="job_import")
async def show_job_import(
    request: Request,
    fleet_id: PathId,
    services: ServicesDep,
    session: SessionDep,
    result: str = "",
) -> Response:
    """The upload form, the file's format, the sample, and the fleet's imports."""
    frame = await fleet_frame(services, session, fleet_id)
    return await _page(request, services, frame, result_id=row_id(result) if result else None)


@router.get(IMPORT + "/sample.csv", name="job_import_sample")
async def download_sample(fleet_id: PathId, services: ServicesDep, session: SessionDep) -> Response:
    """A sample file with every column, to fill in."""
    await fleet_frame(services, session, fleet_id)
    return csv_download(sample_file(), SAMPLE_NAME)


@uploads.post(IMPORT, name="check_job_file")
async def check_file(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """Check every row of an uploaded file; keep it for Import only when nothing is wrong."""
    frame = await fleet_frame(services, session, fleet_id)
    form = await request.form()
    options = _options(form)
    try:
        upload = await read_upload(form)
    except UploadRefused as refused:
        return await _page(
            request, services, frame, options=options, refused=refused.message, status_code=400
        )
    try:
        models = await vehicle_models(services.boxes)
    except ServiceUnavailable as down:
        message = f"{down.message} Nothing was imported."
        return await _page(
            request, services, frame, options=options, refused=message, status_code=503
        )
    try:
        async with services.uow() as uow:
            check = await check_job_file(
                uow,
                session.manager,
                fleet_id=fleet_id,
                file_name=upload.name,
                data=upload.data,
                options=options.for_core(),
                models=models,
                keep=True,
                max_rows=services.settings.csv_max_rows,
            )
    except (InvalidInput, NotFound) as refused:
        return await _page(
            request, services, frame, options=options, refused=refused.message, status_code=400
        )
    return await _page(
        request,
        services,
        frame,
        options=options,
        check=check,
        failing=None if check.ok else _failing_rows(upload, check),
        status_code=200 if check.ok else 400,
    )


@router.post(IMPORT + "/{upload_id}", name="import_job_file")
async def import_file(
    request: Request,
    fleet_id: PathId,
    upload_id: PathId,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    """Import every row of a checked file, or none; a second press shows the first result."""
    frame = await fleet_frame(services, session, fleet_id)
    page = str(request.app.url_path_for("job_import", fleet_id=str(fleet_id)))
    show_errors_on(request, page, shows=(InvalidInput, Conflict, ServiceUnavailable))
    models = await vehicle_models(services.boxes)
    try:
        async with services.uow() as uow:
            result = await import_kept_file(
                uow,
                session.manager,
                fleet_id=fleet_id,
                upload_id=upload_id,
                models=models,
                max_rows=services.settings.csv_max_rows,
            )
    except InvalidJobFile as invalid:
        return await _page(
            request,
            services,
            frame,
            refused=(
                "Since the check, something changed in the fleet, and these rows cannot be "
                "imported any more. Nothing was imported: fix the file and upload it again."
            ),
            late_problems=invalid.problems,
            status_code=409,
        )
    url = f"{page}?{urlencode({'result': result.import_id})}"
    flash = None
    if result.already_imported:
        flash = Flash("info", "This file was imported already: nothing more was imported.")
    return redirect_with_flash(request, url, flash)


def imported_text(result: ImportResult | ImportRecord) -> str:
    """What an import did, in a line: "300 jobs imported: 120 assigned, 180 pending"."""
    jobs_word = "job" if result.rows == 1 else "jobs"
    return (
        f"{result.rows:,} {jobs_word} imported: {result.assigned:,} assigned, "
        f"{result.pending:,} pending"
    )


async def _page(
    request: Request,
    services: Services,
    frame: FleetFrame,
    *,
    options: ChosenOptions | None = None,
    check: ImportCheck | None = None,
    failing: FailingRows | None = None,
    refused: str | None = None,
    late_problems: tuple[object, ...] = (),
    result_id: int | None = None,
    status_code: int = 200,
) -> Response:
    manager, fleet_id = frame.manager, frame.fleet.id
    async with services.uow.read_only() as uow:
        rows = await templates.list_templates(uow, manager, fleet_id=fleet_id)
        partners = await jobs.assignable_partners(uow, manager, fleet_id=fleet_id)
        records = await job_imports(uow, manager, fleet_id=fleet_id)
    result = next((r for r in records if r.id == result_id and r.imported), None)
    return render_page(
        request,
        "job_import.html",
        {
            **frame.context("job_import"),
            "options": options or ChosenOptions(),
            "templates": rows,
            "partners": partners,
            "check": check,
            "failing": failing,
            "refused": refused,
            "late_problems": late_problems,
            "records": records,
            "result": result,
            "result_text": imported_text(result) if result else "",
            "columns": column_help(),
            "model_names": await _model_names(services),
            "max_rows": services.settings.csv_max_rows,
            "max_bytes": MAX_FILE_BYTES,
            "max_mb": MAX_FILE_BYTES // MB,
        },
        status_code=status_code,
    )


def _failing_rows(upload: UploadedFile, check: ImportCheck) -> FailingRows | None:
    if check.row_count == 0:
        return None  # a problem of the whole file (not text, no header): no row to give back
    name = download_name(upload.name, "failing-rows")
    data = failing_rows_file(upload.data, check.problems)
    if len(data) > FAILING_ROWS_MAX:
        return FailingRows(name, None)
    encoded = base64.b64encode(data).decode("ascii")
    return FailingRows(name, f"data:text/csv;charset=utf-8;base64,{encoded}")


async def _model_names(services: Services) -> dict[str, str]:
    # The format lists the ids to write; without the gateway, the page does without the list.
    try:
        by_id = await services.catalogue.by_id()
    except ServiceUnavailable:
        return {}
    return {model.id: model.name for model in by_id.values()}  # by brand and model, as fetched


def _options(form: FormData) -> ChosenOptions:
    return ChosenOptions(
        template_id=form_text(form, "template_id").strip(),
        prefer_template=form_text(form, "prefer_template") == "yes",
        partner_code=form_text(form, "partner_code").strip(),
    )


router.include_router(uploads)
