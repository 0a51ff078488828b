"""A manager's jobs one by one: Save, Save & Assign, edit, duplicate, delete, reopen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.actors import TelegramUser
from core.db.models import AuditEvent, ExtraItem, Job
from core.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from core.extra_items import ExtraItem as Item
from core.extra_items import ItemKind
from core.services import invitations, jobs
from core.services.job_detail import show_job
from core.services.transitions import move_job
from core.status import JobStatus
from tests.factories import (
    connect_partner,
    database_contents,
    invite,
    job_fields,
    make_job,
    make_manager,
    make_provider,
    token_of,
)

STICKER = Item("Sticker on the windscreen", ItemKind.PHOTO, required=True)
MILEAGE = Item("Mileage at handover", ItemKind.NUMBER, required=False)


@pytest.fixture
async def partner(uow, manager, links, fleets) -> str:
    """Volt Installers, ACCEPTED for Berlin."""
    return await connect_partner(uow, manager, links, fleets["Berlin"])


async def status_of(uow, job_id: int) -> tuple[str, int | None]:
    async with uow.read_only() as work:
        job = await work.session.get_one(Job, job_id)
        return job.status, job.partner_id


async def force(uow, job_id: int, *statuses: JobStatus) -> None:
    """Walk a job through statuses the technician's side will set (RUNNING, FAILED …)."""
    async with uow() as work:
        job = await work.session.get_one(Job, job_id)
        for status in statuses:
            move_job(work, job, status, actor="test")
        await work.commit()


async def test_save_makes_a_pending_job_with_its_data_items_and_the_planned_fields(
    uow, manager, fleets
):
    async with uow() as work:
        saved = await jobs.create_job(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            fields=job_fields(vin="WVWZZZ1KZAW000001", vehicle_model_id="vw-golf-8"),
            items=[STICKER, MILEAGE],
        )

    assert saved.status == JobStatus.PENDING
    async with uow.read_only() as work:
        detail = await show_job(work, manager, fleet_id=fleets["Berlin"], job_id=saved.job_id)
    assert detail.fields.vin == "WVWZZZ1KZAW000001"
    assert detail.planned_fields == {"vin", "vehicle_model_id"}
    assert detail.extra_items == (STICKER, MILEAGE)
    assert [entry.action for entry in detail.timeline] == ["job.created"]
    assert detail.timeline[0].actor == manager.email


async def test_save_and_assign_gives_the_job_to_an_accepted_partner(uow, manager, fleets, partner):
    async with uow() as work:
        saved = await jobs.create_job(
            work, manager, fleet_id=fleets["Berlin"], fields=job_fields(), partner_code=partner
        )

    assert (saved.status, saved.partner_name) == (JobStatus.ASSIGNED, "Volt Installers")
    async with uow.read_only() as work:
        actions = await work.session.scalars(
            select(AuditEvent.action).where(AuditEvent.subject == f"job:{saved.job_id}")
        )
        assert actions.all() == ["job.created", "job.assigned"]


@pytest.mark.parametrize("berlin", ["pending", "declined", "none", "unknown partner"])
async def test_save_and_assign_is_refused_for_a_partner_not_accepted_for_the_fleet(
    uow, manager, links, fleets, berlin
):
    code = await connect_partner(
        uow, manager, links, fleets["Munich"], name="Munich Crew", admin_telegram_id=820001
    )
    if berlin in ("pending", "declined"):
        link = await invite(uow, manager, links, fleets["Berlin"], "munich@partners.test")
    if berlin == "declined":
        async with uow() as work:
            await invitations.decline_invitation(
                work, TelegramUser(820001, "Munich Crew admin"), token=token_of(link.url)
            )
    before = await database_contents(uow)

    with pytest.raises(InvalidInput) as refused:
        async with uow() as work:
            await jobs.create_job(
                work,
                manager,
                fleet_id=fleets["Berlin"],
                fields=job_fields(),
                partner_code="ZZZZZ" if berlin == "unknown partner" else code,
            )

    assert "works for this fleet" in refused.value.message
    assert await database_contents(uow) == before


async def test_a_pending_job_is_edited_and_the_timeline_says_what_changed(uow, manager, fleets):
    job_id = await make_job(uow, manager, fleets["Berlin"], license_plate="B-FC 1")

    async with uow() as work:
        await jobs.update_job(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            job_id=job_id,
            fields=job_fields(license_plate="B-FC 2", service_date="2026-12-03"),
            items=[MILEAGE],
        )

    async with uow.read_only() as work:
        detail = await show_job(work, manager, fleet_id=fleets["Berlin"], job_id=job_id)
    assert detail.fields.license_plate == "B-FC 2"
    assert detail.planned_fields == {"license_plate", "service_date"}
    assert detail.extra_items == (MILEAGE,)
    assert detail.timeline[-1].details["changed"] == ["license_plate", "service_date"]


