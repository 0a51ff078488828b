"""The fleetcrew command, run in-process against a SQLite database in a temporary var dir."""

from __future__ import annotations

import getpass
import sqlite3
import stat
import sys

import pytest
from alembic import command

from core.db.migrate import alembic_config
from fleetcrew.cli import main
from tests.unit.cli_environment import MANAGER_PASSWORD, environment

__all__ = ["environment"]  # the autouse fixture


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_migrate_then_seed_demo_prints_manager_and_password(capsys, tmp_path):
    assert run(capsys, "migrate")[0] == 0

    status, out, _ = run(capsys, "seed-demo")

    password_file = tmp_path / "var" / "demo_password"
    password = password_file.read_text().strip()
    assert status == 0
    assert "manager@demo.test" in out
    assert f"Password:  {password}" in out
    assert "http://127.0.0.1:8000/" in out
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600


def test_seed_demo_again_prints_the_same_password(capsys):
    first = run(capsys, "seed-demo")[1]
    second = run(capsys, "seed-demo")[1]

    assert "Demo data: created." in first
    assert "Demo data: already there." in second
    assert first.splitlines()[1:] == second.splitlines()[1:]


def test_seed_demo_uses_the_configured_demo_password_without_printing_it(capsys, monkeypatch):
    monkeypatch.setenv("FLEETCREW_DEMO_PASSWORD", "configured demo password")

    status, out, _ = run(capsys, "seed-demo")

    assert status == 0
    assert "Password:  the one in FLEETCREW_DEMO_PASSWORD" in out
    assert "configured demo password" not in out


def test_seed_demo_help_says_it_recreates_what_was_deleted(capsys):
    with pytest.raises(SystemExit):
        main(["seed-demo", "--help"])

    assert "also what a user deleted" in " ".join(capsys.readouterr().out.split())


def test_a_bad_setting_exits_2_with_one_line_naming_the_variable(capsys, monkeypatch):
    monkeypatch.setenv("FLEETCREW_PORT", "abc")

    status, out, err = run(capsys, "migrate")

    assert status == 2
    assert out == ""
    assert err.startswith("fleetcrew: FLEETCREW_PORT: ")
    assert err.count("\n") == 1


def test_create_manager_for_an_existing_organization(capsys):
    run(capsys, "seed-demo")

    status, out, err = run(
        capsys,
        "create-manager",
        "--organization",
        "Demo Mobility",
        "--email",
        "Second@Demo.test",
        "--fleet",
        "Munich",
    )

    assert (status, err) == (0, "")
    assert out == "Manager second@demo.test of Demo Mobility manages: Munich.\n"


def test_a_duplicate_manager_is_refused_with_one_line(capsys):
    run(capsys, "seed-demo")

    status, out, err = run(
        capsys, "create-manager", "--organization", "Demo Mobility", "--email", "manager@demo.test"
    )

    assert (status, out) == (1, "")
    assert err == "fleetcrew: A manager with the e-mail address manager@demo.test already exists.\n"


def test_an_unknown_organization_is_refused_with_a_hint(capsys):
    status, _, err = run(
        capsys, "create-manager", "--organization", "Acme Cars", "--email", "boss@acme.test"
    )

    assert status == 1
    assert err == (
        "fleetcrew: There is no mobility provider called “Acme Cars”. "
        "Add --create-organization and --fleet NAME to create it.\n"
    )


def test_a_misspelt_organization_is_refused_with_the_closest_name(capsys):
    run(capsys, "seed-demo")

    status, out, err = run(
        capsys, "create-manager", "--organization", "demo mobilty", "--email", "lea@demo.test"
    )

    assert (status, out) == (1, "")
    assert err == (
        "fleetcrew: There is no mobility provider called “demo mobilty”. "
        "Did you mean “Demo Mobility”?\n"
    )


def test_organization_and_fleet_names_match_whatever_their_case(capsys):
    run(capsys, "seed-demo")

    status, out, err = run(
        capsys,
        "create-manager",
        "--organization",
        "demo MOBILITY",
        "--email",
        "lea@demo.test",
        "--fleet",
        "munich",
    )

    assert (status, err) == (0, "")
    assert out == "Manager lea@demo.test of Demo Mobility manages: Munich.\n"


@pytest.fixture
def terminal(monkeypatch):
    """A terminal that answers getpass with the given passwords, and records the prompts."""
    monkeypatch.delenv("FLEETCREW_MANAGER_PASSWORD")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    typed: list[str] = []
    prompts: list[str] = []

    def answer(prompt: str = "") -> str:
        prompts.append(prompt)
        return typed.pop(0)

    monkeypatch.setattr(getpass, "getpass", answer)
    return typed, prompts


def test_the_organization_is_checked_before_the_password_is_asked_for(capsys, terminal):
    typed, prompts = terminal
    typed.extend([MANAGER_PASSWORD, MANAGER_PASSWORD])

    status, _, err = run(
        capsys, "create-manager", "--organization", "Acme Cars", "--email", "boss@acme.test"
    )

    assert status == 1
    assert err.startswith("fleetcrew: There is no mobility provider called “Acme Cars”.")
    assert prompts == []


