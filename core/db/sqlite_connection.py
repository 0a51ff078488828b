"""aiosqlite with one trip to SQLite's thread per statement, or none for small work.

aiosqlite runs every sqlite3 call in the connection's own thread and waits for its answer:
making the cursor, executing, fetching the rows and closing the cursor are four trips through
the event loop for each SELECT SQLAlchemy runs, and each trip costs the loop about as much as
SQLite takes for a small statement. A OneTripCursor does all of it in one trip and keeps the rows
and what the statement reported; a transaction's BEGIN goes in its first statement's trip, and a
commit or rollback with no transaction open makes no trip. A transaction begun "in place" makes
no trip at all while nothing would wait for a lock (see begin_with_next_statement). The rest of
aiosqlite (its thread, close) is as it is. It reaches into aiosqlite's Connection as
SQLAlchemy's dialect does, so pyproject holds aiosqlite to the minor version this was written
against.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

import aiosqlite

Outcome = tuple[Any, int, int | None, list[Any]]  # description, rowcount, lastrowid, rows
BUSY_TIMEOUT_MS = 5000  # how long a statement waits for another connection's lock
WAL_AUTOCHECKPOINT_PAGES = 1000  # SQLite's default: a commit past it folds the WAL into the file
EVERY_STATEMENT = ("",)  # what an IMMEDIATE transaction runs in place: each statement begins so
READS = ("SELECT",)  # what a DEFERRED one does (a "WITH" may go on to write)
ITER_CHUNK_SIZE = 64  # aiosqlite.connect()'s default


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors go to its thread once per statement."""

    _begin: str | None = None  # the BEGIN that goes with the next statement, in its trip
    _then_in_place = False  # whether that BEGIN's transaction runs in place where it can
    _in_place: tuple[str, ...] = ()  # how the statements run in place now begin (none: ())

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        """A cursor, at once: the sqlite3 cursor is made in each statement's trip."""
        return OneTripCursor(self)

    def begin_with_next_statement(self, begin: str, *, in_place: bool = False) -> None:
        """Begin the transaction with the next statement, not in a trip of its own.

        in_place: for work of a few small statements, where a trip costs the loop more than
        SQLite takes, the transaction runs on the caller's thread wherever nothing in it would
        wait for a lock. An IMMEDIATE BEGIN is tried in place without waiting, and goes to the
        thread (with the busy timeout) only when another connection holds the write lock, as a
        CLI import does, or recovers the WAL; once it holds the lock, its statements wait for
        nothing (WAL's readers never block the writer). A DEFERRED one takes its read lock with
        its first statement, which goes to the thread with the BEGIN (another connection's WAL
        recovery would make it wait), and runs its later SELECTs in place; a write in it would
        wait for the write lock, so it goes to the thread too. Commit and rollback wait for
        nothing in WAL; an in-place commit leaves the WAL to grow rather than fold it into the
        file there and then (see checkpoint).
        """
        self._begin = begin
        self._then_in_place = in_place

    async def commit(self) -> None:
        """Commit; at once when no transaction began (nothing was run since BEGIN was asked)."""
        self._begin, in_place, self._in_place = None, self._in_place, ()
        if not self._conn.in_transaction:
            return
        if not in_place:
            await super().commit()
            return
        # Folding the WAL into the file writes and syncs up to a thousand pages: not on the
        # loop. The scheduler's checkpoint does it on the thread.
        self._conn.execute("PRAGMA wal_autocheckpoint=0").close()
        try:
            self._conn.commit()
        finally:
            self._conn.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}").close()

    async def rollback(self) -> None:
        """Roll back; at once when no transaction is open, as when the pool resets a connection
        given back after its commit or rollback (a trip to the thread for nothing)."""
        self._begin, in_place, self._in_place = None, self._in_place, ()
        if not self._conn.in_transaction:
            return
        if in_place:
            self._conn.rollback()
        else:
            await super().rollback()

    async def checkpoint(self) -> None:
        """Fold the WAL into the database file as far as readers allow, on the thread."""
        call = partial(_run, self._conn, "PRAGMA wal_checkpoint(PASSIVE)", (), False, None)
        await self._execute(call)  # type: ignore[no-untyped-call]

    async def run(
        self, sql: str, parameters: Sequence[Any] | list[Sequence[Any]], many: bool
    ) -> Outcome:
        """Run one statement (after the BEGIN asked for, if any): in place when the transaction
        runs so, else in the connection's thread: execute, fetch, close."""
        begin, self._begin = self._begin, None
        if begin is not None and self._then_in_place and self._began_immediate_in_place(begin):
            begin = None
        if begin is None and self._conn.in_transaction and sql.startswith(self._in_place):
            return _run(self._conn, sql, parameters, many, None)
        call = partial(_run, self._conn, sql, parameters, many, begin)
        outcome: Outcome = await self._execute(call)  # type: ignore[no-untyped-call]
        if begin is not None and self._then_in_place:
            self._in_place = EVERY_STATEMENT if "IMMEDIATE" in begin else READS
        return outcome

    def _began_immediate_in_place(self, begin: str) -> bool:
        """An IMMEDIATE BEGIN on the caller's thread; False (nothing begun) for any other, and
        when it would wait for a lock."""
        if "IMMEDIATE" not in begin:
            return False
        connection = self._conn
        connection.execute("PRAGMA busy_timeout=0").close()
        try:
            connection.execute(begin).close()
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:  # BUSY_RECOVERY, too
                raise
            return False  # another connection writes or recovers: wait for it on the thread
        finally:
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}").close()
        self._in_place = EVERY_STATEMENT
        return True


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
