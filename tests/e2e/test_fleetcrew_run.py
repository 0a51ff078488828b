"""`fleetcrew run` as a user starts it: migrate an empty database, then serve the admin web."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from core.db.engine import create_engine
from core.db.migrate import head_revision
from core.settings import load_settings
from fleetcrew import runtime


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
