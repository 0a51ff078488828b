"""`fleetcrew run` in its own process, as `make run` starts it: what the console says, Ctrl-C,
the demo seeded once, links that open the sandbox, and the sandbox refused where it is unsafe."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from core.mail.blanking import LINK_URL
from fleetcrew.runtime import GRACEFUL_SHUTDOWN_SECONDS
from tests.e2e.console import Console

DEMO_PASSWORD = "a demo password of my own"


@asynccontextmanager
async def running(folder: Path, *arguments: str, **variables: str) -> AsyncIterator[Console]:
    console = await Console(folder, "run", *arguments, **variables).start()
    try:
        assert "Uvicorn running on" in console.output, console.output
        yield console
    finally:
        await console.kill()


def database(folder: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(folder / "var" / "fleetcrew.sqlite3")
    connection.execute("PRAGMA foreign_keys = ON")  # as FleetCrew's own connections: cascades
    return connection


async def test_run_demo_prints_how_to_sign_in_and_its_links_open_the_sandbox(tmp_path: Path):
    async with running(tmp_path, "--demo") as console:
        with database(tmp_path) as db:
            (text,) = db.execute("SELECT text_body FROM outbox_mails").fetchone()
        (link,) = LINK_URL.findall(text)
        async with httpx.AsyncClient() as client:
            page = await client.get(link)
        status = await console.interrupt()

    password = (tmp_path / "var" / "demo_password").read_text().strip()
    assert console.lines[:5] == [
        "Demo data: created.\n",
        f"  Admin web: {console.url}/\n",
        "  E-mail:    manager@demo.test\n",
        f"  Password:  {password}\n",
        f"  Telegram:  {console.url}/sandbox (the local sandbox: be Petra Admin, Tom or Tina)\n",
    ]
    assert link.startswith(f"{console.url}/sandbox/open?start=inv_")
    assert page.status_code == 200
    assert f"<code>/start {link.split('?start=')[1]}</code>" in page.text
    assert (
        "The scheduler runs: blank expired links in the outbox, send the managers' daily "
        "summaries, end access whose window closed, warn before, retry box follow-ups, fold "
        "SQLite's write-ahead log into the database file." in console.output
    )
    assert status == 0


async def test_ctrl_c_while_a_chat_long_polls_ends_at_once_and_cleanly(tmp_path: Path):
    async with running(tmp_path) as console, httpx.AsyncClient(base_url=console.url) as client:
        chat = "/sandbox/api/chats/700001"
        version = (await client.get(chat)).json()["version"]
        polling = asyncio.create_task(client.get(f"{chat}?since={version}&wait=20"))
        with pytest.raises(TimeoutError):  # the poll waits for news, as the chat page's does
            await asyncio.wait_for(asyncio.shield(polling), 0.5)

        began = time.monotonic()
        status = await console.interrupt()
        took = time.monotonic() - began
        answered = await polling

    assert status == 0
    assert took < GRACEFUL_SHUTDOWN_SECONDS
    assert answered.status_code == 503
    assert " ERROR " not in console.output
    assert "Traceback" not in console.output
    assert "Application.stop() complete" in console.output


async def test_run_demo_seeds_once_and_never_brings_back_what_was_deleted(tmp_path: Path):
    async with running(tmp_path, "--demo", FLEETCREW_DEMO_PASSWORD=DEMO_PASSWORD) as first:
        await first.interrupt()
    with database(tmp_path) as db:
        db.execute("DELETE FROM fleet_connections WHERE email = 'newpartner@demo.test'")
        db.execute("DELETE FROM technicians WHERE telegram_user_id = 700003")
        db.execute(
            "DELETE FROM jobs WHERE fleet_id = (SELECT id FROM fleets WHERE name = 'Munich')"
        )
        (berlin_jobs,) = db.execute("SELECT count(*) FROM jobs").fetchone()

    async with running(tmp_path, "--demo", FLEETCREW_DEMO_PASSWORD=DEMO_PASSWORD) as second:
        await second.interrupt()

    assert first.lines[0] == "Demo data: created.\n"
    assert second.lines[0] == "Demo data: already there.\n"
    for console in (first, second):
        assert "  Password:  the one in FLEETCREW_DEMO_PASSWORD\n" in console.lines
        assert DEMO_PASSWORD not in console.output
    with database(tmp_path) as db:
        pending = db.execute("SELECT email FROM fleet_connections WHERE status = 'PENDING'")
        tina = db.execute("SELECT * FROM technicians WHERE telegram_user_id = 700003")
        assert (pending.fetchall(), tina.fetchall()) == ([], [])
        assert db.execute("SELECT count(*) FROM jobs").fetchone() == (berlin_jobs,)
    assert berlin_jobs >= 250


async def test_run_refuses_the_sandbox_where_others_reach_it_in_one_line(tmp_path: Path):
    console = await Console(tmp_path, "run", "--demo", FLEETCREW_HOST="0.0.0.0").start()

    status = await console.ended()

    assert status == 2
    assert console.lines == [
        "fleetcrew: FLEETCREW_HOST: 0.0.0.0 is reachable from other machines, and without a "
        "bot token the Telegram sandbox would let anyone act as any Telegram user; set "
        "FLEETCREW_TELEGRAM_TOKEN for a real bot, or FLEETCREW_SANDBOX=on for a deliberate "
        "demo server\n"
    ]
    assert not (tmp_path / "var" / "fleetcrew.sqlite3").exists()


async def test_sandbox_on_serves_a_demo_server_and_says_so_in_red(tmp_path: Path):
    async with (
        running(
            tmp_path,
            FLEETCREW_HOST="0.0.0.0",
            FLEETCREW_SANDBOX="on",
            FLEETCREW_PUBLIC_URL="http://demo.fleetcrew.test",
        ) as console,
        httpx.AsyncClient(base_url=console.url) as client,
    ):
        page = await client.get("/sandbox")
        await console.interrupt()

    assert page.status_code == 200
    assert "anyone who reaches it can act as any Telegram user" in page.text
