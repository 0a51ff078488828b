"""The unit of work: one transaction per request or update, rolled back unless committed."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, SessionTransaction

from core.clock import Clock
from core.db.engine import BEGIN_MODE, IN_PLACE, begin_as_asked
from core.db.sqlite_connection import OneTripConnection


class WorkSession(Session):
    """A unit of work's session: its transaction begins as its factory asks (see in_place)."""


@event.listens_for(WorkSession, "after_begin")
def _begin_as_asked(
    _session: Session, transaction: SessionTransaction, connection: Connection
) -> None:
    if not transaction.nested:  # a SAVEPOINT goes on in the transaction begun
        begin_as_asked(connection)


class UnitOfWork:
    """Holds one session and the clock; services commit it, nothing else does."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        factory: UnitOfWorkFactory | None = None,
        writers: WriterTurns | None = None,
    ) -> None:
        self._sessions = sessions
        self.clock = clock
        self._session: AsyncSession | None = None
        self._factory = factory
        self._writers = writers
        self._has_turn = False
        self._rings_after_commit = False
        self._box_commands_queued = False
        self._alarms: list[datetime] = []
        # What this unit of work looked up once and may use again (who is acting, say).
        self.memo: dict[object, object] = {}

    @property
    def session(self) -> AsyncSession:
        """The open session; only valid inside `async with`."""
        if self._session is None:
            raise RuntimeError("the unit of work is not open")
        return self._session

    async def __aenter__(self) -> Self:
        if self._writers is not None:
            self._has_turn = await self._writers.take()
        try:
            self._session = self._sessions()
            await self._session.begin()
        except BaseException:
            self._give_back_turn()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        self._session = None
        try:
            if session.in_transaction():
                await session.rollback()
        finally:
            try:
                await session.close()
            finally:
                self._give_back_turn()

    def _give_back_turn(self) -> None:
        if self._has_turn and self._writers is not None:
            self._has_turn = False
            self._writers.give_back()

    async def commit(self) -> None:
        """Make everything done in this unit of work permanent, then ring who should know."""
        await self.session.commit()
        self._give_back_turn()  # work after a commit (sign-in's password check) waits for none
        self.memo.clear()  # what was looked up under the transaction's locks is theirs only
        factory = self._factory
        if factory is None:
            return
        if self._rings_after_commit:
            self._rings_after_commit = False
            factory.telegram_queued.set()
        if self._box_commands_queued:
            self._box_commands_queued = False
            factory.box_commands_queued.set()
        alarms, self._alarms = self._alarms, []
        for moment in alarms:
            for alarm in factory.alarms:
                alarm(moment)

    def wake_telegram_sender(self) -> None:
        """Once this work commits, the Telegram outbox's sender should look at once."""
        self._rings_after_commit = True

    def wake_box_sender(self) -> None:
        """Once this work commits, the box commands' sender should look at once."""
        self._box_commands_queued = True

    def wake_at(self, moment: datetime) -> None:
        """Once this work commits, have the scheduler look for due work at this moment."""
        self._alarms.append(moment)


class WriterTurns:
    """SQLite's one writer at a time, taken in turn within this process.

    A writing unit of work on SQLite begins IMMEDIATE, and one that finds the write lock taken
    sleeps in SQLite's busy handler and polls, up to 5 ms, then 10, then 100 ms apart: behind a
    few others it waits far longer than they hold the lock, and a newcomer can take the lock
    between two polls. Taking turns here first, the next writer is woken as the last one
    commits or ends. The busy timeout still covers writers of other processes (the CLI), and
    what a unit of work does after its commit. A unit of work opened inside another one of the
    same task goes on as before, without a turn of its own.
    """

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task[object] | None = None

    async def take(self) -> bool:
        """Wait for this task's turn; False when it has the turn already (nested work)."""
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            return False
        await self._lock.acquire()
        self._holder = task
        return True

    def give_back(self) -> None:
        """The next writer's turn."""
        self._holder = None
        self._lock.release()


class UnitOfWorkFactory:
    """Makes units of work: writing ones (BEGIN IMMEDIATE on SQLite) or read-only ones."""

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock
        self._writers = WriterTurns() if engine.dialect.name == "sqlite" else None
        # Set after a commit that queued a Telegram message or a box command, for this
        # process's senders; alarms are told of moments when work falls due (the scheduler's).
        self.telegram_queued = asyncio.Event()
        self.box_commands_queued = asyncio.Event()
        self.alarms: list[Callable[[datetime], None]] = []
        self._writes = _sessions(engine)
        self._reads = _sessions(engine.execution_options(**{BEGIN_MODE: "DEFERRED"}))

    def in_place(self) -> UnitOfWorkFactory:
        """This factory for work of a few small statements, as a technician's press is: on
        SQLite, its transactions run on the event loop's thread wherever they would wait for no
        lock, as a trip to SQLite's thread costs the loop more than such a statement takes (see
        OneTripConnection). Their commits leave the WAL to checkpoint(). It shares this
        factory's writers' turns and the senders' signals. Work that may read or write many
        rows (a job table, an import) stays on the thread.
        """
        twin = copy.copy(self)
        engine = self.engine
        twin._writes = _sessions(engine.execution_options(**{IN_PLACE: True}))
        twin._reads = _sessions(
            engine.execution_options(**{BEGIN_MODE: "DEFERRED", IN_PLACE: True})
        )
        return twin

    async def checkpoint(self) -> None:
        """On SQLite, fold the write-ahead log into the database file, in SQLite's thread, as
        far as open reads allow; in-place work's commits leave that to this (run it often)."""
        if self.engine.dialect.name != "sqlite":
            return
        async with self.engine.connect() as connection:
            driver = (await connection.get_raw_connection()).driver_connection
            assert isinstance(driver, OneTripConnection)
            await driver.checkpoint()

    def __call__(self) -> UnitOfWork:
        """A unit of work that may read and then write."""
        return UnitOfWork(self._writes, self.clock, self, self._writers)

    def read_only(self) -> UnitOfWork:
        """A unit of work that only reads, so it never waits for SQLite's write lock."""
        return UnitOfWork(self._reads, self.clock)


def _sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=WorkSession)
