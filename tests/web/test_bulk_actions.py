"""Bulk actions of the job tables: the result job by job as the message, forged fields refused."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from sqlalchemy import select

from admin_web.app import create_app
from core.db.models import Job
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, invite, make_job
from tests.services.test_jobs import force
from tests.web.browsing import csrf_token, post_form, sign_in, words_of
from tests.web.job_forms import DownGateway
from tests.web.job_pages import bulk_of, flash_of, table_of


@pytest.fixture
async def berlin(uow, manager, links, fleets) -> dict[str, int | str]:
    """Berlin's partner and jobs: two PENDING, two ASSIGNED, one RUNNING, one FAILED."""
    fleet = fleets["Berlin"]
    code = await connect_partner(uow, manager, links, fleet)
    jobs: dict[str, int | str] = {"code": code}
    for name, partner in (
        ("pending", None),
        ("pending_golf", None),
        ("assigned", code),
        ("assigned_too", code),
        ("running", code),
        ("failed", code),
    ):
        jobs[name] = await make_job(
            uow,
            manager,
            fleet,
            partner_code=partner,
            license_plate=f"B-{name[:2].upper()} {len(jobs)}",
            vehicle_model_id="vw-golf-8" if name == "pending_golf" else "",
        )
    await force(uow, jobs["running"], JobStatus.RUNNING)
    await force(uow, jobs["failed"], JobStatus.RUNNING, JobStatus.FAILED)
    return jobs


async def act(client, fleet_id, action, jobs, **fields):
    """Send the bulk form for these jobs from the Installation Jobs table."""
    return await post_form(
        client,
        bulk_of(fleet_id),
        {
            "action": action,
            "job": [str(job) for job in jobs],
            "back": fields.pop("back", table_of(fleet_id)),
            **fields,
        },
    )


async def result_of(client, response) -> tuple[str, str] | None:
    assert response.status_code == 303
    return flash_of(await client.get(response.headers["location"]))


async def statuses(uow, *job_ids) -> list[str]:
    async with uow.read_only() as work:
        found = {
            job.id: job.status
            for job in await work.session.scalars(select(Job).where(Job.id.in_(job_ids)))
        }
    return [found.get(job_id, "deleted") for job_id in job_ids]


async def test_bulk_assign_gives_the_pending_jobs_to_the_partner_and_names_the_others(
    signed_in, uow, fleets, berlin
):
    jobs = [berlin[name] for name in ("pending", "pending_golf", "assigned", "running")]

    response = await act(signed_in, fleets["Berlin"], "assign", jobs, partner=berlin["code"])

    assert await result_of(signed_in, response) == (
        "warning",
        "2 assigned; 2 skipped: 1 already assigned, 1 running.",
    )
    assert await statuses(uow, *jobs) == ["ASSIGNED", "ASSIGNED", "ASSIGNED", "RUNNING"]


async def test_bulk_unassign_makes_assigned_jobs_pending_and_goes_back_to_the_same_table(
    signed_in, uow, fleets, berlin
):
    jobs = [berlin["assigned"], berlin["assigned_too"]]
    back = f"{table_of(fleets['Berlin'])}?status=ASSIGNED&sort=license_plate"

    response = await act(signed_in, fleets["Berlin"], "unassign", jobs, back=back)

    assert response.headers["location"] == back
    assert await result_of(signed_in, response) == ("success", "2 unassigned.")
    assert await statuses(uow, *jobs) == ["PENDING", "PENDING"]


async def test_bulk_edit_sets_one_field_on_the_pending_jobs(signed_in, uow, fleets, berlin):
    jobs = [berlin["pending"], berlin["pending_golf"], berlin["assigned"]]

    response = await act(
        signed_in, fleets["Berlin"], "edit", jobs, field="service_date", value="2026-12-24"
    )

    assert await result_of(signed_in, response) == ("warning", "2 changed; 1 skipped: 1 assigned.")
    async with uow.read_only() as work:
        dates = [(await work.session.get_one(Job, job)).service_date for job in jobs]
    assert [day.isoformat() if day else None for day in dates] == [
        "2026-12-24",
        "2026-12-24",
        None,
    ]


async def test_bulk_edit_leaves_a_job_whose_model_does_not_take_the_value(
    signed_in, uow, fleets, berlin
):
    jobs = [berlin["pending"], berlin["pending_golf"]]

    response = await act(
        signed_in, fleets["Berlin"], "edit", jobs, field="installation_variant", value="key_holder"
    )

    kind, text = await result_of(signed_in, response)
    assert kind == "warning"
    assert text.startswith("1 changed; 1 skipped: ")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"field": "service_date", "value": "soon"}, "“soon” is not a date"),
        ({"field": "vin", "value": "WVWZZZ1KZAW000001"}, "Choose a field that can be set"),
        ({"field": "", "value": "x"}, "Choose a field that can be set"),
        ({"field": "vehicle_model_id", "value": "tesla-cybertruck"}, ""),
    ],
    ids=["bad date", "vin", "no field", "unknown model"],
)
async def test_bulk_edit_refuses_a_value_wrong_for_every_job_and_changes_nothing(
    signed_in, uow, fleets, berlin, fields, message
):
    before = await database_contents(uow)

    response = await act(signed_in, fleets["Berlin"], "edit", [berlin["pending"]], **fields)

    kind, text = await result_of(signed_in, response)
    assert kind == "error"
    assert message in text
    assert await database_contents(uow) == before


