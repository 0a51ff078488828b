"""The CSV file of jobs as such: reading it with every problem's line, writing it, escaping."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from core.job_fields import JobFields, JobType, MaintenanceType
from core.job_files import (
    COLUMNS,
    ERROR_COLUMN,
    LineProblem,
    escape_formula,
    failing_rows_file,
    job_cells,
    listed_problems,
    read_job_file,
    sample_file,
    unescape_formula,
    write_job_file,
)

BOM = b"\xef\xbb\xbf"


def rows_of(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize(
    "data",
    [
        b"vin,license_plate\r\nWVWZZZCDZPW100001,B-FC 1\r\n",
        b"vin;license_plate\nWVWZZZCDZPW100001;B-FC 1\n",
        BOM + b"vin;license_plate\r\nWVWZZZCDZPW100001;B-FC 1",
        b'"vin","license_plate"\r\n"WVWZZZCDZPW100001","B-FC 1"\r\n',
    ],
    ids=["comma CRLF", "semicolon LF", "BOM, no last line end", "all quoted"],
)
def test_comma_or_semicolon_with_or_without_bom_and_crlf_read_the_same(data: bytes):
    found = read_job_file(data)

    assert found.problems == ()
    assert found.columns == ("vin", "license_plate")
    assert [(row.line, dict(row.values)) for row in found.rows] == [
        (2, {"vin": "WVWZZZCDZPW100001", "license_plate": "B-FC 1"})
    ]


def test_the_delimiter_is_the_one_of_the_header_not_of_the_values():
    found = read_job_file(b"custom_name;instructions\r\nGolf, blue;Key at desk, ask Anna\r\n")

    assert found.delimiter == ";"
    assert found.rows[0].values == {
        "custom_name": "Golf, blue",
        "instructions": "Key at desk, ask Anna",
    }


def test_quoted_values_hold_delimiters_quotes_and_line_breaks_and_lines_stay_physical():
    data = (
        b'custom_name,instructions,vin\r\n"A, ""B""","one\r\ntwo\r\nthree",X\r\nC,plain,WRONG\r\n'
    )

    found = read_job_file(data)

    first, second = found.rows
    assert first.values["custom_name"] == 'A, "B"'
    assert first.values["instructions"] == "one\r\ntwo\r\nthree"
    assert (first.line, first.line_of("instructions"), first.line_of("vin")) == (2, 2, 4)
    assert second.line == 5


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"vin,Vin\r\nX,Y\r\n",
            LineProblem(1, "Vin", "There is no column “Vin”: did you mean vin?"),
        ),
        (
            b"vin,lisence_plate\r\nX,Y\r\n",
            LineProblem(1, "lisence_plate", "did you mean license_plate?"),
        ),
        (b"vin,colour\r\nX,Y\r\n", LineProblem(1, "colour", "The columns are: license_plate, vin")),
        (b"vin,qnr,vin\r\nX,Y,Z\r\n", LineProblem(1, "vin", "appears twice, as columns 1 and 3")),
        (b"vin,,qnr\r\nX,Y,Z\r\n", LineProblem(1, None, "Column 2 of the header has no name")),
        (b"WVWZZZCDZPW100001,B-FC 1\r\n", LineProblem(1, None, "The first line is no header")),
        (
            b"vin,qnr\r\nX,Y\r\nA,B,C\r\n",
            LineProblem(3, None, "3 fields, more than the header's 2"),
        ),
        (
            b"vin;qnr\r\nX\r\n",
            LineProblem(2, None, "a value with a semicolon in it goes in double"),
        ),
        (b"vin,qnr\r\nX,Y\r\n,\r\nA,B\r\n", LineProblem(3, None, "This row is empty")),
        (b"vin,qnr\r\n\r\nA,B\r\n", LineProblem(2, None, "This row is empty")),
        (b'vin,qnr\r\nX,"Y\r\nA,B\r\n', LineProblem(2, None, 'never ends: a closing " is missing')),
        (b'vin,qnr\r\nX,"Y"Z\r\n', LineProblem(2, None, "A quote inside a quoted value")),
        (b"", LineProblem(None, None, "The file is empty")),
        (BOM + b"\r\n \r\n", LineProblem(None, None, "The file is empty")),
        (b"vin\r\n" + b"X" * (5 * 1024 * 1024), LineProblem(None, None, "at most 5 MB")),
    ],
    ids=lambda value: None if isinstance(value, bytes) else value.message[:30],
)
def test_each_problem_of_form_names_its_line_and_column(data: bytes, expected: LineProblem):
    problems = read_job_file(data).problems

    assert [(p.line, p.column) for p in problems] == [(expected.line, expected.column)]
    assert expected.message in problems[0].message


