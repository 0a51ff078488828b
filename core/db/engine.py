"""The async engine: SQLite with WAL, busy_timeout and foreign keys, or PostgreSQL via asyncpg."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import PoolProxiedConnection

from core.db import sqlite_connection

BEGIN_MODE = "fleetcrew_sqlite_begin"
IN_PLACE = "fleetcrew_sqlite_in_place"  # see OneTripConnection.begin_with_next_statement
ONE_TRIP_DRIVER = "sqlite+fleetcrew_one_trip"


class OneTripDialect(SQLiteDialect_aiosqlite):
    """SQLAlchemy's aiosqlite dialect, whose BEGIN goes with the transaction's first statement.

    Read-then-write transactions take the write lock up front, so two of them cannot both read
    and then fail to upgrade: BEGIN IMMEDIATE, in SQLite's thread, for every transaction (a
    migration's, say); a unit of work asks for its own as its session begins (see
    begin_as_asked). A dialect rather than an engine's "begin" listener: an engine with any
    listener dispatches four events around each statement, 4 % of the bot's Python calls.
    """

    supports_statement_cache = True  # it compiles as its parent does

    def do_begin(self, dbapi_connection: PoolProxiedConnection) -> None:
        """Sent in the trip of the transaction's first statement (a failed BEGIN fails it)."""
        _one_trip(dbapi_connection).begin_with_next_statement("BEGIN IMMEDIATE")


registry.register(ONE_TRIP_DRIVER.replace("+", "."), __name__, OneTripDialect.__name__)


def begin_as_asked(connection: Connection) -> None:
    """Begin the transaction just begun on connection as its execution options ask, on SQLite:
    DEFERRED for work that only reads, in place for a technician's (see IN_PLACE)."""
    options = connection.get_execution_options()
    if connection.dialect.name != "sqlite" or not (BEGIN_MODE in options or IN_PLACE in options):
        return
    begin = f"BEGIN {options.get(BEGIN_MODE, 'IMMEDIATE')}"
    in_place = bool(options.get(IN_PLACE))
    _one_trip(connection.connection).begin_with_next_statement(begin, in_place=in_place)


def _one_trip(connection: PoolProxiedConnection) -> sqlite_connection.OneTripConnection:
    driver = connection.driver_connection
    assert isinstance(driver, sqlite_connection.OneTripConnection)
    return driver


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
        engine = create_async_engine(
            make_url(url).set(drivername=ONE_TRIP_DRIVER),
            echo=echo,
            hide_parameters=True,
            async_creator=connect,
        )
        _configure_sqlite(engine)
        return engine
    return create_async_engine(url, echo=echo, hide_parameters=True, pool_pre_ping=True)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see OneTripDialect).
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
