"""The database as FleetCrew sets it up: migrations match the models; SQLite is safe to share."""

from __future__ import annotations

import asyncio
import os
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from core.actors import Manager
from core.db.engine import create_engine
from core.db.migrate import head_revision, migrate
from core.db.models import Base, FleetConnection
from core.db.sqlite_connection import OneTripConnection
from core.db.uow import UnitOfWorkFactory
from core.errors import Conflict
from core.links import DeepLinks
from core.services import partners
from tests.backends import sqlite_threads
from tests.conftest import drop_postgres_database, fresh_postgres_database
from tests.factories import make_manager, make_provider


async def test_migrations_create_exactly_the_models(engine):
    def differences(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    async with engine.connect() as connection:
        pragmas = [
            (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        ]
    assert pragmas[0] == "wal"
    assert pragmas[1] >= 5000
    assert pragmas[2] == 1


async def test_sqlite_statements_report_rows_counts_and_new_ids_in_one_trip_each(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's connection")
    async with engine.begin() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.driver_connection, OneTripConnection)
        await connection.execute(
            text("CREATE TEMP TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)")
        )
        many = await connection.execute(
            text("INSERT INTO t (v) VALUES (:v)"), [{"v": "a"}, {"v": "b"}, {"v": "c"}]
        )
        one = await connection.execute(text("INSERT INTO t (v) VALUES ('d')"))
        returned = await connection.execute(text("INSERT INTO t (v) VALUES ('e') RETURNING id"))
        changed = await connection.execute(text("UPDATE t SET v = v || '!' WHERE id <= 2"))
        rows = (await connection.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
        with pytest.raises(IntegrityError):
            await connection.execute(text("INSERT INTO t (v) VALUES ('c')"))

    assert many.rowcount == 3
    assert one.lastrowid == 4
    assert returned.scalar_one() == 5
    assert changed.rowcount == 2
    assert [tuple(row) for row in rows] == [(1, "a!"), (2, "b!"), (3, "c"), (4, "d"), (5, "e")]


def _another_process(database_url: str) -> sqlite3.Connection:
    """A connection to the test's SQLite file as another process has one: no busy waiting,
    transactions begun by hand."""
    other = sqlite3.connect(database_url.removeprefix("sqlite+aiosqlite:///"), timeout=0)
    other.isolation_level = None
    return other


async def test_sqlite_writing_work_holds_the_write_lock_from_its_first_statement_reading_not(
    uow: UnitOfWorkFactory, database_url: str
):
    if uow.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's one write lock")
    other = _another_process(database_url)

    def other_may_write() -> bool:
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return False
        other.execute("ROLLBACK")
        return True

    try:
        async with uow() as work:  # BEGIN goes with the first statement, IMMEDIATE still
            assert other_may_write()
            await work.session.execute(select(func.count()).select_from(FleetConnection))
            assert not other_may_write()
        assert other_may_write()
        async with uow.read_only() as work:
            await work.session.execute(select(func.count()).select_from(FleetConnection))
            assert other_may_write()
        async with uow.in_place()() as work:
            await work.session.execute(select(func.count()).select_from(FleetConnection))
            assert not other_may_write()
        async with uow.engine.begin() as connection:  # a migration's transaction, say
            await connection.execute(select(func.count()).select_from(FleetConnection))
            assert not other_may_write()
        assert other_may_write()
    finally:
        other.close()


async def test_sqlite_statements_dispatch_no_engine_events(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's engine")
    # With any listener on the engine, SQLAlchemy dispatches four events around every
    # statement: how a transaction begins is the dialect's and the session's (OneTripDialect).
    assert not engine.sync_engine._has_events


async def test_sqlite_in_place_work_runs_on_the_loops_thread_where_it_would_wait_for_no_lock(
    uow: UnitOfWorkFactory,
):
    if uow.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's thread")
    select_thread = "SELECT thread_id()"
    write_thread = "INSERT INTO t (v) VALUES (thread_id()) RETURNING v"
    async with uow() as work:
        await work.session.execute(text("CREATE TEMP TABLE t (v INTEGER)"))
        await work.commit()
    async with uow.in_place()() as work:
        writing = await sqlite_threads(work, [select_thread, write_thread, select_thread])
        await work.commit()
    # Reading: the first statement takes the read lock, which another connection's recovery
    # of the WAL would make wait; a write would wait for the write lock.
    async with uow.in_place().read_only() as work:
        reading = await sqlite_threads(work, [select_thread, select_thread, write_thread])
    async with uow() as work:
        elsewhere = await sqlite_threads(work, [select_thread, write_thread, select_thread])

    assert writing == ["loop", "loop", "loop"]
    assert reading == ["sqlite", "loop", "sqlite"]
    assert elsewhere == ["sqlite", "sqlite", "sqlite"]


async def test_sqlite_in_place_work_waits_for_another_process_write_lock_off_the_loop(
    uow: UnitOfWorkFactory, database_url: str
):
    if uow.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's one write lock")
    other = _another_process(database_url)

    async def count_connections() -> tuple[int, list[str], int]:
        async with uow.in_place()() as work:
            threads = await sqlite_threads(work, ["SELECT thread_id()", "SELECT thread_id()"])
            found = await work.session.scalar(select(func.count()).select_from(FleetConnection))
            busy_timeout = await work.session.scalar(text("PRAGMA busy_timeout"))
            await work.commit()
            return int(found or 0), threads, int(busy_timeout or 0)

    assert await count_connections() == (0, ["loop", "loop"], 5000)  # the lock is free
    other.execute("BEGIN IMMEDIATE")  # the CLI importing, say
    try:
        waiting = asyncio.create_task(count_connections())
        for _ in range(200):  # the loop goes on while the BEGIN waits in SQLite's thread
            await asyncio.sleep(0)
        assert not waiting.done()
        other.execute("ROLLBACK")
        assert await waiting == (0, ["sqlite", "loop"], 5000)
    finally:
        other.close()


def _file_size(path: str) -> int:
    """The database file's bytes on disk (what is still in its write-ahead log not counted)."""
    return os.path.getsize(path)


async def test_sqlite_in_place_commits_leave_the_write_ahead_log_to_the_checkpoint(
    uow: UnitOfWorkFactory, database_url: str
):
    if uow.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write-ahead log")
    database = database_url.removeprefix("sqlite+aiosqlite:///")
    blob = 8_000_000  # 2,000 pages: twice what makes an ordinary commit fold the log in
    insert = text("INSERT INTO blobs (b) VALUES (zeroblob(:n))")
    async with uow() as work:
        await work.session.execute(text("CREATE TABLE blobs (b BLOB)"))
        await work.commit()
    await uow.checkpoint()
    before = _file_size(database)

    async with uow.in_place()() as work:  # a technician's press, on the loop
        await work.session.execute(insert, {"n": blob})
        await work.commit()
    after_press = _file_size(database)
    await uow.checkpoint()  # the scheduler's, in SQLite's thread
    after_checkpoint = _file_size(database)
    async with uow() as work:  # the admin web's work folds the log in as it commits
        await work.session.execute(insert, {"n": blob})
        await work.commit()
    after_web = _file_size(database)

    assert after_press == before
    assert after_checkpoint > before + blob
    assert after_web > after_checkpoint + blob


async def test_foreign_keys_are_enforced(uow: UnitOfWorkFactory):
    async with uow() as work:
        with pytest.raises(Exception, match=r"(?i)foreign key"):
            await work.session.execute(
                text(
                    "INSERT INTO fleets (organization_id, name, time_zone, created_at) "
                    "VALUES (999, 'Nowhere', 'UTC', CURRENT_TIMESTAMP)"
                )
            )


async def test_two_managers_inviting_the_same_partner_at_once_make_one_invitation(
    uow: UnitOfWorkFactory, passwords, links: DeepLinks
):
    fleets = await make_provider(uow)
    managers: list[Manager] = [
        await make_manager(
            uow,
            passwords,
            organization_id=fleets["organization"],
            fleet_ids=[fleets["Berlin"]],
            email=f"m{index}@demo.test",
        )
        for index in range(2)
    ]

    async def invite(manager: Manager):
        async with uow() as work:
            return await partners.invite_partner(
                work,
                manager,
                fleet_id=fleets["Berlin"],
                email="partner@example.com",
                allow_override=False,
                links=links,
            )

    results = await asyncio.gather(*(invite(m) for m in managers), return_exceptions=True)

    assert sorted(type(result).__name__ for result in results) == ["Conflict", "InvitationLink"]
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception))
    async with uow.read_only() as work:
        assert await work.session.scalar(select(func.count()).select_from(FleetConnection)) == 1


async def test_sqlite_writers_take_turns_and_the_next_begins_when_the_last_ends(
    uow: UnitOfWorkFactory,
):
    if uow.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's one writer")
    order: list[str] = []
    first_writes = asyncio.Event()

    async def first() -> None:
        async with uow() as work:
            await work.session.execute(text("UPDATE fleets SET name = name"))  # the write lock
            first_writes.set()
            for _ in range(20):  # others run meanwhile, as while a handler awaits its statements
                await asyncio.sleep(0)
            order.append("first ends")
            await work.commit()

    async def second() -> None:
        await first_writes.wait()
        async with uow() as work:
            order.append("second begins")
            await work.session.execute(text("UPDATE fleets SET name = name"))
            await work.commit()

    await asyncio.wait_for(asyncio.gather(first(), second()), timeout=10)

    assert order == ["first ends", "second begins"]


async def test_a_writers_turn_ends_with_its_commit(uow: UnitOfWorkFactory):
    committed, second_done = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with uow() as work:
            await work.session.execute(text("UPDATE fleets SET name = name"))
            await work.commit()
            committed.set()
            await second_done.wait()  # slow work after the commit, as sign-in's password check

    async def second() -> None:
        await committed.wait()
        async with uow() as work:
            await work.session.execute(text("UPDATE fleets SET name = name"))
            await work.commit()
        second_done.set()

    await asyncio.wait_for(asyncio.gather(first(), second()), timeout=10)


async def test_a_unit_of_work_opened_inside_another_of_the_same_task_does_not_wait_for_it(
    uow: UnitOfWorkFactory,
):
    async def nested() -> int | None:
        async with uow() as outer:
            async with uow() as inner:
                await inner.session.execute(text("UPDATE fleets SET name = name"))
                await inner.commit()
            return await outer.session.scalar(select(func.count()).select_from(FleetConnection))

    assert await asyncio.wait_for(nested(), timeout=10) == 0


async def test_two_replicas_starting_at_once_both_migrate(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("replicas share a PostgreSQL database; SQLite serves one process")
    url = await fresh_postgres_database(database_url, f"fleetcrew_migrate_{os.getpid()}")
    engines = [create_engine(url) for _ in range(2)]
    try:
        await asyncio.gather(*(migrate(engine) for engine in engines))
        async with engines[0].connect() as connection:
            version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == head_revision()
    finally:
        for engine in engines:
            await engine.dispose()
        await drop_postgres_database(database_url, url)
