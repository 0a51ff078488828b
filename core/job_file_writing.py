"""Writing CSV files of jobs: the export, the sample to download, the failing rows — pure.

FleetCrew writes what it reads: comma-separated, UTF-8 with a byte order mark (so Excel shows
umlauts) and CRLF line ends (as RFC 4180 and Excel write them). Every cell a spreadsheet would
take for a formula gets a leading ', which the import takes off again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.job_fields import FIELD_NAMES, JobFields
from core.job_file_format import (
    COLUMNS,
    PARTNER_COLUMN,
    TEMPLATE_COLUMN,
    LineProblem,
    escape_formula,
    problem_order,
    unescape_formula,
)
from core.job_file_reading import header_delimiter, records
from core.job_file_text import UTF8_BOM, readable_text

LOWER_CASE = frozenset({"job_type", "maintenance_type"})  # as PRODUCT.md writes their values
ERROR_COLUMN = "error"
_SAMPLE_ROWS: tuple[dict[str, str], ...] = (
    {
        "license_plate": "B-FC 1001",
        "vin": "WVWZZZCDZPW100001",
        "custom_name": "Golf 12 – Kreuzberg",
        "vehicle_model_id": "vw-golf-8",
        "installation_variant": "STANDARD",
        "central_lock_connection_type": "CAN",
        "fuel_type": "PETROL",
        "instructions": "Parking level 1, bay 14. Key at the front desk.",
        "job_type": "installation",
        "qnr": "0030000000000101",
        "brand": "Volkswagen",
        "model": "Golf 8",
        "service_date": "2026-12-01",
        "access_from": "2026-12-01T08:00",
        "access_until": "2026-12-01T18:00",
        "year": "2023",
        "configuration_preset": "carsharing",
    },
    {
        "license_plate": "B-FC 1002",
        "vin": "VF1AG000166100002",
        "custom_name": "ZOE 3 – Mitte",
        "vehicle_model_id": "renault-zoe-e-tech",
        "installation_variant": "OBD",
        "central_lock_connection_type": "DIRECT",
        "fuel_type": "ELECTRIC",
        "instructions": "Charging cable in the boot.\nCall Anna, +49 30 1234567, on arrival.",
        "job_type": "installation",
        "brand": "Renault",
        "model": "ZOE E-Tech",
        "service_date": "2026-12-02",
        "year": "2022",
    },
    {
        "license_plate": "B-FC 0815",
        "vin": "WVWZZZCDZPW100815",
        "vehicle_model_id": "vw-golf-8",
        "job_type": "maintenance",
        "qnr": "0030000000000815",
        "service_date": "2026-12-03",
        "maintenance_type": "repair",
        "problem_description": "The box has been offline since 28 Nov: check its power wire.",
    },
)


def cell_text(name: str, value: object, zone: ZoneInfo) -> str:
    """One field's value as its cell: moments in the fleet's time with their offset."""
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return value.value.lower() if name in LOWER_CASE else value.value
    if isinstance(value, datetime):
        local = value.astimezone(zone)
        exact = local.second or local.microsecond
        return local.isoformat(timespec="auto" if exact else "minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def job_cells(fields: JobFields, *, partner_code: str | None, time_zone: str) -> dict[str, str]:
    """A job's data as the cells of its row, which the import reads back to the same data."""
    zone = ZoneInfo(time_zone)
    cells = {name: cell_text(name, getattr(fields, name), zone) for name in FIELD_NAMES}
    cells[PARTNER_COLUMN] = partner_code or ""
    cells[TEMPLATE_COLUMN] = ""
    return cells


def write_job_file(rows: Iterable[Mapping[str, str | None]]) -> bytes:
    """Rows by column as a file in the import format, every column, formulas escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([escape_formula(row.get(column) or "") for column in COLUMNS] for row in rows)
    return UTF8_BOM + buffer.getvalue().encode("utf-8")


def sample_file() -> bytes:
    """A sample file to start from: two installation jobs and a maintenance job."""
    return write_job_file(_SAMPLE_ROWS)


def failing_rows_file(data: bytes, problems: Sequence[LineProblem]) -> bytes:
    """The rows with problems as they were, each with an error column saying what is wrong.

    The problems of the whole file and of its header come first, in a row of their own with
    only the error filled; the file keeps the uploaded file's delimiter, so it opens as the
    uploaded one did, and is fixed and uploaded again as it is.
    """
    text = readable_text(data).removeprefix("\ufeff")
    delimiter = header_delimiter(text)
    found = list(records(text, delimiter)) if text.strip() else []
    header = found[0].cells if found and found[0].error is None else []
    by_record: dict[int, list[LineProblem]] = {}
    starts = [record.line for record in found]
    for problem in sorted(problems, key=problem_order):
        at = 0 if problem.line is None or problem.line == 1 else _record_at(starts, problem.line)
        by_record.setdefault(at, []).append(problem)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_cell(cell) for cell in header] + [ERROR_COLUMN])
    if 0 in by_record:
        writer.writerow([""] * len(header) + [_messages(by_record.pop(0))])
    for index in sorted(by_record):
        cells = [_cell(cell) for cell in found[index].cells]
        cells += [""] * (len(header) - len(cells))
        writer.writerow([*cells, _messages(by_record[index])])
    return UTF8_BOM + buffer.getvalue().encode("utf-8")


def _record_at(starts: list[int], line: int) -> int:
    """The index of the record that holds line (a record starts at a line, spans to the next)."""
    index = 0
    for position, start in enumerate(starts):
        if start > line:
            break
        index = position
    return index


def _cell(text: str) -> str:
    return escape_formula(unescape_formula(text))


def _messages(problems: list[LineProblem]) -> str:
    return escape_formula(
        " | ".join(
            " – ".join(
                part
                for part in (
                    f"line {problem.line}" if problem.line is not None else None,
                    problem.column,
                    problem.message,
                )
                if part
            )
            for problem in problems
        )
    )