async def test_an_assigned_job_is_edited_only_by_unassigning_it_in_the_same_step(
    uow, manager, fleets, partner
):
    job_id = await make_job(uow, manager, fleets["Berlin"], partner_code=partner)
    before = await database_contents(uow)

    with pytest.raises(InvalidTransition):
        async with uow() as work:
            await jobs.update_job(
                work, manager, fleet_id=fleets["Berlin"], job_id=job_id, fields=job_fields()
            )
    assert await database_contents(uow) == before

    async with uow() as work:
        saved = await jobs.update_job(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            job_id=job_id,
            fields=job_fields(custom_name="Car 7"),
            unassign=True,
        )
    assert saved.status == JobStatus.PENDING
    assert await status_of(uow, job_id) == ("PENDING", None)


@pytest.mark.parametrize(
    "walk",
    [
        (JobStatus.ASSIGNED, JobStatus.RUNNING),
        (JobStatus.ASSIGNED, JobStatus.RUNNING, JobStatus.SUCCEEDED),
        (JobStatus.ASSIGNED, JobStatus.RUNNING, JobStatus.FAILED),
    ],
)
async def test_running_and_finished_jobs_are_not_edited(uow, manager, fleets, partner, walk):
    job_id = await make_job(uow, manager, fleets["Berlin"])
    await force(uow, job_id, *walk)
    before = await database_contents(uow)

    for unassign in (False, True):
        with pytest.raises(InvalidTransition):
            async with uow() as work:
                await jobs.update_job(
                    work,
                    manager,
                    fleet_id=fleets["Berlin"],
                    job_id=job_id,
                    fields=job_fields(),
                    unassign=unassign,
                )
    assert await database_contents(uow) == before


async def test_a_running_job_is_not_deleted_and_others_are(uow, manager, fleets):
    running = await make_job(uow, manager, fleets["Berlin"])
    await force(uow, running, JobStatus.ASSIGNED, JobStatus.RUNNING)
    pending = await make_job(uow, manager, fleets["Berlin"], custom_name="Spare")
    before = await database_contents(uow)

    with pytest.raises(InvalidTransition, match="RUNNING job cannot be deleted"):
        async with uow() as work:
            await jobs.delete_job(work, manager, fleet_id=fleets["Berlin"], job_id=running)
    assert await database_contents(uow) == before

    async with uow() as work:
        await jobs.delete_job(work, manager, fleet_id=fleets["Berlin"], job_id=pending)
    async with uow.read_only() as work:
        assert await work.session.get(Job, pending) is None
        deleted = await work.session.scalar(
            select(AuditEvent.action)
            .where(AuditEvent.subject == f"job:{pending}")
            .order_by(AuditEvent.id.desc())
        )
    assert deleted == "job.deleted"


async def test_duplicate_makes_a_new_pending_copy_with_the_items(uow, manager, fleets, partner):
    async with uow() as work:
        original = await jobs.create_job(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            fields=job_fields(vehicle_model_id="vw-id3", installation_variant="OBD"),
            items=[STICKER],
            partner_code=partner,
        )

    async with uow() as work:
        copy = await jobs.duplicate_job(
            work, manager, fleet_id=fleets["Berlin"], job_id=original.job_id
        )

    async with uow.read_only() as work:
        detail = await show_job(work, manager, fleet_id=fleets["Berlin"], job_id=copy.job_id)
    assert copy.job_id != original.job_id
    assert (detail.status, detail.partner_name) == (JobStatus.PENDING, None)
    assert detail.fields.vehicle_model_id == "vw-id3"
    assert detail.extra_items == (STICKER,)


async def test_a_failed_job_is_reopened_for_the_same_partner_or_as_pending_keeping_its_history(
    uow, manager, fleets, partner
):
    first = await make_job(uow, manager, fleets["Berlin"], partner_code=partner)
    second = await make_job(uow, manager, fleets["Berlin"], partner_code=partner)
    for job_id in (first, second):
        await force(uow, job_id, JobStatus.RUNNING, JobStatus.FAILED)

    async with uow() as work:
        again = await jobs.reopen_job(
            work, manager, fleet_id=fleets["Berlin"], job_id=first, assign_again=True
        )
    async with uow() as work:
        planned = await jobs.reopen_job(
            work, manager, fleet_id=fleets["Berlin"], job_id=second, assign_again=False
        )

    assert (again.status, again.partner_name) == (JobStatus.ASSIGNED, "Volt Installers")
    assert (planned.status, planned.partner_name) == (JobStatus.PENDING, None)
    async with uow.read_only() as work:
        detail = await show_job(work, manager, fleet_id=fleets["Berlin"], job_id=first)
    assert [e.action for e in detail.timeline] == [
        "job.created",
        "job.assigned",
        "job.started",
        "job.failed",
        "job.reopened",
    ]
    assert (detail.failure_reason, detail.finished_at) == (None, None)  # open again
    assert "failure_reason" in detail.timeline[-1].details  # the failure stays on record


async def test_only_a_failed_job_is_reopened(uow, manager, fleets):
    job_id = await make_job(uow, manager, fleets["Berlin"])
    before = await database_contents(uow)

    with pytest.raises(InvalidTransition, match="Only a FAILED job"):
        async with uow() as work:
            await jobs.reopen_job(
                work, manager, fleet_id=fleets["Berlin"], job_id=job_id, assign_again=False
            )
    assert await database_contents(uow) == before