@pytest.mark.parametrize("data", [b"vin,qnr\r\n", b"vin,qnr", b"vin,qnr\r\n\r\n"])
def test_a_header_without_rows_is_a_problem(data: bytes):
    assert read_job_file(data).problems == (
        LineProblem(None, None, "The file has no rows: under its header, each row is a job."),
    )


def test_blank_lines_at_the_end_of_a_file_are_no_rows():
    found = read_job_file(b"vin,qnr\r\nX,Y\r\n\r\n\r\n")

    assert found.problems == ()
    assert found.row_count == 1


def test_too_many_rows_are_counted_and_only_the_allowed_ones_read():
    data = b"custom_name\r\n" + b"".join(b"car %d\r\n" % n for n in range(12))

    found = read_job_file(data, max_rows=10)

    assert found.row_count == 12
    assert len(found.rows) == 10
    assert found.problems == (
        LineProblem(
            None, None, "The file has 12 rows; a file has at most 10: split it into several files."
        ),
    )


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ("vin,custom_name\r\nX,Müller".encode("cp1252"), "Windows-1252 or Latin-1"),
        ("vin,custom_name\r\nX,„Müller“".encode("cp1252"), "looks like Windows-1252, as Excel"),
        ("vin,custom_name\r\nX,Müller".encode("utf-16"), "UTF-16 (with a byte order mark)"),
        ("vin,custom_name\r\nX,Müller".encode("utf-16-le"), "UTF-16 (little-endian, without"),
        ("vin,custom_name\r\nX,Müller".encode("utf-16-be"), "UTF-16 (big-endian, without"),
        (b"PK\x03\x04\x14\x00\x06\x00", "an Excel workbook (.xlsx)"),
        (b"vin\r\nX\x00Y\r\n", "NUL character (in line 2)"),
    ],
    ids=["latin-1", "windows-1252", "utf-16 bom", "utf-16-le", "utf-16-be", "xlsx", "nul"],
)
def test_a_file_that_is_not_utf8_says_what_it_looks_like(data: bytes, says: str):
    (problem,) = read_job_file(data).problems

    assert (problem.line, problem.column) == (None, None)
    assert says in problem.message
    assert "CSV UTF-8" in problem.message


def test_latin1_names_the_line_of_its_first_non_utf8_character():
    data = "vin,custom_name\r\nX,Golf\r\nY,Müller\r\n".encode("latin-1")

    (problem,) = read_job_file(data).problems

    assert "in line 3 (byte 0xFC, “ü” in Windows-1252)" in problem.message


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_escaping_is_undone_exactly(start: str):
    text = f"{start}SUM(A1:A9)"

    assert escape_formula(text) == "'" + text
    assert unescape_formula(escape_formula(text)) == text


@pytest.mark.parametrize("text", ["'quoted'", "'", "''=", "O'Neill", "plain", ""])
def test_a_quote_before_anything_but_a_formula_start_is_kept(text: str):
    assert unescape_formula(text) == text
    assert escape_formula(text) == text


def test_an_escaped_formula_in_a_file_reads_as_its_text_and_a_bare_one_as_it_is():
    data = b'custom_name,instructions\r\n\'=HYPERLINK("x"),=1+2\r\n'

    assert read_job_file(data).rows[0].values == {
        "custom_name": '=HYPERLINK("x")',
        "instructions": "=1+2",
    }