def test_two_different_passwords_are_refused_and_nothing_is_created(capsys, terminal):
    run(capsys, "seed-demo")
    typed, prompts = terminal
    typed.extend([MANAGER_PASSWORD, MANAGER_PASSWORD + "!"])

    status, out, err = run(
        capsys, "create-manager", "--organization", "Demo Mobility", "--email", "lea@demo.test"
    )
    again = run(capsys, "revoke-sessions", "--email", "lea@demo.test")

    assert (status, out) == (1, "")
    assert err == "fleetcrew: The two passwords differ; nothing was changed.\n"
    assert len(prompts) == 2
    assert again[0] == 1  # there is no such manager


def test_a_password_typed_twice_creates_the_manager(capsys, terminal):
    run(capsys, "seed-demo")
    typed, _ = terminal
    typed.extend([MANAGER_PASSWORD, MANAGER_PASSWORD])

    status, out, err = run(
        capsys, "create-manager", "--organization", "Demo Mobility", "--email", "lea@demo.test"
    )

    assert (status, err) == (0, "")
    assert out == "Manager lea@demo.test of Demo Mobility manages: Berlin, Munich.\n"


def test_no_terminal_and_no_password_variable_is_a_wrong_call(capsys, monkeypatch):
    run(capsys, "seed-demo")
    monkeypatch.delenv("FLEETCREW_MANAGER_PASSWORD")

    status, out, err = run(
        capsys, "create-manager", "--organization", "Demo Mobility", "--email", "lea@demo.test"
    )

    assert (status, out) == (2, "")
    assert err == (
        "fleetcrew: set FLEETCREW_MANAGER_PASSWORD or run create-manager in a terminal\n"
    )


def test_missing_arguments_are_a_wrong_call_without_a_traceback(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["create-manager", "--email", "lea@demo.test"])

    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert "the following arguments are required: --organization" in err
    assert "Traceback" not in err


def test_create_manager_can_create_the_organization_with_its_fleets(capsys):
    status, out, err = run(
        capsys,
        "create-manager",
        "--organization",
        "Acme Cars",
        "--email",
        "boss@acme.test",
        "--fleet",
        "Hamburg",
        "--fleet",
        "Bremen",
        "--create-organization",
    )

    assert (status, err) == (0, "")
    assert out == "Manager boss@acme.test of Acme Cars manages: Bremen, Hamburg.\n"


def test_create_organization_needs_a_fleet(capsys):
    status, _, err = run(
        capsys,
        "create-manager",
        "--organization",
        "Acme Cars",
        "--email",
        "boss@acme.test",
        "--create-organization",
    )

    assert status == 2
    assert err == "fleetcrew: --create-organization needs at least one --fleet NAME\n"


def test_revoke_sessions_of_an_unknown_manager_is_refused(capsys):
    status, _, err = run(capsys, "revoke-sessions", "--email", "nobody@demo.test")

    assert status == 1
    assert err == "fleetcrew: There is no manager with the e-mail address nobody@demo.test.\n"


def test_revoke_sessions_of_the_demo_manager(capsys):
    run(capsys, "seed-demo")

    status, out, _ = run(capsys, "revoke-sessions", "--email", "manager@demo.test")

    assert status == 0
    assert out == "Ended 0 session(s) of manager@demo.test.\n"


def test_an_unreachable_database_is_one_line_without_its_password(capsys, monkeypatch):
    monkeypatch.setenv(
        "FLEETCREW_DATABASE_URL", "postgresql+asyncpg://fleetcrew:db-secret@127.0.0.1:1/fleetcrew"
    )
    monkeypatch.setenv("FLEETCREW_SECRET_KEY", "a secret key shared by every replica")

    status, _, err = run(capsys, "migrate")

    assert status == 1
    assert err.startswith("fleetcrew: the database postgresql+asyncpg://fleetcrew:***@127.0.0.1:1/")
    assert "db-secret" not in err
    assert err.count("\n") == 1


def test_migrate_refuses_a_dangling_reference_in_one_line_naming_the_row(
    capsys, monkeypatch, tmp_path
):
    path = tmp_path / "old.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    monkeypatch.setenv("FLEETCREW_DATABASE_URL", url)
    command.upgrade(alembic_config(url), "0001")
    with sqlite3.connect(path) as db:  # foreign keys off, as in a database from before they were on
        db.execute(
            "INSERT INTO fleets (organization_id, name, time_zone, created_at) "
            "VALUES (999, 'Nowhere', 'UTC', '2026-11-01 08:00:00.000000')"
        )

    status, _, err = run(capsys, "migrate")

    assert status == 1
    assert err == (
        f"fleetcrew: the database {url} cannot be used: migration rolled "
        "back: 1 row(s) would refer to rows that do not exist: fleets row 1: organization_id "
        "→ organizations\n"
    )
