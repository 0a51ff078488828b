"""A partner answers a fleet's invitation through its deep link, as the bot will ask it to."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.actors import Manager, TeamRole, TelegramUser
from core.clock import ManualClock
from core.db.models import FleetConnection, ServicePartner, Technician
from core.db.uow import UnitOfWorkFactory
from core.errors import Conflict, ErrorCode, InvalidInput, LinkNotUsable, NotAllowed
from core.links import DeepLinks
from core.services import invitations, partners
from core.status import InvitationStatus
from tests.factories import database_contents, make_partner, token_of

ANNA = TelegramUser(id=4242, name="Anna Schmidt", language="de")


async def invite_token(
    uow: UnitOfWorkFactory, manager: Manager, links: DeepLinks, fleet_id: int, override=False
) -> str:
    async with uow() as work:
        link = await partners.invite_partner(
            work,
            manager,
            fleet_id=fleet_id,
            email=f"partner{fleet_id}@example.com",
            allow_override=override,
            links=links,
        )
    return token_of(link.url)


async def accept(uow: UnitOfWorkFactory, token: str, user=ANNA, company: str | None = "Anna GmbH"):
    async with uow() as work:
        return await invitations.accept_invitation(work, user, token=token, company_name=company)


async def test_preview_shows_provider_fleet_and_override(uow, manager, links, fleets):
    token = await invite_token(uow, manager, links, fleets["Munich"], override=True)
    async with uow.read_only() as work:
        preview = await invitations.preview_invitation(work, ANNA, token=token)
    assert (preview.provider_name, preview.fleet_name, preview.allow_override) == (
        "Demo Mobility",
        "Munich",
        True,
    )
    assert preview.time_zone == "Europe/Berlin"


async def test_accepting_creates_the_partner_with_a_fresh_partner_id(uow, manager, links, fleets):
    token = await invite_token(uow, manager, links, fleets["Berlin"])

    accepted = await accept(uow, token, company="  Anna   Installations  ")

    assert re.fullmatch(r"[A-Z0-9]{5}", accepted.partner_code)
    assert accepted.partner_name == "Anna Installations"
    assert accepted.partner_created
    async with uow.read_only() as work:
        admin = (
            await work.session.execute(select(Technician.telegram_user_id, Technician.role))
        ).one()
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])
    assert tuple(admin) == (4242, TeamRole.PARTNER_ADMIN)
    assert [(r.status, r.partner_code, r.partner_name) for r in rows] == [
        (InvitationStatus.ACCEPTED, accepted.partner_code, "Anna Installations")
    ]


async def test_partner_admin_links_another_fleet_to_the_existing_partner(
    uow, manager, links, fleets
):
    first = await accept(uow, await invite_token(uow, manager, links, fleets["Berlin"]))

    second = await accept(
        uow, await invite_token(uow, manager, links, fleets["Munich"]), company=None
    )

    assert second.partner_code == first.partner_code
    assert not second.partner_created
    async with uow.read_only() as work:
        statuses = (await work.session.scalars(select(FleetConnection.status))).all()
        assert await work.session.scalar(select(func.count()).select_from(ServicePartner)) == 1
        assert await work.session.scalar(select(func.count()).select_from(Technician)) == 1
    assert statuses == ["ACCEPTED", "ACCEPTED"]


async def test_invitation_link_cannot_be_used_twice(uow, manager, links, fleets):
    token = await invite_token(uow, manager, links, fleets["Berlin"])
    await accept(uow, token)
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable, match="already been used"):
        await accept(uow, token, user=TelegramUser(99, "Mallory"), company="Other GmbH")
    assert await database_contents(uow) == before


async def test_forged_token_is_refused_and_nothing_changes(uow, manager, links, fleets):
    await invite_token(uow, manager, links, fleets["Berlin"])
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable, match="not valid"):
        await accept(uow, "A" * 32)
    assert await database_contents(uow) == before


async def test_expired_invitation_cannot_be_accepted(
    uow, manager, links, fleets, clock: ManualClock
):
    token = await invite_token(uow, manager, links, fleets["Berlin"])
    clock.advance(links.invitation_ttl + timedelta(seconds=1))
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable, match="expired"):
        await accept(uow, token)
    assert await database_contents(uow) == before


async def test_invitation_cannot_be_accepted_after_declining(uow, manager, links, fleets):
    token = await invite_token(uow, manager, links, fleets["Berlin"])
    async with uow() as work:
        await invitations.decline_invitation(work, ANNA, token=token)
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable, match="declined"):
        await accept(uow, token)
    assert await database_contents(uow) == before
    async with uow.read_only() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])
    assert rows[0].status == InvitationStatus.DECLINED


@pytest.mark.parametrize("name", ["", " A ", "x" * 81])
async def test_company_name_must_have_2_to_80_characters(uow, manager, links, fleets, name):
    token = await invite_token(uow, manager, links, fleets["Berlin"])
    before = await database_contents(uow)

    with pytest.raises(InvalidInput, match="2 to 80"):
        await accept(uow, token, company=name)
    assert await database_contents(uow) == before


async def test_new_partner_must_give_a_company_name(uow, manager, links, fleets):
    token = await invite_token(uow, manager, links, fleets["Berlin"])
    before = await database_contents(uow)

    with pytest.raises(InvalidInput, match="company or team name"):
        await accept(uow, token, company=None)
    assert await database_contents(uow) == before


async def test_a_company_name_that_is_not_text_is_refused(uow, manager, links, fleets):
    token = await invite_token(uow, manager, links, fleets["Berlin"])
    before = await database_contents(uow)

    with pytest.raises(InvalidInput, match="not valid UTF-8") as refused:
        await accept(uow, token, company="Anna \udcff GmbH")  # a lone surrogate from JSON

    assert refused.value.code == ErrorCode.NOT_TEXT
    assert await database_contents(uow) == before


async def test_reopening_your_own_accepted_invitation_names_your_partner_id(
    uow, manager, links, fleets
):
    token = await invite_token(uow, manager, links, fleets["Berlin"])
    accepted = await accept(uow, token)
    before = await database_contents(uow)

    async with uow.read_only() as work:
        with pytest.raises(LinkNotUsable) as refused:
            await invitations.preview_invitation(work, ANNA, token=token)

    assert refused.value.code == ErrorCode.INVITATION_ACCEPTED_BY_YOU
    assert refused.value.values["partner_code"] == accepted.partner_code
    assert await database_contents(uow) == before


async def test_technician_cannot_accept_for_a_company(uow, manager, links, fleets):
    await accept(uow, await invite_token(uow, manager, links, fleets["Berlin"]))
    async with uow() as work:
        partner = await work.session.scalar(select(ServicePartner))
        work.session.add(
            Technician(
                telegram_user_id=5555,
                partner_id=partner.id,
                role=TeamRole.TECHNICIAN,
                display_name="Tom",
                joined_at=work.clock.now(),
            )
        )
        await work.commit()
    token = await invite_token(uow, manager, links, fleets["Munich"])
    before = await database_contents(uow)

    with pytest.raises(NotAllowed, match="only a partner admin"):
        await accept(uow, token, user=TelegramUser(5555, "Tom"))
    async with uow() as work:
        with pytest.raises(NotAllowed, match="only a partner admin"):
            await invitations.decline_invitation(work, TelegramUser(5555, "Tom"), token=token)
    assert await database_contents(uow) == before


async def test_partner_already_connected_to_the_fleet_is_told_so(uow, manager, links, fleets):
    await accept(uow, await invite_token(uow, manager, links, fleets["Berlin"]))
    async with uow() as work:
        link = await partners.invite_partner(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            email="second-address@example.com",
            allow_override=False,
            links=links,
        )
    token = token_of(link.url)
    before = await database_contents(uow)

    with pytest.raises(Conflict, match="already connected"):
        await accept(uow, token, company=None)
    assert await database_contents(uow) == before


async def test_partner_id_is_drawn_again_when_it_is_taken(uow):
    await make_partner(uow, code="DEMO1")
    draws = iter(["DEMO1", "DEMO1", "NEW01"])

    async with uow.read_only() as work:
        code = await invitations.fresh_partner_code(work, draw=lambda: next(draws))

    assert code == "NEW01"


def test_random_partner_ids_have_five_upper_case_letters_and_digits():
    assert all(re.fullmatch(r"[A-Z0-9]{5}", invitations.random_partner_code()) for _ in range(200))