def test_written_files_are_comma_utf8_with_bom_crlf_every_column_formulas_escaped():
    data = write_job_file([{"custom_name": "=cmd|' /C calc'!A0", "brand": "Škoda", "vin": None}])

    assert data.startswith(BOM)
    header, row = rows_of(data)
    assert header == list(COLUMNS)
    assert row[COLUMNS.index("custom_name")] == "'=cmd|' /C calc'!A0"
    assert row[COLUMNS.index("brand")] == "Škoda"
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_a_job_s_cells_read_back_to_the_same_values():
    fields = JobFields(
        job_type=JobType.MAINTENANCE,
        vin="WVWZZZCDZPW100001",
        maintenance_type=MaintenanceType.REPAIR,
        service_date=date(2026, 12, 1),
        access_from=datetime(2026, 12, 1, 7, 0, tzinfo=UTC),
        access_until=datetime(2026, 12, 1, 17, 0, 30, tzinfo=UTC),
        year=2021,
    )

    cells = job_cells(fields, partner_code="VEZ9A", time_zone="Europe/Berlin")

    assert cells["job_type"] == "maintenance"
    assert cells["maintenance_type"] == "repair"
    assert cells["access_from"] == "2026-12-01T08:00+01:00"
    assert cells["access_until"] == "2026-12-01T18:00:30+01:00"
    assert cells["assigned_installer_company_id"] == "VEZ9A"
    assert (cells["template"], cells["qnr"], cells["year"]) == ("", "", "2021")


def test_the_sample_file_reads_without_a_problem_with_an_installation_and_a_maintenance_job():
    found = read_job_file(sample_file())

    assert found.problems == ()
    assert found.row_count == 3
    assert {row.values["job_type"] for row in found.rows} == {"installation", "maintenance"}


def test_the_failing_rows_come_back_as_they_were_with_their_errors():
    data = "custom_name;vin\r\nGood;A\r\n„Bad“;B\r\n;\r\n=1+2;C\r\n".encode()
    problems = [
        LineProblem(3, "vin", "“B” is not a VIN."),
        LineProblem(4, None, "This row is empty."),
        LineProblem(5, "vin", "“C” is not a VIN."),
        LineProblem(None, None, "The template is gone."),
        LineProblem(1, "colour", "There is no column “colour”."),
    ]

    assert rows_of(failing_rows_file(data, problems)) == [
        ["custom_name", "vin", ERROR_COLUMN],
        ["", "", "The template is gone. | line 1 – colour – There is no column “colour”."],
        ["„Bad“", "B", "line 3 – vin – “B” is not a VIN."],
        ["", "", "line 4 – This row is empty."],
        ["'=1+2", "C", "line 5 – vin – “C” is not a VIN."],
    ]


def test_a_problem_inside_a_row_of_several_lines_lists_that_row():
    data = b'instructions,vin\r\n"one\r\ntwo",X\r\n'

    rows = rows_of(failing_rows_file(data, [LineProblem(3, "vin", "bad")]))

    assert rows[1] == ["one\r\ntwo", "X", "line 3 – vin – bad"]


def test_a_file_that_is_no_text_still_gets_its_problems_back():
    data = "vin\r\nMüller\r\n".encode("cp1252")
    problems = read_job_file(data).problems

    rows = rows_of(failing_rows_file(data, problems))

    assert rows[0] == ["vin", ERROR_COLUMN]
    assert "not UTF-8" in rows[1][1]


def test_a_long_list_of_problems_ends_with_how_many_more():
    problems = [LineProblem(line, "vin", "bad") for line in range(1500, 1, -1)]

    listed = listed_problems(problems, limit=1000)

    assert len(listed) == 1001
    assert listed[0].line == 2
    assert listed[-1] == LineProblem(None, None, "… and 499 more problems.")
