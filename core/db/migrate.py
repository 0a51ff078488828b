"""Bring a database to the newest schema with Alembic, keeping every row and reference."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from core.db.engine import create_engine

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_KEY = 0x466C65657443  # "FleetC": the advisory lock that serializes migrations
SHOWN_DANGLING = 10
MIGRATING = "fleetcrew_migrating"  # in Connection.info while migration_transaction runs


class DanglingReferences(Exception):
    """A migration would have left rows referring to rows that do not exist; nothing changed."""


def alembic_config(url: str) -> Config:
    """An Alembic configuration for FleetCrew's migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def migrate(engine: AsyncEngine) -> None:
    """Apply every migration not yet applied, over the engine's own connection."""

    def upgrade(connection: Connection) -> None:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        # Begun before Alembic sets up its process-wide context, so that two engines migrating
        # in one process wait for each other here, not inside it.
        with migration_transaction(connection):
            command.upgrade(config, "head")

    async with engine.connect() as connection:
        await connection.run_sync(upgrade)


def migrate_url(url: str) -> None:
    """Apply every migration to the database at url (for the command line)."""

    async def run() -> None:
        engine = create_engine(url)
        try:
            await migrate(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())


@contextmanager
def migration_transaction(connection: Connection) -> Iterator[None]:
    """The one transaction of a migration run, on a connection that has not begun one yet."""
    if connection.info.get(MIGRATING):
        yield  # begun by migrate(); env.py runs inside it
        return
    connection.info[MIGRATING] = True
    try:
        with _transaction(connection):
            yield
    finally:
        del connection.info[MIGRATING]


@contextmanager
def _transaction(connection: Connection) -> Iterator[None]:
    if connection.dialect.name == "postgresql":
        with connection.begin():
            # Replicas starting together take turns; SQLite's BEGIN IMMEDIATE does the same.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            yield
        return
    # Rebuilding a table (Alembic's batch mode) drops the old one, and with foreign keys on that
    # drop applies every child's ON DELETE: references set NULL, rows cascaded away. So SQLite
    # migrates with them off and checks every reference before it commits instead.
    _switch_foreign_keys(connection, on=False)
    try:
        with connection.begin():
            yield
            _refuse_dangling_references(connection)
    finally:
        # The connection goes back to the pool, where everyone else relies on foreign keys.
        _switch_foreign_keys(connection, on=True)


def head_revision() -> str:
    """The newest migration's revision: what a migrated database's alembic_version holds."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def _switch_foreign_keys(connection: Connection, *, on: bool) -> None:
    # SQLite ignores this pragma inside a transaction, and SQLAlchemy begins one for any
    # statement it runs itself: so the pragma goes straight to the driver, and is read back.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
        cursor.execute("PRAGMA foreign_keys")
        row = cursor.fetchone()
    finally:
        cursor.close()
    if row is None or bool(row[0]) != on:
        raise RuntimeError(
            "SQLite foreign keys cannot be switched inside a transaction: migrate over a "
            "connection that has not begun one"
        )


def _refuse_dangling_references(connection: Connection) -> None:
    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if not dangling:
        return
    shown = [_dangling_row(connection, *row) for row in dangling[:SHOWN_DANGLING]]
    more = len(dangling) - len(shown)
    raise DanglingReferences(
        f"migration rolled back: {len(dangling)} row(s) would refer to rows that do not exist: "
        + "; ".join(shown)
        + (f"; and {more} more" if more else "")
    )


def _dangling_row(connection: Connection, table: str, rowid: Any, parent: str, key_id: int) -> str:
    keys = connection.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').all()
    columns = ", ".join(str(key[3]) for key in keys if key[0] == key_id)  # id, seq, table, from
    return f"{table} row {rowid}: {columns} → {parent}"
