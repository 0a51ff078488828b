"""The async engine: SQLite with WAL, busy_timeout and foreign keys, or PostgreSQL via asyncpg."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from core.db import sqlite_connection

BEGIN_MODE = "fleetcrew_sqlite_begin"
IN_PLACE = "fleetcrew_sqlite_in_place"  # see OneTripConnection.begin_with_next_statement


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Create the engine for a database URL, with SQLite set up for concurrent use."""
    # Bound values are password hashes, token hashes, e-mail addresses: an error that reaches
    # a log must not carry them.
    if url.startswith("sqlite"):
        # One trip to SQLite's thread per statement (core.db.sqlite_connection), to the file
        # and with the options SQLAlchemy's aiosqlite dialect would open it with.
        (database,), options = SQLiteDialect_aiosqlite().create_connect_args(make_url(url))
        connect = partial(
            sqlite_connection.connect,
            database,
            **options,
            timeout=sqlite_connection.BUSY_TIMEOUT_MS / 1000,
        )
        engine = create_async_engine(url, echo=echo, hide_parameters=True, async_creator=connect)
        _configure_sqlite(engine)
        return engine
    return create_async_engine(url, echo=echo, hide_parameters=True, pool_pre_ping=True)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={sqlite_connection.BUSY_TIMEOUT_MS}")
        # WAL is a property of the file: switch once, not on every connect, since switching
        # needs a lock that another connection's open transaction would refuse.
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0] != "wal":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA wal_autocheckpoint={sqlite_connection.WAL_AUTOCHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Read-then-write transactions take the write lock up front, so two of them cannot
        # both read and then fail to upgrade; read-only ones stay deferred.
        options = conn.get_execution_options()
        mode = options.get(BEGIN_MODE, "IMMEDIATE")
        # Sent in the trip of the transaction's first statement (a failed BEGIN fails it).
        driver = conn.connection.driver_connection
        assert isinstance(driver, sqlite_connection.OneTripConnection)
        driver.begin_with_next_statement(f"BEGIN {mode}", in_place=bool(options.get(IN_PLACE)))
