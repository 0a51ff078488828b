"""Migrations carry data forward and back: every table filled, the whole database compared.

The walk fills every table with a generated row (tests/generated_rows.py) at the first revision,
and each table a later step creates, so a new migration is tested without anyone writing data
for it. What a migration changes on purpose is declared in ON_PURPOSE, one entry per migration.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import make_url
from sqlalchemy.engine import Connection

from core.db.engine import create_engine
from core.db.migrate import DanglingReferences, alembic_config, migrate, migrate_url
from tests.conftest import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from tests.generated_rows import Rows, all_rows, differences, fill_new_tables, nearest_difference

T = TypeVar("T")


@dataclass(frozen=True)
class OnPurpose:
    """What one migration's upgrade does not carry through unchanged, by design."""

    # "table.column" (the table named as before the migration) whose values the upgrade drops
    # or rewrites: they are not compared after it, nor after a downgrade past it.
    lost_columns: frozenset[str] = frozenset()
    # Old table name → new: after the migration, its rows are looked for under the new name.
    renamed_tables: Mapping[str, str] = field(default_factory=dict)


# Revision → what it loses or renames on purpose; docs/architecture.md has an example. A
# migration not named here must keep every value of every row, on the way up and back down.
ON_PURPOSE: dict[str, OnPurpose] = {
    # Links are kept as hashes only; single-use team invitations became reusable team links.
    "0003": OnPurpose(
        lost_columns=frozenset({"fleet_connections.link_nonce", "team_invitations.link_nonce"}),
        renamed_tables={"team_invitations": "team_links"},
    ),
}

REVISIONS = [
    script.revision
    for script in reversed(
        list(ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions())
    )
]
FIRST, HEAD = REVISIONS[0], REVISIONS[-1]
LOST = "(lost on purpose)"
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


