"""The job table of a fleet of 100,000 jobs, through the admin web with a signed-in manager.

FleetCrew's own ASGI app (create_app over the Services `fleetcrew run` builds, on a migrated
SQLite file) answers an httpx client in the same process, as a browser's requests would reach
it. Measured, each many times: the first page; a filtered page (status FAILED and a text
search); a page deep in the list (after 50,000 rows, by its keyset cursor, as the Next links
lead there); and the status counts (the chips of the filtered table, as the Overview shows them
for the whole fleet).

    python -m bench.job_list [--jobs 100000] [--samples 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert, select

from admin_web.app import create_app
from core.container import Services
from core.db.migrate import migrate
from core.db.models import Job
from core.services.accounts import create_manager
from core.services.job_list import JobSort, page_cursor
from core.services.organizations import provide_organization
from core.settings import load_settings
from fleetcrew.runtime import running_services

PASSWORD = "bench password of the manager"
STATUSES = ["PENDING"] * 40 + ["ASSIGNED"] * 30 + ["RUNNING"] * 5 + ["SUCCEEDED"] * 20
STATUSES += ["FAILED"] * 5
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
SEARCH = "b-fk"  # a plate prefix: about one job in 500 carries it
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def seed(services: Services, jobs: int) -> tuple[int, int]:
    """A provider, its fleet Berlin, its manager, and the fleet's jobs; (fleet id, deep id)."""
    async with services.uow() as uow:
        await provide_organization(uow, name="Bench Mobility", fleet_names=["Berlin"])
    async with services.uow() as uow:
        manager = await create_manager(
            uow,
            services.passwords,
            organization_name="Bench Mobility",
            email="bench@fleetcrew.test",
            password=PASSWORD,
        )
    fleet_id = manager.fleets[0].id
    chance = random.Random(7)
    now = datetime.now(UTC)
    rows = []
    for number in range(jobs):
        plate = f"B-{chance.choice(LETTERS)}{chance.choice(LETTERS)} {chance.randint(1, 9999)}"
        vin = "".join(chance.choice(VIN_CHARS) for _ in range(17))
        status = chance.choice(STATUSES)
        finished = status in ("SUCCEEDED", "FAILED")
        rows.append(
            {
                "fleet_id": fleet_id,
                "job_type": "INSTALLATION",
                "status": status,
                # a finished job ended in the last 60 days: half of them fill the 30-day chart
                "finished_at": now - timedelta(hours=chance.randint(1, 60 * 24))
                if finished
                else None,
                "vin": vin,
                "license_plate": plate,
                "vehicle_model_id": "vw-golf-8",
                "service_date": date(2026, 12, 1) + timedelta(days=chance.randint(-30, 60)),
                "search_text": f"{vin} {plate}".lower(),
                "planned_fields": ["vin", "license_plate", "vehicle_model_id", "service_date"],
                "created_at": now - timedelta(minutes=jobs - number),
                "updated_at": now,
            }
        )
    async with services.uow() as uow:
        await uow.session.execute(insert(Job), rows)
        await uow.commit()
    async with services.uow.read_only() as uow:
        deep = await uow.session.scalar(
            select(Job.id).order_by(Job.id.desc()).offset(jobs // 2).limit(1)
        )
    assert deep is not None
    return fleet_id, deep


async def signed_in(client: httpx.AsyncClient) -> None:
    """Sign in through the sign-in form, as a browser does."""
    form = await client.get("/login")
    token = _CSRF.search(form.text)
    assert token is not None
    answer = await client.post(
        "/login",
        data={"csrf_token": token.group(1), "email": "bench@fleetcrew.test", "password": PASSWORD},
    )
    assert answer.status_code == 303, answer.text


async def timed(client: httpx.AsyncClient, url: str, samples: int) -> list[float]:
    """Milliseconds per request of url, after one request to warm up."""
    await client.get(url)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        answer = await client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
    return times


async def measure(jobs: int, samples: int, var_dir: Path) -> dict[str, list[float]]:
    """The four measurements' samples, by name."""
    settings = load_settings(var_dir=var_dir)
    async with running_services(settings) as services:
        await migrate(services.uow.engine)
        fleet_id, deep = await seed(services, jobs)
        app = create_app(services)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await signed_in(client)
            table = f"/fleets/{fleet_id}/jobs/installation"
            cursor = page_cursor(JobSort("id", descending=True), deep, deep)
            return {
                "first": await timed(client, table, samples),
                "filtered": await timed(client, f"{table}?status=FAILED&q={SEARCH}", samples),
                "deep": await timed(client, f"{table}?after={cursor}", samples),
                "counts": await timed(client, f"/fleets/{fleet_id}/overview", samples),
            }


def main() -> None:
    """Measure and print the figures, the last line one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        figures = asyncio.run(measure(args.jobs, args.samples, Path(var_dir)))
    result: dict[str, object] = {"benchmark": "job_list", "jobs": args.jobs}
    for name, samples in figures.items():
        ordered = sorted(samples)
        result[f"{name}_p50_ms"] = round(statistics.median(ordered), 2)
        result[f"{name}_p95_ms"] = round(ordered[int(0.95 * (len(ordered) - 1))], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
