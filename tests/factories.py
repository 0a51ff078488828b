"""Builders of test data, written straight to the database the way the services would."""

from __future__ import annotations

from datetime import date
from typing import Any

from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from sqlalchemy import func, select

from cloudboxx.demo import DEMO_VEHICLE_MODELS
from core.actors import Manager, TeamRole, TelegramUser
from core.db.models import (
    Base,
    Fleet,
    Organization,
    ServicePartner,
    Technician,
    TelegramMessage,
)
from core.db.uow import UnitOfWorkFactory
from core.job_fields import JobFields, clean_job_fields
from core.links import DeepLinks, parse_start_payload
from core.passwords import Passwords
from core.services import accounts, invitations, jobs, partners
from core.views import InvitationLink

PASSWORD = "correct horse battery"


class FastPasswords(Passwords):
    """argon2id with its cheapest profile: the same code path, a fraction of the time."""

    def __init__(self) -> None:
        super().__init__(PasswordHasher.from_parameters(CHEAPEST))


async def make_provider(
    uow: UnitOfWorkFactory,
    name: str = "Demo Mobility",
    fleets: tuple[str, ...] = ("Berlin", "Munich"),
) -> dict[str, int]:
    """A mobility provider with fleets; returns the fleet ids by name (and 'organization')."""
    async with uow() as work:
        now = work.clock.now()
        organization = Organization(name=name, created_at=now)
        work.session.add(organization)
        await work.session.flush()
        rows = [Fleet(organization_id=organization.id, name=f, created_at=now) for f in fleets]
        work.session.add_all(rows)
        await work.session.flush()
        ids = {row.name: row.id for row in rows} | {"organization": organization.id}
        await work.commit()
    return ids


async def make_manager(
    uow: UnitOfWorkFactory,
    passwords: Passwords,
    *,
    organization_id: int,
    fleet_ids: list[int],
    email: str = "manager@demo.test",
    password: str = PASSWORD,
) -> Manager:
    """A manager of the given fleets, who can sign in with password; made by the service."""
    async with uow.read_only() as work:
        organization = await work.session.get_one(Organization, organization_id)
        organization_name = organization.name
        fleet_names = list(
            await work.session.scalars(select(Fleet.name).where(Fleet.id.in_(fleet_ids)))
        )
    async with uow() as work:
        view = await accounts.create_manager(
            work,
            passwords,
            organization_name=organization_name,
            email=email,
            password=password,
            fleet_names=fleet_names,
        )
    return Manager(
        id=view.id,
        organization_id=organization_id,
        email=view.email,
        fleet_ids=frozenset(fleet.id for fleet in view.fleets),
    )


async def make_partner(
    uow: UnitOfWorkFactory,
    *,
    name: str = "Demo Installers",
    code: str = "DEMO1",
    admin_telegram_id: int = 500001,
) -> int:
    """A service partner with a partner admin; returns the partner's id."""
    async with uow() as work:
        now = work.clock.now()
        partner = ServicePartner(partner_code=code, name=name, created_at=now)
        work.session.add(partner)
        await work.session.flush()
        work.session.add(
            Technician(
                telegram_user_id=admin_telegram_id,
                partner_id=partner.id,
                role=TeamRole.PARTNER_ADMIN,
                display_name=f"{name} admin",
                joined_at=now,
            )
        )
        await work.commit()
        return partner.id


async def row_counts(uow: UnitOfWorkFactory) -> dict[str, int]:
    """How many rows each table holds."""
    return {table: len(rows) for table, rows in (await database_contents(uow)).items()}


async def database_contents(uow: UnitOfWorkFactory) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: equal before and after means nothing was written at all.

    But the ids of the Telegram updates taken in: the bot notes every update it gets (so that one
    delivered twice is processed once), which is its bookkeeping, not a change.
    """
    async with uow.read_only() as work:
        contents = {}
        for table in Base.metadata.sorted_tables:
            if table.name == "telegram_updates":
                continue
            rows = (await work.session.execute(select(table))).all()
            contents[table.name] = sorted((tuple(row) for row in rows), key=repr)
        return contents


async def queued_messages(uow: UnitOfWorkFactory) -> list[tuple[Any, ...]]:
    """The Telegram outbox, oldest first: (recipient, text key, values, buttons, status)."""
    async with uow.read_only() as work:
        rows = await work.session.scalars(select(TelegramMessage).order_by(TelegramMessage.id))
        return [
            (row.telegram_user_id, row.text_key, row.text_values, row.buttons, row.status)
            for row in rows
        ]


async def count(uow: UnitOfWorkFactory, model: type[Any]) -> int:
    """How many rows a table has."""
    async with uow.read_only() as work:
        return int(await work.session.scalar(select(func.count()).select_from(model)) or 0)


async def invite(
    uow: UnitOfWorkFactory,
    manager: Manager,
    links: DeepLinks,
    fleet_id: int,
    email: str = "partner@example.com",
    allow_override: bool = False,
) -> InvitationLink:
    """An invitation made through the service, as if the manager had sent the form."""
    async with uow() as work:
        return await partners.invite_partner(
            work,
            manager,
            fleet_id=fleet_id,
            email=email,
            allow_override=allow_override,
            links=links,
        )


def token_of(url: str) -> str:
    """The token of a deep link, as the bot receives it after /start."""
    return parse_start_payload(url.split("?start=", 1)[1])[1]


async def connect_partner(
    uow: UnitOfWorkFactory,
    manager: Manager,
    links: DeepLinks,
    fleet_id: int,
    *,
    name: str = "Volt Installers",
    admin_telegram_id: int = 810001,
    allow_override: bool = False,
) -> str:
    """A partner that accepted the fleet's invitation, as in the bot; returns its Partner ID."""
    link = await invite(
        uow,
        manager,
        links,
        fleet_id,
        email=f"{admin_telegram_id}@partners.test",
        allow_override=allow_override,
    )
    admin = TelegramUser(id=admin_telegram_id, name=f"{name} admin")
    async with uow() as work:
        accepted = await invitations.accept_invitation(
            work, admin, token=token_of(link.url), company_name=name
        )
    return accepted.partner_code


def job_fields(**raw: str) -> JobFields:
    """Job data as the job form hands it in, checked against the demo fleet's vehicle models."""
    return clean_job_fields(
        raw, models=DEMO_VEHICLE_MODELS, time_zone="Europe/Berlin", today=date(2026, 11, 27)
    )


async def make_job(
    uow: UnitOfWorkFactory,
    manager: Manager,
    fleet_id: int,
    *,
    partner_code: str | None = None,
    **raw: str,
) -> int:
    """A job saved (and, with a partner, assigned) through the service; returns its id."""
    async with uow() as work:
        saved = await jobs.create_job(
            work, manager, fleet_id=fleet_id, fields=job_fields(**raw), partner_code=partner_code
        )
    return saved.job_id
