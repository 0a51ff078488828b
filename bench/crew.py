"""A crew for the benchmarks: a partner's team of technicians, each with boxes and jobs of its own.

Setup writes straight to the database where the product would take many steps (the technicians
join the team, the partner admin gives each job to one of them); everything after it goes
through the services or the bot. Every job is an installation on a Golf 8 (OBD, CAN, petrol,
carsharing), like tests/bot/test_checklist.py's, on a box of its own added to the simulator:
waiting to be installed for the jobs a benchmark walks, already installed in the job's vehicle
for the others (so that securing it can work without walking the checklist first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update

from cloudboxx import Box, Simulator
from cloudboxx.demo import BERLIN, DEMO_SEED, GOLF, seed_demo_fleet
from cloudboxx.types import (
    BoxConfig,
    CentralLockConnectionType,
    FuelType,
    InstallationVariant,
    Vehicle,
)
from core.actors import Manager, TeamRole, TelegramUser
from core.container import Services
from core.db.models import Job, Technician, TelegramMessage
from tests.factories import FastPasswords, connect_partner, make_job, make_manager, make_provider

FIRST_TECHNICIAN = 6_000_001  # Telegram user ids of the technicians, one after another
PARTNER_ADMIN = 5_999_999


@dataclass(frozen=True)
class CrewJob:
    """A job given to one technician: what they type and see for it."""

    job_id: int
    plate: str
    vin: str
    qnr: str

    @property
    def list_button(self) -> str:
        """The job's button in /jobs."""
        return f"{self.plate} (installation)"


@dataclass(frozen=True)
class CrewMember:
    """A technician of the team and the jobs given to them, in the order they do them."""

    user: TelegramUser
    jobs: tuple[CrewJob, ...]


def bench_simulator(answer_seconds: float) -> Simulator:
    """The demo fleet in memory, its boxes answering after answer_seconds."""
    simulator = Simulator(seed=DEMO_SEED, answer_seconds=answer_seconds)
    seed_demo_fleet(simulator)
    return simulator


async def bench_partner(services: Services, *, admin_telegram_id: int) -> tuple[Manager, int, str]:
    """Bench Mobility's Berlin, its manager, and Bench Installers connected to it with this
    partner admin: (manager, Berlin's fleet id, the partner's code)."""
    uow = services.uow
    fleets = await make_provider(uow, name="Bench Mobility", fleets=(BERLIN,))
    berlin = fleets[BERLIN]
    manager = await make_manager(
        uow,
        FastPasswords(),
        organization_id=fleets["organization"],
        fleet_ids=[berlin],
        email="bench@fleetcrew.test",
    )
    code = await connect_partner(
        uow,
        manager,
        services.links,
        berlin,
        name="Bench Installers",
        admin_telegram_id=admin_telegram_id,
    )
    return manager, berlin, code


async def seed_crew(
    services: Services,
    simulator: Simulator,
    *,
    technicians: int,
    jobs_each: int,
    walked_each: int | None = None,
) -> list[CrewMember]:
    """Berlin's manager, a connected partner, its technicians, and jobs_each jobs for each;
    the boxes of each one's first walked_each jobs (default: all) wait to be installed."""
    uow = services.uow
    manager, berlin, code = await bench_partner(services, admin_telegram_id=PARTNER_ADMIN)
    users = [
        TelegramUser(id=FIRST_TECHNICIAN + n, name=f"Tech {n:03d}", language="en")
        for n in range(technicians)
    ]
    async with uow() as work:
        partner_id = await work.session.scalar(
            select(Technician.partner_id).where(Technician.telegram_user_id == PARTNER_ADMIN)
        )
        now = work.clock.now()
        rows = [
            Technician(
                telegram_user_id=user.id,
                partner_id=partner_id,
                role=TeamRole.TECHNICIAN,
                display_name=user.name,
                joined_at=now,
            )
            for user in users
        ]
        work.session.add_all(rows)
        await work.commit()
        technician_ids = [row.id for row in rows]
    crew = []
    number = 0
    for user, technician_id in zip(users, technician_ids, strict=True):
        jobs = []
        for n in range(jobs_each):
            number += 1
            job = CrewJob(0, f"B-BT {number}", f"WVWZZZCDZMW{number:06d}", f"0031{number:012d}")
            walked = walked_each is None or n < walked_each
            simulator.add_box(Box(job.qnr, BERLIN) if walked else installed_box(job))
            job_id = await make_job(
                uow,
                manager,
                berlin,
                partner_code=code,
                license_plate=job.plate,
                vin=job.vin,
                vehicle_model_id=GOLF,
                installation_variant="OBD",
                central_lock_connection_type="CAN",
                fuel_type="PETROL",
                configuration_preset="carsharing",
                qnr=job.qnr,
            )
            jobs.append(CrewJob(job_id, job.plate, job.vin, job.qnr))
        crew.append(CrewMember(user, tuple(jobs)))
        await give_jobs(services, technician_id, [job.job_id for job in jobs])
    await drop_team_notices(services)
    return crew


def installed_box(job: CrewJob) -> Box:
    """The job's box, installed in its vehicle as the job plans it."""
    config = BoxConfig(
        GOLF,
        InstallationVariant.OBD,
        CentralLockConnectionType.CAN,
        FuelType.PETROL,
        "carsharing",
        frozenset(),
    )
    return Box(job.qnr, BERLIN, Vehicle(vin=job.vin, license_plate=job.plate), config)


async def give_jobs(services: Services, technician_id: int, job_ids: list[int]) -> None:
    """The partner admin gave these jobs to this technician (only they see and start them)."""
    async with services.uow() as work:
        await work.session.execute(
            update(Job).where(Job.id.in_(job_ids)).values(technician_id=technician_id)
        )
        await work.commit()


async def drop_team_notices(services: Services) -> None:
    """Forget the team's notices of new jobs, so the chats hold only answers to what they do."""
    async with services.uow() as work:
        await work.session.execute(delete(TelegramMessage))
        await work.commit()


async def set_access_until(services: Services, job_id: int, seconds: float) -> None:
    """The job's access window ends this many seconds from now (a manager's edit, in setup)."""
    async with services.uow() as work:
        until = work.clock.now() + timedelta(seconds=seconds)
        await work.session.execute(update(Job).where(Job.id == job_id).values(access_until=until))
        await work.commit()
