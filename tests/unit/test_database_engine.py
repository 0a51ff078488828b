"""The engine never hands the values it binds to an error message or a log line."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from core.db.engine import create_engine
from core.db.models import Manager
from core.db.uow import UnitOfWorkFactory
from tests.factories import make_manager

SECRET = "argon2-hash-that-must-stay-secret"


async def test_a_database_error_does_not_carry_the_bound_values(
    uow: UnitOfWorkFactory, passwords, fleets
):
    await make_manager(uow, passwords, organization_id=fleets["organization"], fleet_ids=[])

    with pytest.raises(IntegrityError) as refused:
        async with uow() as work:
            work.session.add(
                Manager(
                    organization_id=fleets["organization"],
                    email="manager@demo.test",
                    password_hash=SECRET,
                    created_at=work.clock.now(),
                )
            )
            await work.session.flush()

    assert SECRET not in str(refused.value)
    assert "parameters hidden" in str(refused.value)


async def test_echoed_statements_do_not_log_the_bound_values(database_url: str, caplog):
    engine = create_engine(database_url, echo=True)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT :secret"), {"secret": SECRET})
    finally:
        await engine.dispose()

    assert "SELECT ?" in caplog.text or "SELECT $1" in caplog.text
    assert SECRET not in caplog.text
