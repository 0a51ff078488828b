"""Importing a CSV file of jobs: every row or none, ASSIGNED or PENDING, templates, partners."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from core.actors import Operator
from core.db.models import AuditEvent, ExtraItem, Job, JobImport
from core.errors import NotFound
from core.extra_items import ExtraItem as Item
from core.extra_items import ItemKind
from core.import_views import ImportOptions
from core.job_fields import JobType
from core.job_files import InvalidJobFile, LineProblem, sample_file
from core.services import job_import
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, make_job, queued_messages
from tests.job_imports import (
    MODELS,
    NUMBERED_HEADER,
    add_technician,
    check_file,
    csv_file,
    import_file,
    make_template,
    numbered_rows,
)

STICKER = Item("Sticker on the windscreen", ItemKind.PHOTO, required=True)


@pytest.fixture
async def partner(uow, manager, links, fleets) -> str:
    """Volt Installers, ACCEPTED for Berlin, with its partner admin and two technicians."""
    code = await connect_partner(uow, manager, links, fleets["Berlin"], admin_telegram_id=810001)
    await add_technician(uow, code, 810002)
    await add_technician(uow, code, 810003)
    return code


async def jobs_of(uow, fleet_id: int) -> list[SimpleNamespace]:
    """The fleet's jobs, oldest first, as plain copies of their columns."""
    async with uow.read_only() as work:
        rows = await work.session.execute(
            select(Job.__table__).where(Job.fleet_id == fleet_id).order_by(Job.id)
        )
        return [SimpleNamespace(**row._mapping) for row in rows]


async def test_rows_with_a_partner_id_become_assigned_the_others_pending(
    uow, manager, fleets, partner
):
    data = csv_file(NUMBERED_HEADER, *numbered_rows(2, partner=partner), *numbered_rows(3, start=3))

    result = await import_file(uow, manager, fleets["Berlin"], data)

    assert (result.rows, result.assigned, result.pending) == (5, 2, 3)
    assert not result.already_imported
    jobs = await jobs_of(uow, fleets["Berlin"])
    assert [job.status for job in jobs] == ["ASSIGNED"] * 2 + ["PENDING"] * 3
    assert jobs[0].vin == "WVWZZZCDZPW100001"
    assert jobs[0].search_text == "wvwzzzcdzpw100001 b-fc 1 00aa000000000001"
    assert jobs[0].planned_fields == ["vin", "license_plate", "qnr"]
    assert jobs[0].created_by_id == manager.id


async def test_every_job_has_its_created_event_naming_the_import_and_assigned_ones_theirs(
    uow, manager, fleets, partner
):
    data = csv_file(NUMBERED_HEADER, *numbered_rows(1, partner=partner), *numbered_rows(1, start=2))

    result = await import_file(uow, manager, fleets["Berlin"], data)

    async with uow.read_only() as work:
        events = [
            (event.subject, event.action, event.actor, event.details)
            for event in await work.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
            if event.subject.startswith("job:")
        ]
    first, second = (job.id for job in await jobs_of(uow, fleets["Berlin"]))
    created = {"fields": ["license_plate", "qnr", "vin"], "extra_items": 0, "template": None}
    assert events == [
        (f"job:{first}", "job.created", manager.audit_name, created | {"import": result.import_id}),
        (
            f"job:{second}",
            "job.created",
            manager.audit_name,
            created | {"import": result.import_id},
        ),
        (
            f"job:{first}",
            "job.assigned",
            manager.audit_name,
            {
                "from": "PENDING",
                "to": "ASSIGNED",
                "partner_code": partner,
                "import": result.import_id,
            },
        ),
    ]


async def test_each_member_of_a_partner_s_team_hears_once_for_the_whole_import(
    uow, manager, links, fleets, partner
):
    other = await connect_partner(
        uow, manager, links, fleets["Berlin"], name="Spark Service", admin_telegram_id=820001
    )
    data = csv_file(
        NUMBERED_HEADER,
        *numbered_rows(40, partner=partner),
        *numbered_rows(1, partner=other, start=41),
        *numbered_rows(5, start=42),
    )

    await import_file(uow, manager, fleets["Berlin"], data)

    messages = [m for m in await queued_messages(uow) if m[1].startswith("jobs.assigned")]
    assert sorted((m[0], m[1], m[2].get("count"), m[2].get("vehicle")) for m in messages) == [
        (810001, "jobs.assigned_many", 40, None),
        (810002, "jobs.assigned_many", 40, None),
        (810003, "jobs.assigned_many", 40, None),
        (820001, "jobs.assigned_one", None, "B-FC 41"),
    ]


