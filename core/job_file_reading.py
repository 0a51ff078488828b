"""Reading a CSV file of jobs: each row's values by column, and every problem of its form — pure.

The problems of form: encoding, header (unknown, repeated, unnamed columns), a row with more or
fewer fields than the header, an empty row, too many rows or bytes. What the values mean is
checked by the import service, with the job form's rules. A problem names the file's physical
line (the header is line 1): where its row starts or, in a row that spans several lines (a
quoted value with line breaks), where the value with the problem starts.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from core.job_file_format import (
    COLUMN_ORDER,
    COLUMNS,
    DEFAULT_MAX_ROWS,
    MAX_BYTES,
    LineProblem,
    unescape_formula,
)
from core.job_file_text import NotText, file_text

DELIMITER_NAMES = {",": "comma", ";": "semicolon"}


@dataclass(frozen=True, slots=True)
class FileRow:
    """One row of a file: its values by column (formula escaping undone) and where it is."""

    line: int
    values: Mapping[str, str]
    starts: Mapping[str, int] = field(default_factory=dict)  # values not on the row's first line

    def line_of(self, column: str) -> int:
        """The line where this row's value of column starts."""
        return self.starts.get(column, self.line)


@dataclass(frozen=True, slots=True)
class JobFile:
    """A file as read: its known columns, its rows (at most the limit), its problems of form."""

    columns: tuple[str, ...]
    rows: tuple[FileRow, ...]
    row_count: int
    problems: tuple[LineProblem, ...]
    delimiter: str = ","


def read_job_file(data: bytes, *, max_rows: int = DEFAULT_MAX_ROWS) -> JobFile:
    """A file's rows by column and every problem of its form, in the order of the file."""
    if len(data) > MAX_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f} MB"
        return _broken(f"The file has {size}; a file has at most 5 MB: split it into several.")
    try:
        text = file_text(data)
    except NotText as bad:
        return _broken(bad.message)
    if not text.strip():
        return _broken("The file is empty: its first line names the columns, each row a job.")
    delimiter = header_delimiter(text)
    found = records(text, delimiter)
    header = next(found)
    names = [cell.strip() for cell in header.cells]
    problems = _header_problems(names)
    if not any(name in COLUMN_ORDER for name in names):
        problems = [
            LineProblem(
                1,
                None,
                "The first line is no header: it names none of the columns (license_plate, "
                "vin, custom_name, …). The first line of the file names the columns, as in "
                "the sample file.",
            )
        ]
        return JobFile((), (), 0, tuple(problems), delimiter)
    known: dict[str, int] = {}  # each known column's first place, in the file's order
    for index, name in enumerate(names):
        if name in COLUMN_ORDER:
            known.setdefault(name, index)
    rows: list[FileRow] = []
    blank: list[int] = []  # lines without anything, reported only when a row follows them
    count = 0
    for record in found:
        if record.error is not None:
            count += 1
            problems.append(LineProblem(record.line, None, record.error))
            continue
        if not record.cells:
            blank.append(record.line)
            continue
        problems.extend(LineProblem(line, None, _EMPTY_ROW) for line in blank)
        count += len(blank) + 1
        blank = []
        if not any(cell.strip() for cell in record.cells):
            problems.append(LineProblem(record.line, None, _EMPTY_ROW))
        elif len(record.cells) != len(names):
            problems.append(_field_count(record, len(names), delimiter))
        elif count <= max_rows:
            rows.append(_row(record, known))
    if count == 0:
        problems.append(
            LineProblem(None, None, "The file has no rows: under its header, each row is a job.")
        )
    if count > max_rows:
        problems.append(
            LineProblem(
                None,
                None,
                f"The file has {count:,} rows; a file has at most {max_rows:,}: split it into "
                "several files.",
            )
        )
    return JobFile(tuple(known), tuple(rows), count, tuple(problems), delimiter)


def header_delimiter(text: str) -> str:
    """Comma or semicolon: the one that splits the first line into more known column names."""
    first = text.split("\n", 1)[0].split("\r", 1)[0]

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return sum(cell.strip() in COLUMN_ORDER for cell in cells), len(cells)

    return ";" if score(";") > score(",") else ","


@dataclass(frozen=True, slots=True)
class Record:
    """One record of a file as the csv reader gives it: where it starts, its cells or error."""

    line: int
    cells: list[str]
    error: str | None = None


_EMPTY_ROW = "This row is empty: every row needs at least one filled field. Remove the row."
_READ_ERRORS = {
    "unexpected end of data": 'A quoted value that starts here never ends: a closing " is missing.',
    "expected after": 'A quote inside a quoted value is written twice (""); here a single one '
    "ends the value too early.",
    "field larger than field limit": "A value in this row is far too long to be job data.",
}


def records(text: str, delimiter: str) -> Iterator[Record]:
    """The file's records in order, each with its first line; one that cannot be read says why."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    last = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as bad:
            reason = next((v for k, v in _READ_ERRORS.items() if k in str(bad)), None)
            yield Record(last + 1, [], reason or f"This row cannot be read: {bad}.")
        else:
            yield Record(last + 1, cells)
        last = reader.line_num


def _row(record: Record, known: dict[str, int]) -> FileRow:
    starts: dict[str, int] = {}
    line = record.line
    positions: list[int] = []
    for cell in record.cells:
        positions.append(line)
        if "\n" in cell or "\r" in cell:
            line += cell.count("\n") + cell.count("\r") - cell.count("\r\n")
    values = {}
    for name, index in known.items():
        values[name] = unescape_formula(record.cells[index])
        if positions[index] != record.line:
            starts[name] = positions[index]
    return FileRow(record.line, values, starts)


def _header_problems(names: list[str]) -> list[LineProblem]:
    problems = []
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if not name:
            problems.append(
                LineProblem(
                    1,
                    None,
                    f"Column {position} of the header has no name: name it, or remove the "
                    "column (and its values).",
                )
            )
        elif name in seen:
            problems.append(
                LineProblem(
                    1,
                    name,
                    f"The column {name} appears twice, as columns {seen[name]} and {position}: "
                    "keep one.",
                )
            )
        elif name not in COLUMN_ORDER:
            problems.append(LineProblem(1, name[:60], _unknown_column(name)))
        seen.setdefault(name, position)
    return problems


def _unknown_column(name: str) -> str:
    by_lower = {column.lower(): column for column in COLUMNS}
    guess = by_lower.get(name.lower().replace(" ", "_").replace("-", "_"))
    if guess is None:
        close = difflib.get_close_matches(name.lower(), COLUMNS, n=1, cutoff=0.6)
        guess = close[0] if close else None
    shown = name[:60]
    if guess is not None:
        return f"There is no column “{shown}”: did you mean {guess}?"
    return (
        f"There is no column “{shown}”. The columns are: {', '.join(COLUMNS)} "
        "(names written exactly so)."
    )


def _field_count(record: Record, expected: int, delimiter: str) -> LineProblem:
    found = len(record.cells)
    more = "more" if found > expected else "fewer"
    return LineProblem(
        record.line,
        None,
        f"This row has {found} fields, {more} than the header's {expected}: a value with a "
        f"{DELIMITER_NAMES[delimiter]} in it goes in double quotes.",
    )


def _broken(message: str) -> JobFile:
    return JobFile((), (), 0, (LineProblem(None, None, message),))
