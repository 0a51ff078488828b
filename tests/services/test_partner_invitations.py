"""Inviting partners to fleets, as a manager does it on Partners & Teams."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.actors import TelegramUser
from core.clock import ManualClock
from core.db.models import AuditEvent, FleetConnection
from core.errors import Conflict, InvalidInput, LinkNotUsable, NotFound
from core.links import hash_token
from core.services import invitations, partners
from core.status import InvitationStatus
from tests.factories import count, database_contents, invite, make_manager, make_provider, token_of


async def test_invited_partner_is_listed_as_pending_with_a_deep_link(uow, manager, links, fleets):
    events = await count(uow, AuditEvent)
    link = await invite(uow, manager, links, fleets["Berlin"], "Partner@Example.com", True)

    assert link.url.startswith(f"{links.start_url}inv_")
    assert len(link.url.split("?start=")[1]) <= 64
    assert (link.provider_name, link.fleet_name, link.allow_override) == (
        "Demo Mobility",
        "Berlin",
        True,
    )
    async with uow.read_only() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])
    assert [(r.email, r.status, r.allow_override, r.partner_code) for r in rows] == [
        ("partner@example.com", InvitationStatus.PENDING, True, None)
    ]
    assert await count(uow, AuditEvent) == events + 1


async def test_only_a_hash_of_the_token_is_stored(uow, manager, links, fleets):
    link = await invite(uow, manager, links, fleets["Berlin"])
    token = token_of(link.url)

    assert token not in repr(await database_contents(uow))
    assert len(token) * 6 >= 128
    async with uow.read_only() as work:
        stored = await work.session.scalar(select(FleetConnection.token_hash))
    assert stored == link.link_hash == hash_token(token)


async def test_a_new_link_replaces_the_one_before_and_keeps_the_entry(
    uow, manager, links, fleets, clock: ManualClock
):
    old = await invite(uow, manager, links, fleets["Berlin"])
    clock.advance(timedelta(hours=1))

    async with uow() as work:
        new = await partners.renew_invitation_link(
            work, manager, fleet_id=fleets["Berlin"], connection_id=old.connection_id, links=links
        )

    assert (new.connection_id, new.email) == (old.connection_id, old.email)
    assert new.url != old.url
    assert new.expires_at == clock.now() + links.invitation_ttl
    async with uow() as work:
        with pytest.raises(LinkNotUsable, match="not valid"):
            await invitations.preview_invitation(
                work, TelegramUser(7, "Anna"), token=token_of(old.url)
            )
        preview = await invitations.preview_invitation(
            work, TelegramUser(7, "Anna"), token=token_of(new.url)
        )
    assert preview.fleet_name == "Berlin"


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b", "two@@example.com", "a\udcff@b.de"])
async def test_invalid_email_is_refused_and_nothing_is_written(uow, manager, links, fleets, email):
    before = await database_contents(uow)
    with pytest.raises(InvalidInput):
        await invite(uow, manager, links, fleets["Berlin"], email)
    assert await database_contents(uow) == before


async def test_second_invitation_for_same_fleet_and_partner_is_refused(uow, manager, links, fleets):
    await invite(uow, manager, links, fleets["Berlin"], "partner@example.com")
    before = await database_contents(uow)

    with pytest.raises(Conflict, match="already open"):
        await invite(uow, manager, links, fleets["Berlin"], "PARTNER@example.com")
    assert await database_contents(uow) == before


async def test_same_partner_may_be_invited_to_each_fleet(uow, manager, links, fleets):
    await invite(uow, manager, links, fleets["Berlin"])
    await invite(uow, manager, links, fleets["Munich"])
    assert await count(uow, FleetConnection) == 2


async def test_manager_cannot_invite_to_a_fleet_that_is_not_theirs(
    uow, passwords, manager, links, fleets
):
    other = await make_provider(uow, "Other Mobility", ("Hamburg",))
    before = await database_contents(uow)
    with pytest.raises(NotFound):
        await invite(uow, manager, links, other["Hamburg"])
    assert await database_contents(uow) == before


async def test_manager_cannot_touch_another_fleets_invitation(uow, passwords, manager, links):
    other = await make_provider(uow, "Other Mobility", ("Hamburg",))
    stranger = await make_manager(
        uow,
        passwords,
        organization_id=other["organization"],
        fleet_ids=[other["Hamburg"]],
        email="other@other.test",
    )
    link = await invite(uow, stranger, links, other["Hamburg"])
    before = await database_contents(uow)
    actions = [partners.resend_invitation, partners.renew_invitation_link]
    for action in actions:
        async with uow() as work:
            with pytest.raises(NotFound):
                await action(
                    work,
                    manager,
                    fleet_id=other["Hamburg"],
                    connection_id=link.connection_id,
                    links=links,
                )
    async with uow() as work:
        with pytest.raises(NotFound):
            await partners.set_partner_override(
                work,
                manager,
                fleet_id=other["Hamburg"],
                connection_id=link.connection_id,
                allowed=True,
            )
        with pytest.raises(NotFound):
            await partners.remove_partner_connection(
                work, manager, fleet_id=other["Hamburg"], connection_id=link.connection_id
            )
    assert await database_contents(uow) == before


async def test_connection_id_of_another_fleet_is_not_found(uow, manager, links, fleets):
    link = await invite(uow, manager, links, fleets["Berlin"])
    before = await database_contents(uow)
    async with uow() as work:
        with pytest.raises(NotFound):
            await partners.remove_partner_connection(
                work, manager, fleet_id=fleets["Munich"], connection_id=link.connection_id
            )
    assert await database_contents(uow) == before


async def test_resend_gives_a_new_link_and_the_old_one_stops_working(
    uow, manager, links, fleets, clock: ManualClock
):
    old = await invite(uow, manager, links, fleets["Berlin"])
    clock.advance(timedelta(days=6))
    async with uow() as work:
        new = await partners.resend_invitation(
            work, manager, fleet_id=fleets["Berlin"], connection_id=old.connection_id, links=links
        )
    assert new.url != old.url
    assert new.expires_at == clock.now() + links.invitation_ttl

    before = await database_contents(uow)
    async with uow() as work:
        with pytest.raises(LinkNotUsable, match="not valid"):
            await invitations.accept_invitation(
                work, TelegramUser(7, "Anna"), token=token_of(old.url), company_name="Anna GmbH"
            )
    assert await database_contents(uow) == before
    async with uow() as work:
        preview = await invitations.preview_invitation(
            work, TelegramUser(7, "Anna"), token=token_of(new.url)
        )
    assert preview.fleet_name == "Berlin"


async def test_override_can_be_switched_on_and_off(uow, manager, links, fleets):
    link = await invite(uow, manager, links, fleets["Munich"])
    for allowed in (True, False, True):
        async with uow() as work:
            await partners.set_partner_override(
                work,
                manager,
                fleet_id=fleets["Munich"],
                connection_id=link.connection_id,
                allowed=allowed,
            )
        async with uow.read_only() as work:
            rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Munich"])
        assert rows[0].allow_override is allowed


async def test_removed_invitation_link_no_longer_works(uow, manager, links, fleets):
    link = await invite(uow, manager, links, fleets["Berlin"])
    async with uow() as work:
        await partners.remove_partner_connection(
            work, manager, fleet_id=fleets["Berlin"], connection_id=link.connection_id
        )
    before = await database_contents(uow)
    async with uow() as work:
        with pytest.raises(LinkNotUsable, match="not valid"):
            await invitations.accept_invitation(
                work, TelegramUser(7, "Anna"), token=token_of(link.url), company_name="Anna GmbH"
            )
    assert await database_contents(uow) == before


async def test_declined_entry_is_removed_before_inviting_again(uow, manager, links, fleets):
    link = await invite(uow, manager, links, fleets["Berlin"])
    async with uow() as work:
        await invitations.decline_invitation(
            work, TelegramUser(7, "Anna"), token=token_of(link.url)
        )

    with pytest.raises(Conflict, match="declined"):
        await invite(uow, manager, links, fleets["Berlin"])
    async with uow() as work:
        await partners.remove_partner_connection(
            work, manager, fleet_id=fleets["Berlin"], connection_id=link.connection_id
        )
    again = await invite(uow, manager, links, fleets["Berlin"])
    assert again.url != link.url


async def test_the_list_keeps_its_order_when_an_invitation_is_resent(uow, manager, links, fleets):
    for email in ("zeta@example.com", "alpha@example.com", "mike@example.com"):
        await invite(uow, manager, links, fleets["Berlin"], email)
    async with uow.read_only() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])
    async with uow() as work:
        await partners.resend_invitation(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            connection_id=rows[-1].connection_id,
            links=links,
        )

    async with uow.read_only() as work:
        again = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])
    assert (
        [r.email for r in again]
        == [r.email for r in rows]
        == [
            "alpha@example.com",
            "mike@example.com",
            "zeta@example.com",
        ]
    )