async def test_bulk_edit_while_cloudboxx_is_down_says_so_and_changes_nothing(
    services, uow, manager, fleets, berlin
):
    app = create_app(replace(services, boxes=DownGateway()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        before = await database_contents(uow)

        response = await act(
            client, fleets["Berlin"], "edit", [berlin["pending"]], field="year", value="2024"
        )

        kind, text = await result_of(client, response)
    assert kind == "error"
    assert text.startswith("The CloudBoxx service cannot be reached just now")
    assert await database_contents(uow) == before


async def test_bulk_delete_asks_first_and_deletes_only_once_confirmed(
    signed_in, uow, fleets, berlin
):
    jobs = [berlin["pending"], berlin["failed"], berlin["running"]]
    before = await database_contents(uow)

    asked = await act(signed_in, fleets["Berlin"], "delete", jobs)

    assert asked.status_code == 200
    assert "Delete 3 jobs?" in words_of(asked)
    assert await database_contents(uow) == before
    confirm = {
        "csrf_token": csrf_token(asked),
        "action": "delete",
        "confirmed": "yes",
        "job": [str(job) for job in jobs],
        "back": table_of(fleets["Berlin"]),
    }
    response = await signed_in.post(bulk_of(fleets["Berlin"]), data=confirm)
    assert await result_of(signed_in, response) == ("warning", "2 deleted; 1 skipped: 1 running.")
    assert await statuses(uow, *jobs) == ["deleted", "deleted", "RUNNING"]


async def test_a_job_of_another_fleet_is_not_found_and_left_as_it_is(
    signed_in, uow, manager, other_manager, other_fleets, fleets, berlin
):
    munich = await make_job(uow, manager, fleets["Munich"], license_plate="M-XX 1")
    hamburg = await make_job(uow, other_manager, other_fleets["Hamburg"], license_plate="HH-X 1")
    before = await database_contents(uow)

    response = await act(signed_in, fleets["Berlin"], "delete", [munich, hamburg], confirmed="yes")

    assert await result_of(signed_in, response) == ("warning", "0 deleted; 2 skipped: 2 not found.")
    assert await database_contents(uow) == before


@pytest.mark.parametrize(
    ("action", "jobs", "fields", "message"),
    [
        ("unassign", ["abc"], {}, "“abc” is not a job number, so nothing was changed."),
        ("unassign", ["-3"], {}, "“-3” is not a job number"),
        ("unassign", ["99999999999"], {}, "“99999999999” is not a job number"),
        ("unassign", ["١٢"], {}, "is not a job number"),  # digits, but not ASCII ones
        ("unassign", [], {}, "Select at least one job"),
        ("explode", ["assigned"], {}, "Choose assign, unassign, edit or delete"),
        ("", ["assigned"], {}, "Choose assign, unassign, edit or delete"),
        ("assign", ["pending"], {}, "Choose the service partner"),
        (
            "assign",
            ["pending"],
            {"partner": "ZZZZZ"},
            "No service partner with the Partner ID ZZZZZ",
        ),
        ("assign", ["pending"], {"partner": "pending"}, "No service partner with the Partner ID"),
    ],
    ids=[
        "id not a number",
        "negative id",
        "id too large",
        "not ascii digits",
        "no job",
        "unknown action",
        "no action",
        "no partner",
        "unknown partner",
        "partner not accepted",
    ],
)
async def test_a_forged_bulk_form_is_refused_with_a_message_and_changes_nothing(
    signed_in, uow, manager, links, fleets, berlin, action, jobs, fields, message
):
    if fields.get("partner") == "pending":
        await invite(uow, manager, links, fleets["Berlin"], "invited@partners.test")
        fields = {"partner": "ABCDE"}
    ids = [berlin.get(job, job) for job in jobs]
    before = await database_contents(uow)

    response = await act(signed_in, fleets["Berlin"], action, ids, **fields)

    kind, text = await result_of(signed_in, response)
    assert kind == "error"
    assert message in text
    assert await database_contents(uow) == before


async def test_a_partner_of_another_fleet_cannot_be_given_jobs_here(
    signed_in, uow, manager, links, fleets, berlin
):
    munich_code = await connect_partner(
        uow, manager, links, fleets["Munich"], name="Munich Fitters", admin_telegram_id=820001
    )
    before = await database_contents(uow)

    response = await act(
        signed_in, fleets["Berlin"], "assign", [berlin["pending"]], partner=munich_code
    )

    kind, text = await result_of(signed_in, response)
    assert kind == "error"
    assert f"No service partner with the Partner ID {munich_code} works for this fleet" in text
    assert await database_contents(uow) == before


@pytest.mark.parametrize(
    "back",
    ["https://evil.example/", "//evil.example/fleets", "/fleets/2/jobs/installation", "/login"],
)
async def test_bulk_results_go_back_to_a_table_of_this_fleet_only(signed_in, fleets, berlin, back):
    response = await act(signed_in, fleets["Berlin"], "unassign", [berlin["assigned"]], back=back)

    assert response.headers["location"] == table_of(fleets["Berlin"])
