"""The corpus of bad files (tests/csv_files, and odd bytes made here): every rule, nothing written.

Each file is refused with exactly its problems (line, column, words), and the whole database is
as it was before: a file is imported whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from core.actors import Manager
from core.db.models import Job, ServicePartner
from core.import_views import ImportOptions
from core.job_files import InvalidJobFile, LineProblem
from core.services.transitions import move_job
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, make_job
from tests.job_imports import csv_file, import_file, make_template

FILES = Path(__file__).parent.parent / "csv_files"
Expected = list[tuple[int | None, str | None, str]]

CORPUS: dict[str, Expected] = {
    "unknown_column.csv": [
        (1, "licence_plate", "no column “licence_plate”: did you mean license_plate?")
    ],
    "repeated_column.csv": [(1, "vin", "The column vin appears twice, as columns 1 and 3")],
    "unnamed_column.csv": [(1, None, "Column 2 of the header has no name")],
    "missing_header.csv": [(1, None, "The first line is no header")],
    "empty.csv": [(None, None, "The file is empty")],
    "field_counts.csv": [
        (3, None, "This row has 3 fields, more than the header's 2"),
        (4, None, "This row has 1 fields, fewer than the header's 2"),
    ],
    "empty_row.csv": [(3, None, "This row is empty: every row needs at least one filled field")],
    "blank_line_between_rows.csv": [(3, None, "This row is empty")],
    "bad_vin.csv": [
        (2, "vin", "“WVWZZZCDZPW1OOOO1” is not a VIN: a VIN has 17 characters"),
        (3, "vin", "“WVWZZZ” is not a VIN"),
    ],
    "bad_qnr.csv": [
        (2, "qnr", "“38429DA427AB7C2” is not a QNR: a QNR has 16 characters"),
        (3, "qnr", "“38429DA427AB7C2G” is not a QNR"),
    ],
    "unknown_vehicle_model.csv": [
        (2, "vehicle_model_id", "The CloudBoxx service knows no vehicle model “tesla-model-9”")
    ],
    "model_does_not_take_it.csv": [
        (
            2,
            "installation_variant",
            "Golf 8 takes no installation variant KEY_HOLDER; it takes OBD",
        ),
        (2, "fuel_type", "takes no fuel type ELECTRIC"),
        (2, "configuration_preset", "takes no configuration preset taxi"),
    ],
    "enumerations.csv": [
        (
            2,
            "installation_variant",
            "“glued” is not a installation variant; choose one of STANDARD",
        ),
        (2, "central_lock_connection_type", "choose one of DIRECT, CAN, KEY_FOB, NONE"),
        (2, "fuel_type", "“coal” is not a fuel type; choose one of PETROL, DIESEL"),
        (2, "job_type", "choose one of INSTALLATION, MAINTENANCE"),
        (3, "maintenance_type", "“fix” is not a maintenance type; choose one of INSPECTION"),
    ],
    "maintenance_fields_on_installation.csv": [
        (2, "maintenance_type", "belongs to maintenance jobs only"),
        (2, "problem_description", "belongs to maintenance jobs only"),
    ],
    "dates.csv": [
        (2, "service_date", "“01.12.2026” is not a date: write it as 2026-12-01"),
        (3, "service_date", "2026-02-30 does not exist: February 2026 has 28 days"),
        (4, "access_from", "2026-03-29T02:30 does not exist in the fleet's time zone"),
        (5, "access_until", "The access window ends before it starts"),
        (6, "access_from", "“tomorrow” is not a date and time"),
    ],
    "year.csv": [(2, "year", "from 1950 to 2027"), (3, "year", "from 1950 to 2027")],
    "twice_in_the_file.csv": [
        (2, "vin", "The VIN WVWZZZCDZPW100001 is in line 4 too"),
        (3, "qnr", "The QNR 00AA000000000002 is in line 5 too"),
        (4, "vin", "The VIN WVWZZZCDZPW100001 is in line 2 too"),
        (5, "qnr", "The QNR 00AA000000000002 is in line 3 too"),
    ],
    "twice_with_other_problems.csv": [
        (2, "vin", "The VIN WVWZZZCDZPW100001 is in line 3 too"),
        (2, "fuel_type", "“GAS” is not a fuel type"),
        (3, "vin", "The VIN WVWZZZCDZPW100001 is in line 2 too"),
    ],
    "on_an_open_job.csv": [
        (2, "vin", "The VIN WVWZZZCDZPW199999 has an open job in this fleet already: job"),
        (3, "qnr", "The QNR 00AA00000000FFFF has an open job in this fleet already"),
    ],
    "partners.csv": [
        (2, "assigned_installer_company_id", "No service partner has the Partner ID ZZZZ9"),
        (3, "assigned_installer_company_id", "Spark Service (OTHER) does not work for this fleet"),
        (4, "assigned_installer_company_id", "“XY” is not a Partner ID"),
    ],
    "unknown_template.csv": [
        (
            3,
            "template",
            "This fleet has no template “Golf premium”: its templates are Golf standard",
        )
    ],
    "multiline_row.csv": [(3, "vin", "“WVWZZZ” is not a VIN")],  # its row starts in line 2
    "excel_semicolons.csv": [(3, "qnr", "“0030” is not a QNR")],
    "unterminated_quote.csv": [(2, None, "A quoted value that starts here never ends")],
    "stray_quote.csv": [(2, None, "A quote inside a quoted value is written twice")],
    "too_long.csv": [(2, "license_plate", "A licence plate has at most 20 characters")],
}

ODD_BYTES: dict[str, tuple[bytes, Expected]] = {
    "utf-16 with bom": (
        "vin,custom_name\r\nWVWZZZCDZPW100001,Müller\r\n".encode("utf-16"),
        [(None, None, "it is UTF-16 (with a byte order mark), as Excel saves “Unicode Text”")],
    ),
    "utf-16 without bom": (
        "vin,custom_name\r\nWVWZZZCDZPW100001,Müller\r\n".encode("utf-16-le"),
        [(None, None, "it looks like UTF-16 (little-endian, without a byte order mark)")],
    ),
    "latin-1 as excel writes it": (
        "vin;custom_name\r\nWVWZZZCDZPW100001;Müller\r\n".encode("cp1252"),
        [(None, None, "Windows-1252 or Latin-1 (ISO-8859-1), as Excel saves “CSV (comma")],
    ),
    "utf-8 with bom and a bad row": (
        b"\xef\xbb\xbfvin\r\nWVWZZZ\r\n",
        [(2, "vin", "“WVWZZZ” is not a VIN")],
    ),
    "an excel workbook": (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", [(None, None, ".xlsx")]),
    "a nul character": (
        b"vin,custom_name\r\nWVWZZZCDZPW100001,Go\x00lf\r\n",
        [(None, None, "NUL")],
    ),
    "more than 5 MB": (
        b"instructions\r\n" + b"x" * (5 * 1024 * 1024) + b"\r\n",
        [(None, None, "a file has at most 5 MB")],
    ),
}


@pytest.fixture
async def berlin(uow, manager: Manager, links, fleets, clock) -> int:
    """Berlin with an accepted partner, a template, open jobs and a finished one."""
    fleet_id = fleets["Berlin"]
    await connect_partner(uow, manager, links, fleets["Munich"], name="Spark Service")
    accepted = await connect_partner(uow, manager, links, fleet_id, admin_telegram_id=830001)
    await make_template(uow, manager, fleet_id, "Golf standard", vehicle_model_id="vw-golf-8")
    await make_job(uow, manager, fleet_id, vin="WVWZZZCDZPW199999")
    await make_job(uow, manager, fleet_id, partner_code=accepted, qnr="00AA00000000FFFF")
    done = await make_job(
        uow,
        manager,
        fleet_id,
        partner_code=accepted,
        vin="WVWZZZCDZPW177777",
        qnr="00AA000000000003",
    )
    async with uow() as work:
        job = await work.session.get_one(Job, done)
        move_job(work, job, JobStatus.RUNNING, actor="test")
        move_job(work, job, JobStatus.SUCCEEDED, actor="test")
        await work.commit()
    return fleet_id


async def codes(uow) -> dict[str, str]:
    """The partners' Partner IDs by the placeholders the corpus writes for them."""
    async with uow.read_only() as work:
        names = dict(
            (
                await work.session.execute(select(ServicePartner.name, ServicePartner.partner_code))
            ).all()
        )
    return {"ACCPT": names["Volt Installers"], "OTHER": names["Spark Service"]}


