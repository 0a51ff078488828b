"""What a CSV file of jobs is made of (docs/csv.md): columns, problems, escaping — pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import InvalidInput

COLUMNS = (
    "license_plate",
    "vin",
    "custom_name",
    "vehicle_model_id",
    "installation_variant",
    "central_lock_connection_type",
    "fuel_type",
    "instructions",
    "assigned_installer_company_id",
    "job_type",
    "qnr",
    "brand",
    "model",
    "service_date",
    "access_from",
    "access_until",
    "maintenance_type",
    "template",
    "year",
    "configuration_preset",
    "problem_description",
)
"""The header's names in the order FleetCrew writes them: the portal's, then FleetCrew's own."""
PARTNER_COLUMN = "assigned_installer_company_id"
TEMPLATE_COLUMN = "template"
MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 1000
MOST_ROWS = 10_000
"""The most rows FLEETCREW_CSV_MAX_ROWS may allow in one file."""
MAX_PROBLEMS = 1000
"""The most problems listed for one file; the rest are counted in a last line."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet takes for the start of a formula (OWASP's list): escaped by a leading '."""
COLUMN_ORDER = {name: position for position, name in enumerate(COLUMNS)}


@dataclass(frozen=True, slots=True)
class LineProblem:
    """What is wrong where in a file: its physical line and column, None for the whole file."""

    line: int | None
    column: str | None
    message: str


class InvalidJobFile(InvalidInput):
    """A file with problems; nothing of it was imported."""

    def __init__(self, problems: Sequence[LineProblem], total: int | None = None) -> None:
        count = len(problems) if total is None else total
        super().__init__(
            f"The file has {count:,} problem{'s' if count != 1 else ''}; nothing was imported."
        )
        self.problems = tuple(problems)  # at most MAX_PROBLEMS of them, and a line for the rest
        self.total = count


def escape_formula(text: str) -> str:
    """A cell a spreadsheet would take for a formula, with a leading ' so it shows as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_formula(text: str) -> str:
    """Undo escape_formula, exactly: a ' before a formula's first character goes, nothing else."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text


def problem_order(problem: LineProblem) -> tuple[int, int]:
    """Whole-file problems first, then by line, then by the columns' order."""
    return problem.line or 0, COLUMN_ORDER.get(problem.column or "", -1)


def listed_problems(
    problems: Sequence[LineProblem], limit: int = MAX_PROBLEMS
) -> tuple[LineProblem, ...]:
    """The problems in the file's order, at most limit of them and a line counting the rest."""
    ordered = sorted(problems, key=problem_order)
    if len(ordered) <= limit:
        return tuple(ordered)
    more = len(ordered) - limit
    return (
        *ordered[:limit],
        LineProblem(None, None, f"… and {more:,} more problem{'s' if more != 1 else ''}."),
    )
