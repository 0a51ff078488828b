"""The demo data: always the same, and seeding it again changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from core.actors import TeamRole, TelegramUser
from core.db.models import (
    Fleet,
    FleetConnection,
    Manager,
    OutboxMail,
    ServicePartner,
    Technician,
)
from core.db.uow import UnitOfWorkFactory
from core.errors import InvalidInput
from core.links import DeepLinks, parse_start_payload
from core.mail.blanking import LINK_URL
from core.passwords import Passwords
from core.services import accounts, demo, invitations
from core.status import InvitationStatus
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