async def refused(uow, manager, fleet_id: int, data: bytes, **kwargs) -> tuple[LineProblem, ...]:
    """The problems the import refuses the file with, checking nothing at all was written."""
    before = await database_contents(uow)
    with pytest.raises(InvalidJobFile) as refusal:
        await import_file(uow, manager, fleet_id, data, **kwargs)
    assert await database_contents(uow) == before
    return refusal.value.problems


def assert_problems(problems: tuple[LineProblem, ...], expected: Expected) -> None:
    assert [(p.line, p.column) for p in problems] == [
        (line, column) for line, column, _ in expected
    ]
    for problem, (_, _, words) in zip(problems, expected, strict=True):
        assert words in problem.message, problem


@pytest.mark.parametrize("name", sorted(CORPUS))
async def test_a_bad_file_is_refused_with_each_problem_s_line_and_column(
    uow, manager, berlin, name
):
    data = (FILES / name).read_bytes()
    for placeholder, code in (await codes(uow)).items():
        data = data.replace(placeholder.encode(), code.encode())
    other = (await codes(uow))["OTHER"]
    expected = [
        (line, column, words.replace("(OTHER)", f"({other})"))
        for line, column, words in CORPUS[name]
    ]

    assert_problems(await refused(uow, manager, berlin, data), expected)


