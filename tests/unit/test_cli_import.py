"""`fleetcrew import-csv`: each problem as `line N: column: message`, a summary, exit 0, 1, 2."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fleetcrew.cli import main
from tests.job_imports import NUMBERED_HEADER, csv_file, numbered_rows
from tests.unit.cli_environment import environment

__all__ = ["environment"]  # the autouse fixture

PARTNER = "VEZ9A"


@pytest.fixture
def database(tmp_path, capsys) -> Path:
    """Demo Mobility's fleets Berlin and Munich, made by create-manager; VEZ9A works for Berlin."""
    status = main(
        [
            "create-manager",
            "--organization",
            "Demo Mobility",
            "--email",
            "manager@demo.test",
            "--create-organization",
            "--fleet",
            "Berlin",
            "--fleet",
            "Munich",
        ]
    )
    assert status == 0
    capsys.readouterr()
    path = tmp_path / "var" / "fleetcrew.sqlite3"
    with sqlite3.connect(path) as db:
        now = "2026-11-01 08:00:00.000000"
        db.execute(
            "INSERT INTO service_partners (partner_code, name, created_at) VALUES (?, ?, ?)",
            (PARTNER, "Volt Installers", now),
        )
        db.execute(
            "INSERT INTO fleet_connections (fleet_id, email, status, allow_override, partner_id, "
            "invited_at) SELECT fleets.id, 'volt@partners.test', 'ACCEPTED', 0, "
            "service_partners.id, ? FROM fleets, service_partners WHERE fleets.name = 'Berlin'",
            (now,),
        )
    return path


