"""`fleetcrew run` in the test's event loop: migrate an empty database, serve, run the scheduler."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from core.clock import ManualClock
from core.db.engine import create_engine
from core.db.migrate import head_revision, migrate
from core.db.uow import UnitOfWorkFactory
from core.links import DeepLinks
from core.services.demo import seed_demo
from core.settings import load_settings
from fleetcrew import runtime
from tests.factories import FastPasswords


async def wait_until_answering(client: httpx.AsyncClient, path: str) -> httpx.Response:
    for _ in range(200):
        try:
            return await client.get(path)
        except httpx.TransportError:
            await asyncio.sleep(0.05)
    raise AssertionError(f"nothing answered {path}")


async def test_run_migrates_an_empty_database_and_serves_the_sign_in_page(tmp_path: Path):
    settings = load_settings(var_dir=tmp_path / "var")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as listening:
        listening.bind(("127.0.0.1", 0))
        port = listening.getsockname()[1]
        server = asyncio.create_task(runtime.serve(settings, sockets=[listening]))
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                page = await wait_until_answering(client, "/login")
        finally:
            server.cancel()
            with pytest.raises(asyncio.CancelledError):
                await server

    assert page.status_code == 200
    assert "Sign in" in page.text
    engine = create_engine(settings.database_url.get_secret_value())
    async with engine.connect() as connection:
        version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    await engine.dispose()
    assert version == head_revision()


async def test_the_running_scheduler_blanks_a_link_that_expired_while_fleetcrew_was_down(
    tmp_path: Path,
):
    settings = load_settings(var_dir=tmp_path / "var")
    engine = create_engine(settings.database_url.get_secret_value())
    await migrate(engine)
    eight_days_ago = ManualClock(datetime.now(UTC) - timedelta(days=8))
    async with UnitOfWorkFactory(engine, eight_days_ago)() as work:
        await seed_demo(
            work,
            FastPasswords(),
            links=DeepLinks("http://127.0.0.1:8000/sandbox/open?start="),
            password="demo password 2026",
            sender=settings.smtp_from,
        )
    await engine.dispose()

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as listening:
        listening.bind(("127.0.0.1", 0))
        server = asyncio.create_task(runtime.serve(settings, sockets=[listening]))
        try:
            reason = await wait_for_link_end(settings.database_url.get_secret_value())
        finally:
            server.cancel()
            with pytest.raises(asyncio.CancelledError):
                await server

    assert reason == "expired"


async def wait_for_link_end(url: str) -> str:
    """The reason the demo mail's link ended, once the scheduler's first sweep has run."""
    engine = create_engine(url)
    try:
        async with asyncio.timeout(20):
            while True:
                async with engine.connect() as connection:
                    reason = await connection.scalar(
                        text("SELECT link_end_reason FROM outbox_mails")
                    )
                if reason is not None:
                    return str(reason)
                await asyncio.sleep(0.05)
    finally:
        await engine.dispose()