@pytest.mark.parametrize("name", sorted(ODD_BYTES))
async def test_a_file_of_odd_bytes_says_what_it_is(uow, manager, berlin, name):
    data, expected = ODD_BYTES[name]

    assert_problems(await refused(uow, manager, berlin, data), expected)


def test_the_corpus_has_a_file_for_each_entry_and_an_entry_for_each_file():
    assert sorted(path.name for path in FILES.glob("*.csv")) == sorted(CORPUS)


async def test_too_many_rows_are_refused_and_the_first_ones_still_checked(uow, manager, berlin):
    rows = [f"B-FC {n}" for n in range(1, 12)]
    rows[2] = "a plate far longer than twenty"

    problems = await refused(uow, manager, berlin, csv_file("license_plate", *rows), max_rows=10)

    assert_problems(
        problems,
        [
            (None, None, "The file has 11 rows; a file has at most 10"),
            (4, "license_plate", "at most 20"),
        ],
    )


async def test_a_template_chosen_for_the_import_that_is_gone_is_refused(uow, manager, berlin):
    problems = await refused(
        uow,
        manager,
        berlin,
        csv_file("license_plate", "B-FC 1"),
        options=ImportOptions(template_id=9999),
    )

    assert_problems(problems, [(None, None, "The template chosen for every row does not exist")])


async def test_a_partner_chosen_for_the_import_that_does_not_work_for_the_fleet_is_refused(
    uow, manager, berlin
):
    other = (await codes(uow))["OTHER"]

    problems = await refused(
        uow,
        manager,
        berlin,
        csv_file("license_plate", "B-FC 1"),
        options=ImportOptions(partner_code=other),
    )

    assert_problems(
        problems,
        [(None, None, f"The partner chosen for every row: Spark Service ({other}) does not")],
    )


async def test_a_file_of_many_problems_lists_a_thousand_and_counts_the_rest(uow, manager, berlin):
    data = csv_file("vin,qnr", *(f"BAD{n},NOPE{n}" for n in range(1, 801)))

    problems = await refused(uow, manager, berlin, data)

    assert len(problems) == 1001
    assert (problems[0].line, problems[0].column) == (2, "vin")
    assert problems[-1] == LineProblem(None, None, "… and 600 more problems.")
