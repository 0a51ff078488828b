"""The demo data: always the same, and seeding it again changes nothing."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from cloudboxx.demo import DEMO_BOXES, DEMO_VEHICLE_MODELS
from core.actors import TeamRole, TelegramUser
from core.db.models import (
    ExtraItem,
    Fleet,
    FleetConnection,
    Job,
    Manager,
    OutboxMail,
    ServicePartner,
    Technician,
    Template,
)
from core.db.uow import UnitOfWorkFactory
from core.errors import InvalidInput
from core.job_fields import FIELD_NAMES, JobFields, as_form_text, clean_job_fields
from core.links import DeepLinks, parse_start_payload
from core.mail.blanking import LINK_URL
from core.passwords import Passwords
from core.services import accounts, demo, invitations
from core.services.job_records import fields_of, search_text
from core.status import InvitationStatus, JobStatus
from tests.factories import database_contents, make_manager, make_provider, row_counts

PASSWORD = "demo password 2026"
SENDER = "FleetCrew <fleetcrew@demo.test>"


async def seed(uow: UnitOfWorkFactory, passwords: Passwords, links: DeepLinks, password=PASSWORD):
    async with uow() as work:
        return await demo.seed_demo(work, passwords, links=links, password=password, sender=SENDER)


async def seed_once(
    uow: UnitOfWorkFactory, passwords: Passwords, links: DeepLinks, password=PASSWORD
):
    async with uow() as work:
        return await demo.seed_demo_once(
            work, passwords, links=links, password=password, sender=SENDER
        )


async def sign_in(uow: UnitOfWorkFactory, passwords: Passwords, password: str):
    async with uow() as work:
        return await accounts.sign_in(work, passwords, email="manager@demo.test", password=password)


async def test_seeding_twice_gives_the_same_rows(uow, passwords, links):
    first = await seed(uow, passwords, links)
    contents = await database_contents(uow)
    after_first = await row_counts(uow)
    second = await seed(uow, passwords, links)

    assert (first.manager_email, first.created) == ("manager@demo.test", True)
    assert (second.manager_email, second.created) == ("manager@demo.test", False)
    assert await database_contents(uow) == contents
    assert after_first["organizations"] == 1
    assert after_first["fleets"] == 2
    assert after_first["fleet_connections"] == 3
    assert after_first["technicians"] == 3
    assert after_first["jobs"] > 300


async def test_demo_partner_is_connected_to_both_fleets_with_their_override(uow, passwords, links):
    await seed(uow, passwords, links)

    async with uow.read_only() as work:
        partner = await work.session.scalar(
            select(ServicePartner).where(ServicePartner.partner_code == "DEMO1")
        )
        assert partner is not None
        name = partner.name
        rows = await work.session.execute(
            select(Fleet.name, FleetConnection.status, FleetConnection.allow_override)
            .join_from(FleetConnection, Fleet)
            .where(FleetConnection.partner_id == partner.id)
        )
        connections = {fleet: (status, override) for fleet, status, override in rows}
        team = [
            tuple(member)
            for member in await work.session.execute(
                select(Technician.telegram_user_id, Technician.role, Technician.display_name)
                .where(Technician.partner_id == partner.id)
                .order_by(Technician.telegram_user_id)
            )
        ]

    assert name == "Demo Installers"
    assert connections == {
        "Berlin": (InvitationStatus.ACCEPTED, False),
        "Munich": (InvitationStatus.ACCEPTED, True),
    }
    assert team == [
        (700001, TeamRole.PARTNER_ADMIN, "Petra Admin"),
        (700002, TeamRole.TECHNICIAN, "Tom Technician"),
        (700003, TeamRole.TECHNICIAN, "Tina Technician"),
    ]


async def test_demo_pending_invitation_has_a_working_link_in_its_kept_mail(uow, passwords, links):
    await seed(uow, passwords, links)

    async with uow.read_only() as work:
        mail = await work.session.scalar(select(OutboxMail))
        assert mail is not None
        recipient = mail.recipient
        (url,) = LINK_URL.findall(mail.text_body)
        token = parse_start_payload(url.split("?start=", 1)[1])[1]
        someone = TelegramUser(id=900001, name="Nina")
        preview = await invitations.preview_invitation(work, someone, token=token)

    assert recipient == "newpartner@demo.test"
    assert url.startswith(links.start_url)
    assert (preview.provider_name, preview.fleet_name) == ("Demo Mobility", "Berlin")


async def test_demo_manager_can_sign_in(uow, passwords, links):
    await seed(uow, passwords, links)

    session = await sign_in(uow, passwords, PASSWORD)
    async with uow.read_only() as work:
        active = await accounts.find_session(work, token=session.token)

    assert len(active.manager.fleet_ids) == 2


async def test_seeding_with_a_new_password_replaces_only_the_password(uow, passwords, links):
    await seed(uow, passwords, links)
    async with uow.read_only() as work:
        manager_id = await work.session.scalar(select(Manager.id))
    before = await row_counts(uow)

    result = await seed(uow, passwords, links, password="another demo password")

    assert result.created is False
    assert await row_counts(uow) == before
    session = await sign_in(uow, passwords, "another demo password")
    async with uow.read_only() as work:
        active = await accounts.find_session(work, token=session.token)
    assert active.manager.id == manager_id


async def test_a_too_short_demo_password_is_refused_and_nothing_written(uow, passwords, links):
    before = await database_contents(uow)

    with pytest.raises(InvalidInput):
        await seed(uow, passwords, links, password="short")

    assert await database_contents(uow) == before


async def test_seeding_once_fills_an_empty_database_like_seeding(uow, passwords, links):
    seeded = await seed_once(uow, passwords, links)

    assert (seeded.manager_email, seeded.created) == ("manager@demo.test", True)
    counts = await row_counts(uow)
    assert (counts["organizations"], counts["fleet_connections"], counts["technicians"]) == (
        1,
        3,
        3,
    )


async def test_seeding_once_never_brings_back_what_a_user_deleted(uow, passwords, links):
    await seed_once(uow, passwords, links)
    async with uow() as work:
        await work.session.execute(
            delete(FleetConnection).where(FleetConnection.status == InvitationStatus.PENDING)
        )
        await work.session.execute(delete(Technician).where(Technician.telegram_user_id == 700003))
        await work.commit()
    before = await database_contents(uow)

    again = await seed_once(uow, passwords, links)

    assert (again.manager_email, again.created) == ("manager@demo.test", False)
    assert await database_contents(uow) == before


async def test_seeding_once_keeps_the_demo_managers_password_current(uow, passwords, links):
    await seed_once(uow, passwords, links)

    await seed_once(uow, passwords, links, password="another demo password")

    await sign_in(uow, passwords, "another demo password")


async def test_seeding_once_leaves_a_database_of_real_providers_alone(uow, passwords, links):
    await make_provider(uow, name="Acme Cars", fleets=("Hamburg",))
    before = await database_contents(uow)

    assert await seed_once(uow, passwords, links) is None
    assert await database_contents(uow) == before


async def test_seeding_once_with_a_too_short_password_is_refused_and_writes_nothing(
    uow, passwords, links
):
    await seed_once(uow, passwords, links)
    before = await database_contents(uow)

    with pytest.raises(InvalidInput):
        await seed_once(uow, passwords, links, password="short")

    assert await database_contents(uow) == before


async def test_seed_demo_still_recreates_what_is_missing(uow, passwords, links):
    await seed_once(uow, passwords, links)
    async with uow() as work:
        await work.session.execute(delete(Technician).where(Technician.telegram_user_id == 700003))
        await work.commit()

    again = await seed(uow, passwords, links)

    assert again.created is True
    assert (await row_counts(uow))["technicians"] == 3


async def test_seeding_once_never_sets_the_password_of_a_real_providers_manager(
    uow, passwords, links
):
    await seed_once(uow, passwords, links)
    async with uow() as work:
        await work.session.execute(delete(Manager))
        await work.commit()
    acme = await make_provider(uow, name="Acme Cars", fleets=("Hamburg",))
    await make_manager(
        uow, passwords, organization_id=acme["organization"], fleet_ids=[acme["Hamburg"]]
    )
    before = await database_contents(uow)

    await seed_once(uow, passwords, links, password="another demo password")

    assert await database_contents(uow) == before


TODAY = date(2026, 11, 27)  # START in Berlin


@dataclass(frozen=True)
class SeededJob:
    """A demo job as the tests read it: its fleet, status, partner, template and data."""

    id: int
    fleet: str
    status: JobStatus
    partner: str | None
    template_id: int | None
    fields: JobFields
    planned: list[str]
    search_text: str


async def demo_jobs(uow: UnitOfWorkFactory) -> list[SeededJob]:
    """Every job, in the order it was created."""
    async with uow.read_only() as work:
        rows = await work.session.execute(
            select(Fleet.name, Job, ServicePartner.partner_code)
            .join_from(Job, Fleet)
            .outerjoin(ServicePartner, ServicePartner.id == Job.partner_id)
            .order_by(Job.id)
        )
        return [
            SeededJob(
                job.id,
                fleet,
                JobStatus(job.status),
                code,
                job.template_id,
                fields_of(job),
                job.planned_fields,
                job.search_text,
            )
            for fleet, job, code in rows
        ]


async def demo_templates(uow: UnitOfWorkFactory) -> dict[int, tuple[str, str, JobFields]]:
    """Every template's fleet, name and data, by id."""
    async with uow.read_only() as work:
        rows = await work.session.execute(select(Fleet.name, Template).join_from(Template, Fleet))
        return {t.id: (fleet, t.name, fields_of(t)) for fleet, t in rows}


