"""Frozen views of CSV imports that the services hand to the faces: checks, results, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.job_fields import JobType
from core.job_files import LineProblem
from core.status import JobStatus


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """The import's options, as in the portal: a template for every row, one partner for all."""

    template_id: int | None = None
    prefer_template: bool = False  # where row and template both have a value, the template's
    partner_code: str | None = None


@dataclass(frozen=True, slots=True)
class ImportPreviewRow:
    """A row of the file as the job it will become."""

    line: int
    job_type: JobType
    status: JobStatus
    partner_name: str | None
    template_name: str | None
    vin: str | None
    license_plate: str | None
    custom_name: str | None
    vehicle_model_id: str | None
    qnr: str | None
    service_date: date | None


@dataclass(frozen=True, slots=True)
class ImportCheck:
    """What a file would import: its rows, every problem, the first jobs as they will be."""

    file_name: str
    row_count: int
    problems: tuple[LineProblem, ...]
    preview: tuple[ImportPreviewRow, ...]
    upload_id: int | None  # the kept file, which Import writes without a second upload
    assigned: int = 0
    pending: int = 0
    problem_count: int = 0  # all of them: problems lists at most 1,000 and a line for the rest

    @property
    def ok(self) -> bool:
        """The file has no problem: importing it writes every row."""
        return not self.problems


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import wrote; already_imported when Import was pressed again for the same file."""

    import_id: int
    file_name: str
    rows: int
    assigned: int
    pending: int
    already_imported: bool = False


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One line of a fleet's import history."""

    id: int
    at: datetime  # when it was imported, or checked and kept
    by: str  # the manager's e-mail address, or "command line"
    file_name: str
    rows: int
    assigned: int
    pending: int
    template_name: str | None
    imported: bool
    result: str  # "imported", or "checked, not imported"
