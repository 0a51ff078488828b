"""The database a suite runs on: SQLite always, and PostgreSQL too when CI provides one.

A suite's conftest imports `database_url` from here to run every test on both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL, sqlite_url

BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> str:
    """This test's database: a migrated SQLite copy, or the emptied PostgreSQL test database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_migrated"))
    return sqlite_url(sqlite_template, tmp_path)
