"""Bring a database to the newest schema with Alembic."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.db.engine import create_engine

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_KEY = 0x466C65657443  # "FleetC": the advisory lock that serializes migrations


def alembic_config(url: str) -> Config:
    """An Alembic configuration for FleetCrew's migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def migrate(engine: AsyncEngine) -> None:
    """Apply every migration not yet applied, over the engine's own connection."""

    def upgrade(connection: object) -> None:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas starting together take turns; SQLite's BEGIN IMMEDIATE does the same.
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
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


def head_revision() -> str:
    """The newest migration's revision: what a migrated database's alembic_version holds."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head