@pytest.fixture(params=BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database of this test's own: a SQLite file, or a PostgreSQL database made for it."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'fleetcrew.sqlite3'}"
        return
    assert POSTGRES_URL is not None
    url = asyncio.run(fresh_postgres_database(POSTGRES_URL, f"fleetcrew_walk_{os.getpid()}"))
    yield url
    asyncio.run(drop_postgres_database(POSTGRES_URL, url))


@pytest.fixture
def old_database(tmp_path) -> str:
    """A filled SQLite database at the first revision, with a fleet whose organization is gone."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    make_old_database_with_a_dangling_reference(url)
    return url


def test_every_row_survives_each_migration_the_way_back_and_the_way_forward_again(
    empty_database: str,
):
    assert ON_PURPOSE.keys() <= set(REVISIONS), "ON_PURPOSE names a revision that does not exist"
    config = alembic_config(empty_database)
    command.upgrade(config, FIRST)
    walked = {FIRST: on_database(empty_database, filled)}
    walked |= upgrade_one_step_at_a_time(config, empty_database, walked[FIRST])

    assert rows_missing_at_head(walked) == {}

    command.downgrade(config, FIRST)
    back = on_database(empty_database, all_rows)
    assert differences(without_lost(walked[FIRST], FIRST), without_lost(back, FIRST)) == {}

    again = upgrade_one_step_at_a_time(config, empty_database, back)
    assert differences(walked[HEAD], again[HEAD]) == {}


def test_fleetcrew_migrate_keeps_every_row_of_a_filled_database(empty_database: str):
    command.upgrade(alembic_config(empty_database), FIRST)
    before = on_database(empty_database, filled)

    migrate_url(empty_database)

    at_head = on_database(empty_database, all_rows)
    assert rows_missing_at_head({FIRST: before, HEAD: at_head}) == {}


def test_migrating_with_a_dangling_reference_changes_nothing_and_names_the_row(old_database):
    before = on_database(old_database, all_rows)

    with pytest.raises(DanglingReferences, match=r"fleets row 1: organization_id → organizations"):
        migrate_url(old_database)

    assert differences(before, on_database(old_database, all_rows)) == {}
    assert on_database(old_database, version) == FIRST


@pytest.mark.parametrize("dangling", [False, True], ids=["migrated", "rolled back"])
async def test_the_pooled_connection_enforces_foreign_keys_again_after_migrating(
    tmp_path, dangling: bool
):
    url = f"sqlite+aiosqlite:///{tmp_path / 'fleetcrew.sqlite3'}"
    if dangling:
        await asyncio.to_thread(make_old_database_with_a_dangling_reference, url)
    engine = create_engine(url)
    try:
        with pytest.raises(DanglingReferences) if dangling else nullcontext():
            await migrate(engine)
        assert engine.pool.checkedin() == 1  # the connection that migrated is the one reused
        async with engine.connect() as connection:
            assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
    finally:
        await engine.dispose()


async def test_sqlite_refuses_to_migrate_inside_a_transaction_begun_elsewhere(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'fleetcrew.sqlite3'}"

    def upgrade(connection: Connection) -> None:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    engine = create_engine(url)
    try:
        # Inside a transaction SQLite would keep foreign keys on, and cascade rows away.
        async with engine.begin() as connection:
            with pytest.raises(RuntimeError, match="inside a transaction"):
                await connection.run_sync(upgrade)
    finally:
        await engine.dispose()


def test_team_members_keep_their_language_when_it_moves_to_their_chat(tmp_path):
    path = tmp_path / "old.sqlite3"
    config = alembic_config(f"sqlite+aiosqlite:///{path}")
    command.upgrade(config, "0001")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO service_partners (id, partner_code, name, created_at) "
            "VALUES (1, 'DEMO1', 'Demo Installers', '2026-11-01 08:00:00.000000')"
        )
        db.execute(
            "INSERT INTO technicians (telegram_user_id, partner_id, role, display_name, "
            "language, joined_at) VALUES (700001, 1, 'PARTNER_ADMIN', 'Petra Admin', 'de', "
            "'2026-11-01 08:00:00.000000')"
        )

    command.upgrade(config, "head")

    with sqlite3.connect(path) as db:
        chats = db.execute("SELECT id, name, language FROM telegram_chats").fetchall()
        columns = [row[1] for row in db.execute("PRAGMA table_info(technicians)")]
    assert chats == [(700001, "Petra Admin", "de")]
    assert "language" not in columns

    command.downgrade(config, "0001")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT language FROM technicians").fetchall() == [("de",)]


def make_old_database_with_a_dangling_reference(url: str) -> None:
    """Fill a database at the first revision, then add a fleet of an organization that is gone."""
    command.upgrade(alembic_config(url), FIRST)
    on_database(url, fill_new_tables)
    # sqlite3 leaves foreign keys off, as a database written before they were on would be.
    with sqlite3.connect(make_url(url).database) as db:
        db.execute(
            "INSERT INTO fleets (id, organization_id, name, time_zone, created_at) "
            "VALUES (1, 999, 'Nowhere', 'UTC', '2026-11-01 08:00:00.000000')"
        )


def upgrade_one_step_at_a_time(config: Config, url: str, first: Rows) -> dict[str, Rows]:
    """From the first revision to head, filling each step's new tables that are still empty."""
    walked = {}
    tables = first.keys()
    for revision in REVISIONS[1:]:
        command.upgrade(config, revision)
        walked[revision] = on_database(url, partial(filled, existing=tables))
        tables = walked[revision].keys()
    return walked


def filled(connection: Connection, existing: Collection[str] = ()) -> Rows:
    """Every row, after a generated one went into each empty table not in existing."""
    fill_new_tables(connection, existing)
    return all_rows(connection)


def version(connection: Connection) -> str:
    """The revision Alembic has recorded."""
    return str(connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one())


def on_database(url: str, work: Callable[[Connection], T]) -> T:
    """Run work in one committed transaction over FleetCrew's own engine for url."""

    async def run() -> T:
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                return await connection.run_sync(work)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def rows_missing_at_head(walked: dict[str, Rows]) -> dict[str, Any]:
    """Rows read after an earlier step that head lacks, in the columns it kept: how head's
    nearest row differs from each."""
    head = walked[HEAD]
    missing: dict[str, Any] = {}
    for revision, tables in walked.items():
        for table, rows in tables.items():
            name, lost = fate(table, revision)
            if name not in head:
                missing[f"{table} after {revision}"] = f"no table {name} at head: see ON_PURPOSE"
                continue
            for row in rows:
                kept = {c for c in row if head[name] and c in head[name][0]} - lost
                difference = nearest_difference(row, head[name], kept)
                if difference:
                    missing.setdefault(f"{table} after {revision}", []).append(difference)
    return missing


def without_lost(rows: Rows, since: str) -> Rows:
    """The rows, each value a migration after since loses on purpose replaced by a marker."""
    marked = {}
    for table, table_rows in rows.items():
        lost = fate(table, since)[1]
        marked[table] = [{c: LOST if c in lost else v for c, v in r.items()} for r in table_rows]
    return marked


def fate(table: str, since: str) -> tuple[str, set[str]]:
    """The table's name at head, and its columns the migrations after since lose on purpose."""
    lost = set()
    for revision in REVISIONS[REVISIONS.index(since) + 1 :]:
        purpose = ON_PURPOSE.get(revision, OnPurpose())
        lost |= {c.split(".")[1] for c in purpose.lost_columns if c.split(".")[0] == table}
        table = purpose.renamed_tables.get(table, table)
    return table, lost
