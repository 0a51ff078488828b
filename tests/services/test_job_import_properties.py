"""No file crashes the importer or is written in part: every row is imported, or nothing at all.

Generated files: random bytes, CSV-ish text of delimiters, quotes, line breaks and formula
starts, and rows of random and plausible cells under headers of known columns. Each example
runs on its own copy of a seeded database (a fleet, an accepted partner, a template).
"""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.clock import ManualClock
from core.db.engine import create_engine
from core.db.models import Job
from core.db.uow import UnitOfWorkFactory
from core.job_files import COLUMNS, InvalidJobFile, read_job_file
from core.links import DeepLinks, telegram_start_url
from tests.conftest import START
from tests.factories import (
    FastPasswords,
    connect_partner,
    database_contents,
    make_manager,
    make_provider,
)
from tests.job_imports import import_file, make_template

T = TypeVar("T")
PLAUSIBLE = [
    "WVWZZZCDZPW100001",
    "WVWZZZCDZPW100002",
    "wvwzzzcdzpw100003",
    "00AA000000000001",
    "00aa000000000002",
    "vw-golf-8",
    "renault-zoe-e-tech",
    "OBD",
    "standard",
    "CAN",
    "PETROL",
    "ELECTRIC",
    "installation",
    "maintenance",
    "repair",
    "2026-12-01",
    "2026-02-30",
    "2026-12-01T08:00",
    "2026-12-01T18:00+01:00",
    "2026-03-29T02:30",
    "2024",
    "carsharing",
    "PARTNER",
    "ZZZZ9",
    "Golf standard",
    "B-FC 1",
    "=1+2",
    "'=SUM(A1)",
    "line one\r\nline two",
    'a "quoted", text',
]
PIECES = [",", ";", '"', "'", "\r", "\n", "\r\n", "=", "-", "@", "\t", " ", "a", "Z", "0", "ä"]
PIECES += ["€", "vin", "qnr", "license_plate", "job_type", "template", "\x00", "\ufeff"]
CSVISH = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@dataclass(frozen=True)
class Seeded:
    """A database file with Berlin, its manager, an accepted partner and a template."""

    path: Path
    fleet_id: int
    partner_code: str
    manager: object


def on_database(path: Path, work: Callable[[UnitOfWorkFactory], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            return await work(UnitOfWorkFactory(engine, ManualClock(START)))
        finally:
            await engine.dispose()

    return asyncio.run(run())


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Seeded:
    path = tmp_path_factory.mktemp("seeded") / "fleetcrew.sqlite3"
    shutil.copyfile(sqlite_template, path)

    async def seed(uow: UnitOfWorkFactory) -> Seeded:
        fleets = await make_provider(uow)
        manager = await make_manager(
            uow,
            FastPasswords(),
            organization_id=fleets["organization"],
            fleet_ids=[fleets["Berlin"]],
        )
        links = DeepLinks(telegram_start_url("FleetCrewTestBot"))
        code = await connect_partner(uow, manager, links, fleets["Berlin"])
        await make_template(
            uow, manager, fleets["Berlin"], "Golf standard", vehicle_model_id="vw-golf-8"
        )
        return Seeded(path, fleets["Berlin"], code, manager)

    return on_database(path, seed)


def imports_whole_or_not_at_all(seeded: Seeded, tmp_path: Path, data: bytes) -> None:
    copy = tmp_path / "example.sqlite3"
    shutil.copyfile(seeded.path, copy)
    data = data.replace(b"PARTNER", seeded.partner_code.encode())

    async def attempt(uow: UnitOfWorkFactory) -> None:
        before = await database_contents(uow)
        try:
            result = await import_file(uow, seeded.manager, seeded.fleet_id, data)  # type: ignore[arg-type]
        except InvalidJobFile as refused:
            assert refused.problems, "a refusal names its problems"
            assert await database_contents(uow) == before
            event("refused")
            return
        async with uow.read_only() as work:
            jobs = await work.session.scalar(select(func.count()).select_from(Job))
        assert result.rows == read_job_file(data).row_count == jobs > 0
        event("imported")

    on_database(copy, attempt)


EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@EXAMPLES
@given(data=st.binary(max_size=600))
def test_random_bytes_never_crash_the_import(seeded, tmp_path, data: bytes):
    imports_whole_or_not_at_all(seeded, tmp_path, data)


@EXAMPLES
@given(text=CSVISH, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_csv_ish_text_never_crashes_the_import(seeded, tmp_path, text: str, encoding: str):
    imports_whole_or_not_at_all(seeded, tmp_path, text.encode(encoding, errors="replace"))


@st.composite
def files_of_known_columns(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8, unique=True))
    cell = st.one_of(st.just(""), st.sampled_from(PLAUSIBLE), st.text(max_size=12))
    rows = draw(st.lists(st.lists(cell, min_size=len(header), max_size=len(header)), max_size=6))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";"])), lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="replace")


@EXAMPLES
@given(data=files_of_known_columns())
def test_rows_of_random_cells_are_imported_whole_or_not_at_all(seeded, tmp_path, data: bytes):
    imports_whole_or_not_at_all(seeded, tmp_path, data)


GOOD = {  # values each column takes, with the vehicle model's own (a Golf 8)
    "license_plate": st.sampled_from(["B-FC 1", "M-XY 99", "'=1+2", ""]),
    "vin": st.integers(0, 99999).map("WVWZZZCDZPW1{:05d}".format),
    "custom_name": st.text(max_size=30),
    "vehicle_model_id": st.just("vw-golf-8"),
    "installation_variant": st.sampled_from(["STANDARD", "obd", ""]),
    "fuel_type": st.sampled_from(["PETROL", "diesel", "plug-in hybrid", ""]),
    "instructions": st.text(max_size=60),
    "assigned_installer_company_id": st.sampled_from(["PARTNER", "", "partner"]),
    "qnr": st.integers(0, 65535).map("00BB00000000{:04X}".format),
    "service_date": st.dates().map(date.isoformat),
    "template": st.sampled_from(["", "Golf standard", "golf  STANDARD"]),
    "year": st.integers(1950, 2027).map(str),
    "configuration_preset": st.sampled_from(["carsharing", "rental", ""]),
}


@st.composite
def mostly_good_files(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(sorted(GOOD)), min_size=1, max_size=9, unique=True))
    if "configuration_preset" in header and "vehicle_model_id" not in header:
        header.append("vehicle_model_id")
    rows = draw(st.lists(st.tuples(*(GOOD[column] for column in header)), min_size=1, max_size=12))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";"])), lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


@EXAMPLES
@given(data=mostly_good_files())
def test_mostly_good_files_are_imported_whole_or_not_at_all(seeded, tmp_path, data: bytes):
    imports_whole_or_not_at_all(seeded, tmp_path, data)
