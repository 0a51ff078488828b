"""Export on the job tables: the table's current filter as a CSV file, every page of it."""

from __future__ import annotations

import csv
import io

import httpx

from core.job_files import COLUMNS
from tests.factories import connect_partner, database_contents, make_job
from tests.web.browsing import words_of
from tests.web.job_pages import flash_of


def export_of(fleet_id: int, table: str = "installation") -> str:
    return f"/fleets/{fleet_id}/jobs/{table}/export"


def rows_of(response: httpx.Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_export_is_the_tables_filter_as_an_attachment(signed_in, uow, manager, links, fleets):
    berlin = fleets["Berlin"]
    code = await connect_partner(uow, manager, links, berlin)
    await make_job(uow, manager, berlin, partner_code=code, license_plate="B-EX 1")
    await make_job(uow, manager, berlin, license_plate="B-EX 2")
    await make_job(uow, manager, berlin, job_type="MAINTENANCE", license_plate="B-EX 3")

    response = await signed_in.get(export_of(berlin), params={"status": "ASSIGNED"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="berlin-installation-jobs-2026-11-27.csv"'
    )
    assert response.content.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)
    [row] = rows_of(response)
    assert row["license_plate"] == "B-EX 1"
    assert row["assigned_installer_company_id"] == code


async def test_export_holds_every_page_whatever_page_the_table_shows(
    signed_in, uow, manager, fleets
):
    berlin = fleets["Berlin"]
    for number in range(55):
        await make_job(uow, manager, berlin, license_plate=f"B-PG {number}")

    response = await signed_in.get(
        export_of(berlin), params={"q": "B-PG", "after": "not a cursor at all"}
    )

    assert response.status_code == 200
    assert len(rows_of(response)) == 55


async def test_export_of_maintenance_jobs_names_its_table(signed_in, uow, manager, fleets):
    munich = fleets["Munich"]
    await make_job(uow, manager, munich, job_type="MAINTENANCE", license_plate="M-MT 1")

    response = await signed_in.get(export_of(munich, "maintenance"))

    assert response.headers["content-disposition"] == (
        'attachment; filename="munich-maintenance-jobs-2026-11-27.csv"'
    )
    assert [row["license_plate"] for row in rows_of(response)] == ["M-MT 1"]
    assert rows_of(response)[0]["job_type"] == "maintenance"


async def test_a_bad_filter_leads_back_to_the_table_with_the_reason(signed_in, uow, fleets):
    before = await database_contents(uow)

    response = await signed_in.get(export_of(fleets["Berlin"]), params={"from": "2026-13-45"})

    assert response.status_code == 303
    assert response.headers["location"] == f"/fleets/{fleets['Berlin']}/jobs/installation"
    kind, _ = flash_of(await signed_in.get(response.headers["location"])) or ("", "")
    assert kind == "error"
    assert await database_contents(uow) == before


async def test_another_fleets_jobs_are_not_exported(signed_in, other_fleets):
    response = await signed_in.get(export_of(other_fleets["Hamburg"]))

    assert response.status_code == 404
    assert "content-disposition" not in response.headers


async def test_the_export_link_carries_the_tables_filter(signed_in, uow, manager, fleets):
    berlin = fleets["Berlin"]
    await make_job(uow, manager, berlin, license_plate="B-LK 1")

    page = await signed_in.get(
        f"/fleets/{berlin}/jobs/installation", params={"status": "PENDING", "q": "B-LK"}
    )

    assert f'href="{export_of(berlin)}?status=PENDING&amp;q=B-LK"' in page.text
    assert "Export CSV" in words_of(page)