def run(capsys, *argv: str) -> tuple[int, list[str], str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def jobs(database: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT status, vin FROM jobs ORDER BY id").fetchall()


def written(tmp_path: Path, data: bytes, name: str = "jobs.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_a_good_file_is_imported_with_one_summary_line(capsys, tmp_path, database):
    rows = [*numbered_rows(1, partner=PARTNER), *numbered_rows(2, start=2)]
    file = written(tmp_path, csv_file(NUMBERED_HEADER, *rows))

    status, out, err = run(capsys, "import-csv", file, "--fleet", "Berlin")

    assert (status, out, err) == (0, ["imported 3 jobs into Berlin: 1 assigned, 2 pending"], "")
    assert [status for status, _ in jobs(database)] == ["ASSIGNED", "PENDING", "PENDING"]


def test_a_bad_file_prints_each_problem_and_imports_nothing(capsys, tmp_path, database):
    data = csv_file("vin,qnr,colour", "WVWZZZ,00AA000000000001,red", "WVWZZZCDZPW100002,XYZ,blue")
    file = written(tmp_path, data)

    status, out, _ = run(capsys, "import-csv", file, "--fleet", "Berlin")

    assert status == 1
    assert out == [
        "line 1: colour: There is no column “colour”. The columns are: license_plate, vin, "
        "custom_name, vehicle_model_id, installation_variant, central_lock_connection_type, "
        "fuel_type, instructions, assigned_installer_company_id, job_type, qnr, brand, model, "
        "service_date, access_from, access_until, maintenance_type, template, year, "
        "configuration_preset, problem_description (names written exactly so).",
        "line 2: vin: “WVWZZZ” is not a VIN: a VIN has 17 characters, letters A–Z and digits "
        "0–9, without I, O and Q.",
        "line 3: qnr: “XYZ” is not a QNR: a QNR has 16 characters, digits 0–9 and letters A–F, "
        "e.g. 38429DA427AB7C25.",
        "rejected: 3 problems, nothing was imported",
    ]
    assert jobs(database) == []


def test_a_whole_file_problem_is_printed_without_line_and_column(capsys, tmp_path, database):
    file = written(tmp_path, "vin\r\nWVWZZZCDZPW100001\r\nMüller\r\n".encode("cp1252"))

    status, out, _ = run(capsys, "import-csv", file, "--fleet", "Berlin")

    assert status == 1
    assert out[0].startswith("file: The file is not UTF-8 text: it looks like Windows-1252")
    assert out[1] == "rejected: 1 problem, nothing was imported"


def test_a_dry_run_says_what_it_would_import_and_writes_nothing(capsys, tmp_path, database):
    file = written(tmp_path, csv_file(NUMBERED_HEADER, *numbered_rows(2)))

    status, out, _ = run(capsys, "import-csv", file, "--fleet", "Berlin", "--dry-run")

    assert (status, out) == (0, ["would import 2 jobs into Berlin: 0 assigned, 2 pending"])
    assert jobs(database) == []


def test_the_fleet_is_named_by_its_id_too_and_the_partner_option_assigns_every_row(
    capsys, tmp_path, database
):
    with sqlite3.connect(database) as db:
        (berlin,) = db.execute("SELECT id FROM fleets WHERE name = 'Berlin'").fetchone()
    file = written(tmp_path, csv_file("vin", "WVWZZZCDZPW100001", "WVWZZZCDZPW100002"))

    status, out, _ = run(
        capsys, "import-csv", file, "--fleet", str(berlin), "--partner", PARTNER.lower()
    )

    assert (status, out) == (0, ["imported 2 jobs into Berlin: 2 assigned, 0 pending"])


def test_the_partner_option_is_refused_for_a_file_that_names_partners(capsys, tmp_path, database):
    file = written(tmp_path, csv_file(NUMBERED_HEADER, *numbered_rows(1, partner=PARTNER)))

    status, out, _ = run(capsys, "import-csv", file, "--fleet", "Berlin", "--partner", PARTNER)

    assert status == 1
    assert out[0].startswith("file: Every row is to be assigned to the partner chosen")
    assert jobs(database) == []


def test_a_template_by_name_fills_the_rows(capsys, tmp_path, database):
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO templates (fleet_id, name, job_type, vehicle_model_id, "
            "installation_variant, created_at, updated_at) SELECT id, 'Golf standard', "
            "'INSTALLATION', 'vw-golf-8', "
            "'STANDARD', '2026-11-01 08:00:00.000000', '2026-11-01 08:00:00.000000' FROM fleets "
            "WHERE name = 'Berlin'"
        )
    file = written(tmp_path, csv_file("vin,installation_variant", "WVWZZZCDZPW100001,OBD"))

    status, out, _ = run(
        capsys,
        "import-csv",
        file,
        "--fleet",
        "Berlin",
        "--template",
        "golf standard",
        "--prefer-template",
    )

    assert status == 0, out
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT vehicle_model_id, installation_variant FROM jobs").fetchall() == [
            ("vw-golf-8", "STANDARD")
        ]


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--fleet", "Hamburg"], "There is no fleet Hamburg: give a fleet's name or id."),
        (["--fleet", "Berlin", "--template", "Nope"], "The fleet has no template Nope"),
        (["--fleet", "Berlin", "--prefer-template"], "--prefer-template needs --template NAME"),
    ],
    ids=["unknown fleet", "unknown template", "prefer template without one"],
)
def test_wrong_usage_exits_2_with_one_line(capsys, tmp_path, database, arguments, says):
    file = written(tmp_path, csv_file("vin", "WVWZZZCDZPW100001"))

    status, out, err = run(capsys, "import-csv", file, *arguments)

    assert (status, out) == (2, [])
    assert err.startswith(f"fleetcrew: {says}") and err.count("\n") == 1
    assert jobs(database) == []


def test_a_file_that_cannot_be_read_exits_2(capsys, tmp_path, database):
    status, _, err = run(capsys, "import-csv", str(tmp_path / "missing.csv"), "--fleet", "Berlin")

    assert status == 2
    assert "cannot read" in err and "No such file or directory" in err


def test_a_fleet_name_several_organisations_use_asks_for_the_id(capsys, tmp_path, database):
    main(
        [
            "create-manager",
            "--organization",
            "Other Mobility",
            "--email",
            "other@other.test",
            "--create-organization",
            "--fleet",
            "Berlin",
        ]
    )
    capsys.readouterr()
    file = written(tmp_path, csv_file("vin", "WVWZZZCDZPW100001"))

    status, _, err = run(capsys, "import-csv", file, "--fleet", "Berlin")

    assert status == 2
    assert "Several organisations have a fleet called Berlin: give its id, one of 1 (Demo " in err


def test_a_missing_fleet_option_is_argparse_s_own_usage_error(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit:
        main(["import-csv", "jobs.csv"])

    assert exit.value.code == 2
    assert "--fleet" in capsys.readouterr().err