async def test_the_partner_option_assigns_every_row_to_that_partner(uow, manager, fleets, partner):
    data = csv_file(NUMBERED_HEADER, *numbered_rows(3))

    result = await import_file(
        uow, manager, fleets["Berlin"], data, ImportOptions(partner_code=partner.lower())
    )

    assert (result.assigned, result.pending) == (3, 0)
    assert {job.status for job in await jobs_of(uow, fleets["Berlin"])} == {"ASSIGNED"}


async def test_the_partner_option_is_refused_when_the_file_names_partners_too(
    uow, manager, fleets, partner
):
    data = csv_file(NUMBERED_HEADER, *numbered_rows(1), *numbered_rows(2, partner=partner, start=2))
    before = await database_contents(uow)

    with pytest.raises(InvalidJobFile) as refused:
        await import_file(uow, manager, fleets["Berlin"], data, ImportOptions(partner_code=partner))

    (problem,) = refused.value.problems
    assert (problem.line, problem.column) == (None, None)
    assert "the file names partners too (lines 3, 4)" in problem.message
    assert await database_contents(uow) == before


@pytest.mark.parametrize(
    ("prefer_template", "expected"),
    [(False, ("B-ROW 1", "OBD", "carsharing")), (True, ("B-ROW 1", "STANDARD", "carsharing"))],
    ids=["row wins", "template wins"],
)
async def test_a_template_fills_every_row_and_prefer_template_data_decides_where_both_have_one(
    uow, manager, fleets, prefer_template: bool, expected: tuple[str, str, str]
):
    template_id = await make_template(
        uow,
        manager,
        fleets["Berlin"],
        "Golf standard",
        items=(STICKER,),
        vehicle_model_id="vw-golf-8",
        installation_variant="STANDARD",
        configuration_preset="carsharing",
        instructions="Key at the front desk.",
    )
    data = csv_file("license_plate,installation_variant", "B-ROW 1,OBD")

    await import_file(
        uow,
        manager,
        fleets["Berlin"],
        data,
        ImportOptions(template_id=template_id, prefer_template=prefer_template),
    )

    (job,) = await jobs_of(uow, fleets["Berlin"])
    assert (job.license_plate, job.installation_variant, job.configuration_preset) == expected
    assert (job.vehicle_model_id, job.instructions) == ("vw-golf-8", "Key at the front desk.")
    assert job.template_id == template_id
    assert set(job.planned_fields) == {
        "license_plate",
        "vehicle_model_id",
        "installation_variant",
        "configuration_preset",
        "instructions",
    }
    async with uow.read_only() as work:
        items = (
            await work.session.execute(
                select(
                    ExtraItem.label, ExtraItem.kind, ExtraItem.required, ExtraItem.position
                ).where(ExtraItem.job_id == job.id)
            )
        ).all()
    assert [tuple(item) for item in items] == [("Sticker on the windscreen", "PHOTO", True, 1)]


async def test_a_row_s_own_template_wins_over_the_import_s_for_that_row(uow, manager, fleets):
    golf = await make_template(uow, manager, fleets["Berlin"], "Golf", vehicle_model_id="vw-golf-8")
    await make_template(
        uow, manager, fleets["Berlin"], "ZOE", vehicle_model_id="renault-zoe-e-tech"
    )
    data = csv_file("license_plate,template", "B-1,", "B-2,zoe")

    await import_file(uow, manager, fleets["Berlin"], data, ImportOptions(template_id=golf))

    assert [job.vehicle_model_id for job in await jobs_of(uow, fleets["Berlin"])] == [
        "vw-golf-8",
        "renault-zoe-e-tech",
    ]