async def test_each_demo_fleet_has_the_templates_with_their_extra_items(uow, passwords, links):
    await seed(uow, passwords, links)

    async with uow.read_only() as work:
        rows = await work.session.execute(
            select(Fleet.name, Template.name, ExtraItem.label, ExtraItem.kind, ExtraItem.required)
            .join_from(Template, Fleet)
            .join(ExtraItem, ExtraItem.template_id == Template.id)
            .order_by(Fleet.name, Template.name, ExtraItem.position)
        )
        items = [tuple(row) for row in rows]

    expected = [
        ("Combustion with key holder", "Mileage at handover", "NUMBER", True),
        ("EV setup – standard", "Sticker on the windscreen", "PHOTO", True),
        ("EV setup – standard", "Charging cable in the boot", "CONFIRM", False),
        ("Yearly box inspection", "Condition of the wiring", "CHOICE", True),
    ]
    assert items == [(fleet, *item) for fleet in ("Berlin", "Munich") for item in expected]


PLANNING = (JobStatus.PENDING, JobStatus.ASSIGNED)


async def test_demo_fleets_have_hundreds_and_dozens_of_pending_and_assigned_jobs(
    uow, passwords, links
):
    await seed(uow, passwords, links)

    jobs = await demo_jobs(uow)
    by_fleet = Counter(job.fleet for job in jobs)
    by_status = Counter((job.fleet, job.status) for job in jobs)
    partners = {(job.status, job.partner) for job in jobs}

    assert by_fleet["Berlin"] >= 250
    assert 24 <= by_fleet["Munich"] < 100
    planning = {key: n for key, n in by_status.items() if key[1] in PLANNING}
    assert min(planning.values()) >= 10
    assert set(planning) == {
        (fleet, status) for fleet in ("Berlin", "Munich") for status in PLANNING
    }
    # and in Berlin, the technicians' work: one job under way, one done, one failed
    assert {key: n for key, n in by_status.items() if key[1] not in PLANNING} == {
        ("Berlin", JobStatus.RUNNING): 1,
        ("Berlin", JobStatus.SUCCEEDED): 1,
        ("Berlin", JobStatus.FAILED): 1,
    }
    assert {(s, p) for s, p in partners if s in PLANNING} == {
        (JobStatus.PENDING, None),
        (JobStatus.ASSIGNED, "DEMO1"),
    }