async def test_a_manager_of_another_organization_or_fleet_finds_no_job(
    uow, passwords, manager, fleets
):
    job_id = await make_job(uow, manager, fleets["Berlin"])
    other = await make_provider(uow, "Other Mobility", ("Hamburg",))
    stranger = await make_manager(
        uow,
        passwords,
        organization_id=other["organization"],
        fleet_ids=[other["Hamburg"]],
        email="boss@other.test",
    )
    munich = await make_manager(
        uow,
        passwords,
        organization_id=fleets["organization"],
        fleet_ids=[fleets["Munich"]],
        email="munich@demo.test",
    )
    before = await database_contents(uow)

    for who, fleet_id, error in (
        (stranger, other["Hamburg"], NotFound),
        (stranger, fleets["Berlin"], NotFound),
        (munich, fleets["Munich"], NotFound),
        (munich, fleets["Berlin"], NotFound),
    ):
        async with uow() as work:
            with pytest.raises(error):
                await show_job(work, who, fleet_id=fleet_id, job_id=job_id)
            for action in (jobs.duplicate_job, jobs.delete_job):
                with pytest.raises(error):
                    await action(work, who, fleet_id=fleet_id, job_id=job_id)
            with pytest.raises(error):
                await jobs.update_job(
                    work, who, fleet_id=fleet_id, job_id=job_id, fields=job_fields()
                )
    assert await database_contents(uow) == before


async def test_items_go_with_their_job(uow, manager, fleets):
    async with uow() as work:
        saved = await jobs.create_job(
            work, manager, fleet_id=fleets["Berlin"], fields=job_fields(), items=[STICKER]
        )
    async with uow() as work:
        await jobs.delete_job(work, manager, fleet_id=fleets["Berlin"], job_id=saved.job_id)

    async with uow.read_only() as work:
        assert (await work.session.scalars(select(ExtraItem))).all() == []


async def test_the_job_page_marks_an_assigned_job_past_its_service_date_as_overdue(
    uow, manager, fleets, partner, clock
):
    from core.job_fields import JobType
    from core.services.job_list import JobQuery, list_jobs

    await make_job(uow, manager, fleets["Berlin"], partner_code=partner, service_date="2026-11-28")
    clock.advance(timedelta(days=2))

    async with uow.read_only() as work:
        page = await list_jobs(
            work, manager, fleet_id=fleets["Berlin"], query=JobQuery(JobType.INSTALLATION)
        )
    assert [row.overdue for row in page.rows] == [True]


async def test_the_same_new_job_form_sent_twice_saves_one_job(uow, manager, fleets, partner):
    async def send():
        async with uow() as work:
            return await jobs.create_job(
                work,
                manager,
                fleet_id=fleets["Berlin"],
                fields=job_fields(license_plate="B-FC 7"),
                partner_code=partner,
                creation_key="form-key-of-one-form",
            )

    first = await send()
    before = await database_contents(uow)
    second = await send()

    assert (second.job_id, second.already_saved, first.already_saved) == (first.job_id, True, False)
    assert await database_contents(uow) == before


async def test_an_edit_of_a_job_changed_since_the_form_opened_is_refused(
    uow, manager, fleets, clock
):
    job_id = await make_job(uow, manager, fleets["Berlin"], license_plate="B-FC 8")
    async with uow.read_only() as work:
        opened = (
            await show_job(work, manager, fleet_id=fleets["Berlin"], job_id=job_id)
        ).updated_at
    clock.advance(timedelta(minutes=1))
    async with uow() as work:  # another tab saves first
        await jobs.update_job(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            job_id=job_id,
            fields=job_fields(license_plate="B-FC 9"),
            seen=opened,
        )
    before = await database_contents(uow)

    with pytest.raises(Conflict, match="changed since this form was opened"):
        async with uow() as work:
            await jobs.update_job(
                work,
                manager,
                fleet_id=fleets["Berlin"],
                job_id=job_id,
                fields=job_fields(license_plate="B-FC 10"),
                seen=opened,
            )
    assert await database_contents(uow) == before


async def test_a_deleted_jobs_number_and_timeline_go_to_no_other_job(
    uow, passwords, manager, fleets
):
    secret = await make_job(uow, manager, fleets["Berlin"], license_plate="B-SECRET 1")
    async with uow() as work:
        await jobs.delete_job(work, manager, fleet_id=fleets["Berlin"], job_id=secret)
    other = await make_provider(uow, "Other Mobility", ("Hamburg",))
    stranger = await make_manager(
        uow,
        passwords,
        organization_id=other["organization"],
        fleet_ids=[other["Hamburg"]],
        email="boss@other.test",
    )

    theirs = await make_job(uow, stranger, other["Hamburg"])

    async with uow.read_only() as work:
        detail = await show_job(work, stranger, fleet_id=other["Hamburg"], job_id=theirs)
    assert theirs != secret
    assert [entry.action for entry in detail.timeline] == ["job.created"]
    assert manager.email not in repr(detail.timeline)
