"""Alembic environment: runs the migrations over FleetCrew's own async engine."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from core.db.engine import create_engine
from core.db.migrate import migration_transaction
from core.db.models import Base

config = context.config


def _run(connection: Connection) -> None:
    # Configured inside the transaction, Alembic leaves it alone instead of committing after
    # each migration: all of them commit together, once every reference has been checked.
    with migration_transaction(connection):
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,
            compare_type=True,
        )
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_online())
