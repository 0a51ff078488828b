"""The demo data: always the same, and seeding it again changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.actors import TeamRole
from core.db.models import Fleet, FleetConnection, Manager, ServicePartner, Technician
from core.db.uow import UnitOfWorkFactory
from core.errors import InvalidInput
from core.links import DeepLinks, LinkKind
from core.passwords import Passwords
from core.services import accounts, demo, invitations
from core.status import InvitationStatus
from tests.factories import database_contents, row_counts

PASSWORD = "demo password 2026"


async def seed(uow: UnitOfWorkFactory, passwords: Passwords, links: DeepLinks, password=PASSWORD):
    async with uow() as work:
        return await demo.seed_demo(work, passwords, links=links, password=password)


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


async def test_demo_pending_invitation_has_a_working_link(uow, passwords, links):
    await seed(uow, passwords, links)

    async with uow.read_only() as work:
        pending = await work.session.scalar(
            select(FleetConnection).where(FleetConnection.status == InvitationStatus.PENDING)
        )
        assert pending is not None and pending.link_nonce is not None
        email = pending.email
        token = links.derive(LinkKind.INVITATION, pending.link_nonce).token
        preview = await invitations.preview_invitation(work, token=token)

    assert email == "newpartner@demo.test"
    assert (preview.provider_name, preview.fleet_name) == ("Demo Mobility", "Berlin")


async def test_demo_manager_can_sign_in(uow, passwords, links):
    await seed(uow, passwords, links)

    async with uow() as work:
        session = await accounts.sign_in(
            work, passwords, email="manager@demo.test", password=PASSWORD
        )
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
    async with uow() as work:
        session = await accounts.sign_in(
            work, passwords, email="manager@demo.test", password="another demo password"
        )
        active = await accounts.find_session(work, token=session.token)
    assert active.manager.id == manager_id


async def test_a_too_short_demo_password_is_refused_and_nothing_written(uow, passwords, links):
    before = await database_contents(uow)

    with pytest.raises(InvalidInput):
        await seed(uow, passwords, links, password="short")

    assert await database_contents(uow) == before


async def test_seed_only_wanted_while_no_provider_exists(uow, passwords, links):
    async with uow.read_only() as work:
        assert not await demo.has_providers(work)
        assert not await demo.has_demo_manager(work)
    await seed(uow, passwords, links)
    async with uow.read_only() as work:
        assert await demo.has_providers(work)
        assert await demo.has_demo_manager(work)
