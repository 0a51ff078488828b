"""The database a suite runs on: SQLite always, and PostgreSQL too when CI provides one.

A suite's conftest imports `database_url` from here to run every test on both.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from core.db.sqlite_connection import OneTripConnection
from core.db.uow import UnitOfWork
from tests.conftest import POSTGRES_URL, sqlite_url

BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> str:
    """This test's database: a migrated SQLite copy, or the emptied PostgreSQL test database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_migrated"))
    return sqlite_url(sqlite_template, tmp_path)


async def sqlite_threads(work: UnitOfWork, statements: list[str]) -> list[str]:
    """Which thread ran each statement of this SQLite work: "loop" (the caller's) or "sqlite".

    A statement learns its thread from SQLite's function thread_id().
    """
    connection = await work.session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    assert isinstance(driver, OneTripConnection)
    driver._conn.create_function("thread_id", 0, threading.get_ident)
    ran = [(await work.session.execute(text(sql))).scalar() for sql in statements]
    return ["loop" if ident == threading.get_ident() else "sqlite" for ident in ran]