async def test_some_assigned_demo_jobs_are_overdue_in_each_fleet(uow, passwords, links):
    await seed(uow, passwords, links)

    jobs = await demo_jobs(uow)
    overdue = Counter(
        job.fleet
        for job in jobs
        if job.status == JobStatus.ASSIGNED
        and job.fields.service_date is not None
        and job.fields.service_date < TODAY
    )
    dates = [job.fields.service_date for job in jobs if job.fields.service_date is not None]

    assert overdue["Berlin"] >= 10 and overdue["Munich"] >= 2
    assert min(dates) < TODAY < max(dates)


async def test_demo_jobs_from_templates_carry_the_templates_data_and_items(uow, passwords, links):
    await seed(uow, passwords, links)

    async with uow.read_only() as work:
        owners = (await work.session.execute(select(ExtraItem.job_id, ExtraItem.template_id))).all()
    job_items = Counter(job_id for job_id, _ in owners if job_id is not None)
    template_items = Counter(template_id for _, template_id in owners if template_id is not None)
    templates = await demo_templates(uow)
    from_templates = [job for job in await demo_jobs(uow) if job.template_id is not None]

    assert {(job.fleet, templates[job.template_id][1]) for job in from_templates} == {
        (fleet, name)
        for fleet in ("Berlin", "Munich")
        for name in ("EV setup – standard", "Combustion with key holder", "Yearly box inspection")
    }
    for job in from_templates:
        fleet, _, planned = templates[job.template_id]
        assert fleet == job.fleet
        assert job_items[job.id] == template_items[job.template_id]
        assert {name: job.fields.filled()[name] for name in planned.filled()} == planned.filled()