async def test_a_template_value_that_breaks_a_rule_with_the_row_says_it_came_from_the_template(
    uow, manager, fleets
):
    template_id = await make_template(
        uow, manager, fleets["Berlin"], "ZOE", vehicle_model_id="renault-zoe-e-tech"
    )
    data = csv_file("license_plate,fuel_type", "B-1,DIESEL")

    check = await check_file(
        uow, manager, fleets["Berlin"], data, ImportOptions(template_id=template_id)
    )

    assert [(p.line, p.column) for p in check.problems] == [(2, "fuel_type")]
    assert "The Renault ZOE E-Tech takes no fuel type DIESEL" in check.problems[0].message


async def test_a_formula_in_a_file_is_stored_as_its_plain_text(uow, manager, fleets):
    data = csv_file("custom_name,instructions", '\'=HYPERLINK("http://x"),=1+2')

    await import_file(uow, manager, fleets["Berlin"], data)

    (job,) = await jobs_of(uow, fleets["Berlin"])
    assert (job.custom_name, job.instructions) == ('=HYPERLINK("http://x")', "=1+2")


async def test_the_command_line_imports_without_a_manager(uow, fleets):
    result = await import_file(
        uow, Operator(), fleets["Munich"], csv_file("vin", "WVWZZZCDZPW100001")
    )

    (job,) = await jobs_of(uow, fleets["Munich"])
    assert (result.rows, job.created_by_id) == (1, None)
    async with uow.read_only() as work:
        actor = await work.session.scalar(
            select(AuditEvent.actor).where(AuditEvent.action == "job.created")
        )
    assert actor == "cli"


async def test_a_checked_file_is_kept_and_imported_once_however_often_import_is_pressed(
    uow, manager, fleets, partner
):
    data = csv_file(NUMBERED_HEADER, *numbered_rows(2, partner=partner), *numbered_rows(1, start=3))
    check = await check_file(uow, manager, fleets["Berlin"], data, keep=True)
    assert check.ok and check.upload_id is not None
    assert (check.row_count, check.assigned, check.pending) == (3, 2, 1)
    assert [(row.line, row.status, row.partner_name) for row in check.preview] == [
        (2, JobStatus.ASSIGNED, "Volt Installers"),
        (3, JobStatus.ASSIGNED, "Volt Installers"),
        (4, JobStatus.PENDING, None),
    ]
    assert await jobs_of(uow, fleets["Berlin"]) == []

    results = []
    for _ in range(2):
        async with uow() as work:
            results.append(
                await job_import.import_kept_file(
                    work,
                    manager,
                    fleet_id=fleets["Berlin"],
                    upload_id=check.upload_id,
                    models=MODELS,
                )
            )

    first, second = results
    assert (first.rows, first.assigned, first.already_imported) == (3, 2, False)
    assert (second.import_id, second.rows, second.already_imported) == (first.import_id, 3, True)
    assert len(await jobs_of(uow, fleets["Berlin"])) == 3


async def test_a_kept_file_is_checked_again_when_imported_and_then_writes_nothing(
    uow, manager, fleets
):
    data = csv_file("vin", "WVWZZZCDZPW100001")
    check = await check_file(uow, manager, fleets["Berlin"], data, keep=True)
    job_id = await make_job(uow, manager, fleets["Berlin"], vin="WVWZZZCDZPW100001")
    before = await database_contents(uow)

    with pytest.raises(InvalidJobFile) as refused:
        async with uow() as work:
            await job_import.import_kept_file(
                work, manager, fleet_id=fleets["Berlin"], upload_id=check.upload_id, models=MODELS
            )

    assert refused.value.problems == (
        LineProblem(
            2,
            "vin",
            f"The VIN WVWZZZCDZPW100001 has an open job in this fleet already: job {job_id}, "
            "PENDING. Finish or delete that job first, or leave this row out.",
        ),
    )
    assert await database_contents(uow) == before


async def test_a_kept_file_not_imported_within_a_day_is_forgotten(uow, clock, manager, fleets):
    data = csv_file("vin", "WVWZZZCDZPW100001")
    check = await check_file(uow, manager, fleets["Berlin"], data, keep=True)
    clock.advance(job_import.KEPT_FOR + timedelta(minutes=1))
    before = await database_contents(uow)

    with pytest.raises(NotFound) as gone:
        async with uow() as work:
            await job_import.import_kept_file(
                work, manager, fleet_id=fleets["Berlin"], upload_id=check.upload_id, models=MODELS
            )

    assert gone.value.message == job_import.KEPT_GONE
    assert await database_contents(uow) == before


