"""A partner admin answers a fleet's invitation in Telegram, through the sandbox, end to end."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.actors import TeamRole
from core.db.models import FleetConnection, ServicePartner, Technician
from core.services import partners
from core.status import InvitationStatus
from tests.factories import database_contents, invite


@pytest.fixture
async def anna(telegram):
    return telegram.person("Anna", 4242, last_name="Schmidt")


async def invitation_url(
    services, manager, fleet_id, override=False, email="partner@example.com"
) -> str:
    link = await invite(
        services.uow, manager, services.links, fleet_id, email=email, allow_override=override
    )
    return link.url


async def test_partner_admin_accepts_the_invitation_and_gets_a_partner_id(
    anna, services, manager, fleets
):
    url = await invitation_url(services, manager, fleets["Berlin"])

    preview = await anna.open(url)
    assert "Demo Mobility invites your company to work on its fleet Berlin" in preview.text
    assert "follow each job's configuration exactly" in preview.text
    assert preview.button_texts == ["✅ Accept", "Decline"]

    question = await anna.press("✅ Accept")
    assert "What is the name of your company" in question.text
    assert anna.messages[0].buttons == []  # the invitation's buttons are gone

    welcome = await anna.send("  Anna   Installations ")
    code = re.search(r"Your Partner ID is ([A-Z0-9]{5})\.", welcome.text).group(1)
    assert "Welcome, Anna Installations!" in welcome.text

    async with services.uow.read_only() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])
        admin = (
            await work.session.execute(
                select(Technician.telegram_user_id, Technician.role, Technician.display_name)
            )
        ).one()
    assert [(r.status, r.partner_name, r.partner_code) for r in rows] == [
        (InvitationStatus.ACCEPTED, "Anna Installations", code)
    ]
    assert tuple(admin) == (
        4242,
        TeamRole.PARTNER_ADMIN,
        "Anna Schmidt",
    )


async def test_override_granted_is_shown_before_accepting(anna, services, manager, fleets):
    url = await invitation_url(services, manager, fleets["Munich"], override=True)

    preview = await anna.open(url)

    assert "fleet Munich" in preview.text
    assert "may override the job configuration and data" in preview.text


async def test_partner_admin_connects_a_second_fleet_to_the_existing_partner(
    anna, services, manager, fleets
):
    await anna.open(await invitation_url(services, manager, fleets["Berlin"]))
    await anna.press("✅ Accept")
    await anna.send("Anna Installations")

    await anna.open(await invitation_url(services, manager, fleets["Munich"]))
    reply = await anna.press("✅ Accept")

    assert "Anna Installations" in reply.text
    assert "is now connected to the fleet Munich of Demo Mobility" in reply.text
    async with services.uow.read_only() as work:
        partner_ids = set(await work.session.scalars(select(FleetConnection.partner_id)))
        assert len(partner_ids) == 1 and None not in partner_ids
        assert len((await work.session.scalars(select(ServicePartner))).all()) == 1


async def test_declining_marks_the_invitation_declined(anna, services, manager, fleets):
    await anna.open(await invitation_url(services, manager, fleets["Berlin"]))

    reply = await anna.press("Decline")

    assert "You declined the invitation to the fleet Berlin" in reply.text
    assert anna.telegram.sandbox.callback_answers(4242)[-1].text == "Invitation declined."
    async with services.uow.read_only() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])
    assert [r.status for r in rows] == [InvitationStatus.DECLINED]


async def test_invitation_link_cannot_be_used_twice(anna, telegram, services, manager, fleets):
    url = await invitation_url(services, manager, fleets["Berlin"])
    await anna.open(url)
    await anna.press("✅ Accept")
    await anna.send("Anna Installations")
    bob = telegram.person("Bob", 5151)
    await bob.send("/help")
    before = await database_contents(services.uow)

    reply = await bob.open(url)

    assert reply.text == "This invitation link has already been used."
    assert reply.buttons == []
    assert await database_contents(services.uow) == before


@pytest.mark.parametrize(
    "payload",
    [
        "inv_" + "A" * 32,  # well-formed, but no such invitation
        "team_" + "B" * 32,
        "inv_short",
        "hello",
        "inv_" + "A" * 31 + "!",
        "inv_" + "A" * 80,  # longer than Telegram's 64 characters
        "<b>inv</b>",
    ],
)
async def test_forged_or_garbled_start_payload_changes_nothing(
    anna, services, manager, fleets, payload
):
    await invitation_url(services, manager, fleets["Berlin"])
    await anna.send("/help")
    before = await database_contents(services.uow)

    reply = await anna.send(f"/start {payload}")

    assert reply.buttons == []
    assert reply.text in (
        "This link is not a FleetCrew invitation or team link.",
        "This invitation link is not valid: it may have been replaced by a newer link or "
        "withdrawn. Ask the fleet manager for a new one.",
        "This team link is not valid. Ask your partner admin for a new one.",
    )
    assert await database_contents(services.uow) == before


@pytest.mark.parametrize("name", ["A", "  B  ", "x" * 81])
async def test_company_name_out_of_bounds_is_refused_and_asked_again(
    anna, services, manager, fleets, name
):
    await anna.open(await invitation_url(services, manager, fleets["Berlin"]))
    await anna.press("✅ Accept")
    before = await database_contents(services.uow)

    refused = await anna.send(name)

    assert refused.text == "A company name has 2 to 80 characters."
    assert await database_contents(services.uow) == before
    accepted = await anna.send("Anna Installations")
    assert "Welcome, Anna Installations!" in accepted.text


async def test_technician_cannot_accept_for_a_company(telegram, services, manager, fleets):
    from tests.bot.test_teams import demo_team

    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    url = await invitation_url(services, manager, fleets["Munich"], email="other@example.com")
    await tom.open(url)
    before = await database_contents(services.uow)

    reply = await tom.press("✅ Accept")

    assert "only a partner admin can accept an invitation" in reply.text
    assert await database_contents(services.uow) == before


async def test_a_start_command_addressed_to_the_bot_by_name_opens_the_link(
    anna, services, manager, fleets
):
    url = await invitation_url(services, manager, fleets["Berlin"])
    payload = url.split("?start=")[1]

    preview = await anna.send(f"/start@FleetCrewTestBot {payload}")

    assert "invites your company to work on its fleet Berlin" in preview.text


async def test_tapping_accept_twice_asks_for_the_name_without_an_error(
    anna, services, manager, fleets
):
    await anna.open(await invitation_url(services, manager, fleets["Berlin"]))
    invitation = anna.last
    accept = invitation.button("✅ Accept").callback_data
    await anna.press("✅ Accept")

    again = await anna.press_forged(invitation, accept)  # the second tap of a double tap

    assert "What is the name of your company" in again.text
    assert "went wrong" not in " ".join(anna.texts())
    welcome = await anna.send("Anna Installations")
    assert "Welcome, Anna Installations!" in welcome.text


async def test_a_withdrawn_invitation_stops_the_question_for_the_name(
    anna, services, manager, fleets
):
    await anna.open(await invitation_url(services, manager, fleets["Berlin"]))
    await anna.press("✅ Accept")
    async with services.uow() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])
    async with services.uow() as work:
        await partners.remove_partner_connection(
            work, manager, fleet_id=fleets["Berlin"], connection_id=rows[0].connection_id
        )

    refused = await anna.send("Anna Installations")
    later = await anna.send("Anna Installations")

    assert refused.text == "Open the invitation link again and tap Accept."
    assert later.text.startswith("You are not in a service partner's team yet.")