async def test_demo_maintenance_jobs_name_the_installed_boxes_and_their_problem(
    uow, passwords, links
):
    await seed(uow, passwords, links)

    jobs = [job for job in await demo_jobs(uow) if job.fields.job_type == "MAINTENANCE"]
    installed = {(box.fleet, box.qnr): box for box in DEMO_BOXES if box.installed}

    assert {(job.fleet, job.fields.qnr) for job in jobs} == set(installed)
    for job in jobs:
        box = installed[(job.fleet, job.fields.qnr)]
        assert box.vehicle is not None and box.config is not None
        assert job.fields.maintenance_type is not None and job.fields.problem_description
        assert (job.fields.vin, job.fields.license_plate) == (
            box.vehicle.vin,
            box.vehicle.license_plate,
        )
        assert job.fields.vehicle_model_id == box.config.vehicle_model_id
    assert {job.fields.maintenance_type for job in jobs} == {"INSPECTION", "PREVENTIVE", "REPAIR"}


async def test_every_demo_job_and_template_is_data_the_job_form_takes_back(uow, passwords, links):
    await seed(uow, passwords, links)

    jobs = await demo_jobs(uow)
    templates = await demo_templates(uow)

    for fields in [job.fields for job in jobs] + [t[2] for t in templates.values()]:
        assert as_form(fields) == fields
    for job in jobs:
        assert job.search_text == search_text(job.fields)
        assert job.planned == [name for name in job.fields.filled() if name != "job_type"]


def as_form(fields: JobFields) -> JobFields:
    """The job data shown in the form and saved again, checked against the demo's models."""
    raw = {name: as_form_text(getattr(fields, name), "Europe/Berlin") for name in FIELD_NAMES}
    return clean_job_fields(raw, models=DEMO_VEHICLE_MODELS, time_zone="Europe/Berlin", today=TODAY)


async def test_demo_vehicles_have_german_plates_each_once_per_fleet(uow, passwords, links):
    await seed(uow, passwords, links)

    jobs = [
        job
        for job in await demo_jobs(uow)
        # the succeeded one is the installation of a box that is in its car now: the box's plate
        if job.fields.job_type == "INSTALLATION" and job.status != JobStatus.SUCCEEDED
    ]
    plates = Counter((job.fleet, job.fields.license_plate) for job in jobs)

    assert max(plates.values()) == 1
    for fleet, plate in plates:
        assert plate is not None
        prefix, number = plate.split(" ")
        assert (prefix, len(number)) == (("B-FC", 4) if fleet == "Berlin" else ("M-FC", 3))


async def test_seeding_again_plans_no_second_batch_of_jobs(uow, passwords, links):
    await seed(uow, passwords, links)
    async with uow() as work:
        munich = await work.session.scalar(select(Fleet.id).where(Fleet.name == "Munich"))
        await work.session.execute(delete(Job).where(Job.id.in_(select(Job.id).limit(5))))
        await work.session.execute(delete(Template).where(Template.fleet_id == munich))
        await work.commit()
    before = await row_counts(uow)

    again = await seed(uow, passwords, links)

    after = await row_counts(uow)
    assert again.created is True  # Munich's templates are back
    assert after["jobs"] == before["jobs"]
    assert after["templates"] == before["templates"] + 3


async def test_seeding_plans_the_jobs_of_a_demo_fleet_left_without_any(uow, passwords, links):
    await seed(uow, passwords, links)
    first = Counter((job.fleet, job.status, job.fields) for job in await demo_jobs(uow))
    async with uow() as work:
        berlin = await work.session.scalar(select(Fleet.id).where(Fleet.name == "Berlin"))
        await work.session.execute(delete(Job).where(Job.fleet_id == berlin))
        await work.commit()

    again = await seed(uow, passwords, links)

    assert again.created is True
    assert Counter((job.fleet, job.status, job.fields) for job in await demo_jobs(uow)) == first


async def test_seeding_the_demo_with_its_jobs_takes_well_under_two_seconds(
    uow, passwords, links, capsys
):
    started = time.perf_counter()
    await seed(uow, passwords, links)
    took = time.perf_counter() - started

    async with uow.read_only() as work:
        jobs = await work.session.scalar(select(func.count()).select_from(Job))
    with capsys.disabled():
        print(f"\nseeding the demo ({jobs} jobs) took {took:.2f} s")
    assert took < 10  # generous: measured ~0.3 s on SQLite; this guards against per-job commits
