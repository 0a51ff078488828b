"""Shared fixtures: a real, migrated database per test, a frozen clock, the Services."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from cloudboxx import Simulator
from cloudboxx.demo import demo_simulator
from core.actors import Manager
from core.catalogue import ModelCatalogue
from core.clock import ManualClock
from core.container import Services
from core.db.engine import create_engine
from core.db.migrate import migrate_url
from core.db.models import Base
from core.db.uow import UnitOfWorkFactory
from core.links import DeepLinks, telegram_start_url
from core.mail.outbox import OutboxMailer
from core.passwords import Passwords
from core.photo_store import FilePhotoStore
from core.settings import load_settings
from tests.factories import FastPasswords, make_manager, make_provider

POSTGRES_URL = os.environ.get("FLEETCREW_TEST_POSTGRES_URL")
START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
SECRET_KEY = "test secret key that is long enough for FleetCrew"
BOT_USERNAME = "FleetCrewTestBot"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated with Alembic, copied for every test."""
    path = tmp_path_factory.mktemp("template") / "fleetcrew.sqlite3"
    migrate_url(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    """The test PostgreSQL database, emptied and migrated once per run."""
    assert POSTGRES_URL is not None

    async def reset() -> None:
        engine = create_engine(POSTGRES_URL)
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(reset())
    migrate_url(POSTGRES_URL)
    return POSTGRES_URL


async def fresh_postgres_database(url: str, name: str) -> str:
    """A new, empty database called name on url's server (replacing one left by a crash)."""
    await _postgres_admin(url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str, fresh: str) -> None:
    """Drop the database fresh_postgres_database made, even if a connection is still open."""
    await _postgres_admin(url, f'DROP DATABASE IF EXISTS "{make_url(fresh).database}" WITH (FORCE)')


async def _postgres_admin(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            for statement in statements:
                await autocommit.exec_driver_sql(statement)
    finally:
        await engine.dispose()


def sqlite_url(template: Path, tmp_path: Path) -> str:
    """A fresh copy of the migrated template, as a database URL."""
    path = tmp_path / "fleetcrew.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite+aiosqlite:///{path}"


async def open_engine(url: str) -> AsyncEngine:
    """An engine on url; on PostgreSQL every table is emptied first."""
    engine = create_engine(url)
    if url.startswith("postgresql"):
        tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return engine


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated SQLite database of this test's own (tests/services adds PostgreSQL)."""
    return sqlite_url(sqlite_template, tmp_path)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """The engine of this test's database."""
    engine = await open_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def clock() -> ManualClock:
    """A clock that stands still at a known moment until the test moves it."""
    return ManualClock(START)


@pytest.fixture
def uow(engine: AsyncEngine, clock: ManualClock) -> UnitOfWorkFactory:
    """Units of work over this test's database and clock."""
    return UnitOfWorkFactory(engine, clock)


@pytest.fixture
def links() -> DeepLinks:
    """Deep links for the test bot."""
    return DeepLinks(telegram_start_url(BOT_USERNAME))


@pytest.fixture
def passwords() -> Passwords:
    """argon2id with the cheapest parameters, so tests that sign in stay fast."""
    return FastPasswords()


@pytest.fixture
def boxes(clock: ManualClock) -> Simulator:
    """The simulated demo fleet of CloudBoxx units, on the test's clock (its sleep moves it)."""
    return demo_simulator(clock=clock, sleep=clock.sleep)


@pytest.fixture
def services(
    tmp_path: Path,
    database_url: str,
    clock: ManualClock,
    uow: UnitOfWorkFactory,
    links: DeepLinks,
    passwords: Passwords,
    boxes: Simulator,
) -> Services:
    """The Services as the composition root builds them, with the outbox as mailer."""
    settings = load_settings(
        var_dir=tmp_path / "var",
        database_url=database_url,
        secret_key=SECRET_KEY,
        telegram_bot_username=BOT_USERNAME,
    )
    return Services(
        settings=settings,
        clock=clock,
        uow=uow,
        links=links,
        mailer=OutboxMailer(uow),
        passwords=passwords,
        boxes=boxes,
        catalogue=ModelCatalogue(boxes, clock),
        photos=FilePhotoStore(settings.photos_dir),  # under this test's tmp_path
        sleep=clock.sleep,
    )


@pytest.fixture
async def fleets(uow: UnitOfWorkFactory) -> dict[str, int]:
    """Demo Mobility with the fleets Berlin and Munich."""
    return await make_provider(uow)


@pytest.fixture
async def manager(uow: UnitOfWorkFactory, passwords: Passwords, fleets: dict[str, int]) -> Manager:
    """The manager of both Demo Mobility fleets."""
    return await make_manager(
        uow,
        passwords,
        organization_id=fleets["organization"],
        fleet_ids=[fleets["Berlin"], fleets["Munich"]],
    )