async def test_a_file_with_a_problem_is_not_kept(uow, manager, fleets):
    before = await database_contents(uow)

    check = await check_file(uow, manager, fleets["Berlin"], csv_file("vin", "nope"), keep=True)

    assert not check.ok and check.upload_id is None
    assert await database_contents(uow) == before


async def test_a_kept_file_of_another_fleet_is_not_found(uow, manager, fleets):
    check = await check_file(
        uow, manager, fleets["Berlin"], csv_file("vin", "WVWZZZCDZPW100001"), keep=True
    )

    with pytest.raises(NotFound):
        async with uow() as work:
            await job_import.import_kept_file(
                work, manager, fleet_id=fleets["Munich"], upload_id=check.upload_id, models=MODELS
            )


async def test_the_import_history_says_who_when_which_file_and_what_came_of_it(
    uow, manager, fleets, partner, clock
):
    await import_file(
        uow, Operator(), fleets["Berlin"], csv_file(NUMBERED_HEADER, *numbered_rows(2))
    )
    await check_file(
        uow,
        manager,
        fleets["Berlin"],
        csv_file(NUMBERED_HEADER, *numbered_rows(1, start=5)),
        keep=True,
    )

    async with uow.read_only() as work:
        history = await job_import.job_imports(work, manager, fleet_id=fleets["Berlin"])

    assert [(r.by, r.file_name, r.rows, r.pending, r.result, r.at) for r in history] == [
        ("manager@demo.test", "jobs.csv", 1, 1, "checked, not imported", clock.now()),
        ("command line", "jobs.csv", 2, 2, "imported", clock.now()),
    ]


async def test_a_file_name_keeps_only_its_own_name(uow, manager, fleets):
    async with uow() as work:
        check = await job_import.check_job_file(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            file_name="C:\\fakepath\\Neue Autos\x07.csv",
            data=csv_file("vin", "WVWZZZCDZPW100001"),
            options=ImportOptions(),
            models=MODELS,
            keep=False,
        )

    assert check.file_name == "Neue Autos.csv"


async def test_a_thousand_rows_are_written_in_one_go(uow, manager, fleets, partner):
    data = csv_file(
        NUMBERED_HEADER, *numbered_rows(300, partner=partner), *numbered_rows(700, start=301)
    )

    result = await import_file(uow, manager, fleets["Berlin"], data)

    assert (result.rows, result.assigned, result.pending) == (1000, 300, 700)
    async with uow.read_only() as work:
        counts = dict(
            (
                await work.session.execute(select(Job.status, func.count()).group_by(Job.status))
            ).all()
        )
        kept = await work.session.scalar(select(func.count()).select_from(JobImport))
    assert counts == {"ASSIGNED": 300, "PENDING": 700}
    assert kept == 1


async def test_the_sample_file_imports_into_the_demo_fleet_as_it_is(uow, manager, fleets):
    check = await check_file(uow, manager, fleets["Berlin"], sample_file())

    assert check.problems == ()
    assert [(row.line, row.job_type) for row in check.preview] == [
        (2, JobType.INSTALLATION),
        (3, JobType.INSTALLATION),
        (5, JobType.MAINTENANCE),  # the row before spans two lines
    ]


async def test_two_presses_of_import_at_once_import_the_file_once(uow, manager, fleets):
    data = csv_file(NUMBERED_HEADER, *numbered_rows(50))
    check = await check_file(uow, manager, fleets["Berlin"], data, keep=True)

    async def press() -> bool:
        async with uow() as work:
            result = await job_import.import_kept_file(
                work, manager, fleet_id=fleets["Berlin"], upload_id=check.upload_id, models=MODELS
            )
        return result.already_imported

    assert sorted(await asyncio.gather(press(), press())) == [False, True]
    assert len(await jobs_of(uow, fleets["Berlin"])) == 50
