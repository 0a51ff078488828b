"""The CSV file of jobs that the import reads and the export writes (docs/csv.md) — pure.

One place to import it from: its columns and problems (job_file_format), reading it with every
problem's line (job_file_reading), writing it (job_file_writing).
"""

from core.job_file_format import (
    COLUMNS,
    DEFAULT_MAX_ROWS,
    FORMULA_STARTS,
    MAX_BYTES,
    MAX_PROBLEMS,
    MOST_ROWS,
    PARTNER_COLUMN,
    TEMPLATE_COLUMN,
    InvalidJobFile,
    LineProblem,
    escape_formula,
    listed_problems,
    problem_order,
    unescape_formula,
)
from core.job_file_reading import FileRow, JobFile, read_job_file
from core.job_file_writing import (
    ERROR_COLUMN,
    cell_text,
    failing_rows_file,
    job_cells,
    sample_file,
    write_job_file,
)

__all__ = [
    "COLUMNS",
    "DEFAULT_MAX_ROWS",
    "ERROR_COLUMN",
    "FORMULA_STARTS",
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "MOST_ROWS",
    "PARTNER_COLUMN",
    "TEMPLATE_COLUMN",
    "FileRow",
    "InvalidJobFile",
    "JobFile",
    "LineProblem",
    "cell_text",
    "escape_formula",
    "failing_rows_file",
    "job_cells",
    "listed_problems",
    "problem_order",
    "read_job_file",
    "sample_file",
    "unescape_formula",
    "write_job_file",
]
