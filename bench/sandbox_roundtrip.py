"""Round trip of `/start` through the sandbox's HTTP Bot API: a user writes, FleetCrew answers.

FleetCrew runs as `fleetcrew run` would with a token and FLEETCREW_TELEGRAM_BASE_URL: PTB's own
HTTPX request long-polls the sandbox's Bot API, served by uvicorn on 127.0.0.1, and sends its
reply over HTTP; the database is a migrated SQLite file. A hundred people write in turn, each met
by the bot once before measuring. Each sample is the time from a person's message entering the
sandbox until the bot's reply has arrived there.

    python -m bench.sandbox_roundtrip [--messages 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from pydantic import AnyHttpUrl, SecretStr
from starlette.applications import Starlette

from core.container import Services
from core.db.migrate import migrate
from core.settings import Settings, load_settings
from fleetcrew.runtime import running_services
from fleetcrew.telegram import build_telegram
from telegram_sandbox import Sandbox, bot_api_routes
from tests.local_server import served

USERS = range(4_000_001, 4_000_101)  # a hundred people writing in turn


async def measure(messages: int, var_dir: Path) -> list[float]:
    """Milliseconds per round trip, one per message."""
    sandbox = Sandbox(bot_username="FleetCrewBot")
    for user_id in USERS:
        sandbox.add_user(f"Person {user_id}", user_id=user_id, language_code="en")
    async with served(Starlette(routes=bot_api_routes(sandbox))) as server:
        settings = load_settings(
            var_dir=var_dir,
            telegram_token=SecretStr(sandbox.token),
            telegram_base_url=AnyHttpUrl(server),
        )
        async with running_services(settings) as services:
            await migrate(services.uow.engine)
            samples = await measure_with(services, settings, sandbox, messages)
        await sandbox.aclose()
    return samples


async def measure_with(
    services: Services, settings: Settings, sandbox: Sandbox, messages: int
) -> list[float]:
    """The round trips, with FleetCrew's bot polling the sandbox over HTTP."""
    face = build_telegram(settings, services)
    await face.start()
    try:
        for user_id in USERS:  # the bot meets everyone once before the clock runs
            await round_trip(sandbox, user_id)
        return [await round_trip(sandbox, USERS[n % len(USERS)]) for n in range(messages)]
    finally:
        await face.stop()


async def round_trip(sandbox: Sandbox, user_id: int) -> float:
    """Milliseconds from the person's /start until the bot's answer is in their chat."""
    answered = len(sandbox.bot_messages(user_id)) + 1
    started = time.perf_counter()
    sandbox.send_text(user_id, "/start")
    await sandbox.wait_for(lambda: len(sandbox.bot_messages(user_id)) == answered)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    """Measure and print the figures, the last line one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        samples = asyncio.run(measure(args.messages, Path(var_dir)))
    ordered = sorted(samples)
    result = {
        "benchmark": "sandbox_roundtrip",
        "messages": len(samples),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "max_ms": round(ordered[-1], 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
