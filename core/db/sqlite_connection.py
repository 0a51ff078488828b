"""aiosqlite with one trip to SQLite's thread per statement.

aiosqlite runs every sqlite3 call in the connection's own thread and waits for its answer:
making the cursor, executing, fetching the rows and closing the cursor are four trips through
the event loop for each SELECT SQLAlchemy runs, and each trip costs the loop about as much as
SQLite takes for a small statement. A OneTripCursor does all of it in one trip and keeps the rows
and what the statement reported; a transaction's BEGIN goes in its first statement's trip, and a
commit or rollback with no transaction open makes no trip. A transaction begun "then in place"
runs its statements after the first one on the caller's thread, with no trip at all (see
begin_with_next_statement). The rest of aiosqlite (its thread, close) is as it is. It reaches
into aiosqlite's Connection as SQLAlchemy's dialect does, so pyproject holds aiosqlite to the
minor version this was written against.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

import aiosqlite

Outcome = tuple[Any, int, int | None, list[Any]]  # description, rowcount, lastrowid, rows
EVERY_STATEMENT = ("",)  # what an IMMEDIATE transaction runs in place: each statement begins so
READS = ("SELECT",)  # what a DEFERRED one does (a "WITH" may go on to write)
ITER_CHUNK_SIZE = 64  # aiosqlite.connect()'s default


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors go to its thread once per statement."""

    _begin: str | None = None  # the BEGIN that goes with the next statement, in its trip
    _then_in_place = False  # whether the statements after that BEGIN's trip run in place
    _in_place: tuple[str, ...] = ()  # how the statements run in place now begin (none: ())

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        """A cursor, at once: the sqlite3 cursor is made in each statement's trip."""
        return OneTripCursor(self)

    def begin_with_next_statement(self, begin: str, *, then_in_place: bool = False) -> None:
        """Begin the transaction in the next statement's trip, not in a trip of its own.

        then_in_place: the transaction's later statements run on the caller's thread, for work
        of a few small statements, where a trip costs the loop more than SQLite takes. Only
        after the BEGIN, which may wait for another process's write lock: once an IMMEDIATE
        transaction holds the lock, its statements wait for nothing (WAL's readers never block
        the writer), and a DEFERRED one runs only SELECTs in place (a write would wait for the
        lock). Commit and rollback still go to the thread (a commit may checkpoint the WAL).
        """
        self._begin = begin
        self._then_in_place = then_in_place

    async def commit(self) -> None:
        """Commit; at once when no transaction began (nothing was run since BEGIN was asked)."""
        self._begin, self._in_place = None, ()
        if self._conn.in_transaction:
            await super().commit()

    async def rollback(self) -> None:
        """Roll back; at once when no transaction is open, as when the pool resets a connection
        given back after its commit or rollback (a trip to the thread for nothing)."""
        self._begin, self._in_place = None, ()
        if self._conn.in_transaction:
            await super().rollback()

    async def run(
        self, sql: str, parameters: Sequence[Any] | list[Sequence[Any]], many: bool
    ) -> Outcome:
        """Run one statement in the connection's thread (after the BEGIN asked for, if any):
        execute, fetch, close."""
        begin, self._begin = self._begin, None
        if begin is None and self._conn.in_transaction and sql.startswith(self._in_place):
            return _run(self._conn, sql, parameters, many, None)
        call = partial(_run, self._conn, sql, parameters, many, begin)
        outcome: Outcome = await self._execute(call)  # type: ignore[no-untyped-call]
        if begin is not None:
            writes = "IMMEDIATE" in begin
            self._in_place = (EVERY_STATEMENT if writes else READS) if self._then_in_place else ()
        return outcome


class OneTripCursor:
    """The DB-API cursor SQLAlchemy's aiosqlite dialect drives, with the rows fetched ahead."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self._rows: deque[Any] = deque()
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> OneTripCursor:
        """Execute, and fetch every row, in one trip."""
        self._take(await self._connection.run(sql, parameters or (), many=False))
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> OneTripCursor:
        """Execute for each set of parameters, in one trip."""
        self._take(await self._connection.run(sql, list(parameters), many=True))
        return self

    def _take(self, outcome: Outcome) -> None:
        self.description, self.rowcount, self.lastrowid, rows = outcome
        self._rows = deque(rows)

    async def fetchone(self) -> Any:
        """The next row, or None."""
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        """The next size rows (arraysize of them by default)."""
        count = self.arraysize if size is None else size
        return [self._rows.popleft() for _ in range(min(count, len(self._rows)))]

    async def fetchall(self) -> list[Any]:
        """Every row not fetched yet."""
        rows = list(self._rows)
        self._rows.clear()
        return rows

    async def close(self) -> None:
        """Forget the rows; the sqlite3 cursor was closed in its trip."""
        self._rows.clear()


def _run(
    connection: sqlite3.Connection, sql: str, parameters: Any, many: bool, begin: str | None
) -> Outcome:
    if begin is not None:
        connection.execute(begin).close()
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def connect(database: str, **options: Any) -> OneTripConnection:
    """A connection to a database file, made as aiosqlite.connect() makes one (await it)."""
    connection = OneTripConnection(partial(sqlite3.connect, database, **options), ITER_CHUNK_SIZE)
    connection._thread.daemon = True  # as SQLAlchemy's dialect sets it for aiosqlite's own
    return connection
