"""A partner admin answers a fleet's invitation in Telegram, through the sandbox, end to end."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.actors import TeamRole
from core.db.models import FleetConnection, ServicePartner, Technician
from core.services import partners
from core.status import InvitationStatus
from tests.bot.test_teams import demo_team
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


async def connection_statuses(services, manager, fleet_id) -> list[InvitationStatus]:
    async with services.uow.read_only() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleet_id)
    return [row.status for row in rows]


async def test_partner_admin_accepts_the_invitation_and_gets_a_partner_id(
    anna, services, manager, fleets
):
    url = await invitation_url(services, manager, fleets["Berlin"])

    preview = (await anna.open(url)).one
    assert "Demo Mobility invites your company to work on its fleet Berlin" in preview.text
    assert "follow each job's configuration exactly" in preview.text
    assert "The link is valid until 4 Dec 2026, 10:00 CET." in preview.text
    assert preview.button_texts == ["✅ Accept", "Decline"]

    invitation, question = await anna.press("✅ Accept")
    assert invitation.message_id == preview.message_id
    assert invitation.text.endswith("You tapped Accept: send your company's name below.")
    assert invitation.buttons == []
    assert "What is the name of your company" in question.text

    invitation, welcome = await anna.send("  Anna   Installations ")
    code = re.search(r"Your Partner ID is ([A-Z0-9]{5})\.", welcome.text).group(1)
    assert "Welcome, Anna Installations!" in welcome.text
    assert invitation.message_id == preview.message_id  # the invitation shows the answer
    assert invitation.text.endswith(f"✅ Accepted for Anna Installations (Partner ID {code}).")

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
    assert tuple(admin) == (4242, TeamRole.PARTNER_ADMIN, "Anna Schmidt")


async def test_override_granted_is_shown_before_accepting(anna, services, manager, fleets):
    url = await invitation_url(services, manager, fleets["Munich"], override=True)

    preview = (await anna.open(url)).one

    assert "fleet Munich" in preview.text
    assert "may override the job configuration and data" in preview.text


async def test_partner_admin_connects_a_second_fleet_and_the_invitation_shows_it(
    anna, services, manager, fleets
):
    await anna.open(await invitation_url(services, manager, fleets["Berlin"]))
    await anna.press("✅ Accept")
    await anna.send("Anna Installations")
    code = await connection_code(services)

    await anna.open(await invitation_url(services, manager, fleets["Munich"]))
    invitation, welcome = await anna.press("✅ Accept")

    assert invitation.text.endswith(f"✅ Accepted for Anna Installations (Partner ID {code}).")
    assert invitation.buttons == []
    assert "is now connected to the fleet Munich of Demo Mobility" in welcome.text
    async with services.uow.read_only() as work:
        partner_ids = set(await work.session.scalars(select(FleetConnection.partner_id)))
        assert len(partner_ids) == 1 and None not in partner_ids
        assert len((await work.session.scalars(select(ServicePartner))).all()) == 1


async def connection_code(services) -> str:
    async with services.uow.read_only() as work:
        return (await work.session.scalars(select(ServicePartner.partner_code))).one()


async def test_decline_asks_once_and_back_shows_the_invitation_again(
    anna, services, manager, fleets
):
    preview = (await anna.open(await invitation_url(services, manager, fleets["Berlin"]))).one
    before = await database_contents(services.uow)

    question = (await anna.press("Decline")).one
    assert question.message_id == preview.message_id
    assert "Decline the invitation of Demo Mobility to work on its fleet Berlin?" in question.text
    assert question.button_texts == ["Yes, decline", "Back"]
    assert await database_contents(services.uow) == before

    back = (await anna.press("Back")).one
    assert back.text == preview.text
    assert back.button_texts == ["✅ Accept", "Decline"]
    assert await database_contents(services.uow) == before


async def test_declining_after_confirming_marks_the_invitation_declined(
    anna, services, manager, fleets
):
    await anna.open(await invitation_url(services, manager, fleets["Berlin"]))
    await anna.press("Decline")

    replies = await anna.press("Yes, decline")

    assert replies.one.text.endswith("You declined this invitation.")
    assert replies.one.buttons == []
    assert replies.answer.text == "Invitation declined."
    assert await connection_statuses(services, manager, fleets["Berlin"]) == [
        InvitationStatus.DECLINED
    ]


async def test_invitation_link_cannot_be_used_twice(anna, telegram, services, manager, fleets):
    url = await invitation_url(services, manager, fleets["Berlin"])
    await anna.open(url)
    await anna.press("✅ Accept")
    await anna.send("Anna Installations")
    bob = telegram.person("Bob", 5151)
    await bob.send("/help")
    before = await database_contents(services.uow)

    reply = (await bob.open(url)).one

    assert reply.text == "This invitation link has already been used."
    assert reply.buttons == []
    assert await database_contents(services.uow) == before


async def test_reopening_your_own_used_link_answers_with_your_partner_id(
    anna, services, manager, fleets
):
    url = await invitation_url(services, manager, fleets["Berlin"])
    await anna.open(url)
    await anna.press("✅ Accept")
    await anna.send("Anna Installations")
    code = await connection_code(services)
    before = await database_contents(services.uow)

    reply = (await anna.open(url)).one

    assert reply.text == (
        "You accepted this invitation: Anna Installations is connected to the fleet Berlin, "
        f"with the Partner ID {code}."
    )
    assert reply.buttons == []
    assert await database_contents(services.uow) == before


@pytest.mark.parametrize(
    ("payload", "answer"),
    [
        (
            "inv_" + "A" * 32,  # well-formed, but no such invitation
            "This invitation link is not valid: it may have been replaced by a newer link or "
            "withdrawn. Ask the fleet manager for a new one.",
        ),
        ("team_" + "B" * 32, "This team link is not valid. Ask your partner admin for a new one."),
        ("inv_short", "This link is not a FleetCrew invitation or team link."),
        ("hello", "This link is not a FleetCrew invitation or team link."),
        ("inv_" + "A" * 31 + "!", "This link is not a FleetCrew invitation or team link."),
        ("inv_" + "A" * 80, "This link is not a FleetCrew invitation or team link."),
        ("<b>inv</b>", "This link is not a FleetCrew invitation or team link."),
    ],
)
async def test_forged_or_garbled_start_payload_changes_nothing(
    anna, services, manager, fleets, payload, answer
):
    await invitation_url(services, manager, fleets["Berlin"])
    await anna.send("/help")
    before = await database_contents(services.uow)

    reply = (await anna.send(f"/start {payload}")).one

    assert reply.text == answer
    assert reply.buttons == []
    assert await database_contents(services.uow) == before


@pytest.mark.parametrize("name", ["A", "  B  ", "x" * 81])
async def test_company_name_out_of_bounds_is_refused_and_asked_again(
    anna, services, manager, fleets, name
):
    await anna.open(await invitation_url(services, manager, fleets["Berlin"]))
    await anna.press("✅ Accept")
    before = await database_contents(services.uow)

    refused = (await anna.send(name)).one

    assert refused.text == "A company name has 2 to 80 characters."
    assert await database_contents(services.uow) == before
    _invitation, accepted = await anna.send("Anna Installations")
    assert "Welcome, Anna Installations!" in accepted.text


async def test_a_technician_is_not_offered_accept_or_decline(telegram, services, manager, fleets):
    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    url = await invitation_url(services, manager, fleets["Munich"], email="other@example.com")
    before = await database_contents(services.uow)

    reply = (await tom.open(url)).one

    assert reply.text == (
        "You are a technician in a partner's team; only a partner admin can answer an "
        "invitation for a company."
    )
    assert reply.buttons == []
    assert await database_contents(services.uow) == before


@pytest.mark.parametrize("action", ["inv:accept", "inv:ask-decline", "inv:decline"])
async def test_a_technicians_forged_answer_is_refused(telegram, services, manager, fleets, action):
    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    url = await invitation_url(services, manager, fleets["Munich"], email="other@example.com")
    token = url.rsplit("inv_", 1)[1]
    before = await database_contents(services.uow)

    replies = await tom.press_forged(tom.last, f"{action}:{token}")

    assert replies.one.text == (
        "You are a technician in a partner's team; only a partner admin can answer an "
        "invitation for a company."
    )
    assert await database_contents(services.uow) == before
    assert await connection_statuses(services, manager, fleets["Munich"]) == [
        InvitationStatus.PENDING
    ]


async def test_a_partner_already_connected_to_the_fleet_is_told_so_without_buttons(
    telegram, services, manager, fleets
):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    url = await invitation_url(services, manager, fleets["Berlin"], email="second@example.com")
    before = await database_contents(services.uow)

    reply = (await petra.open(url)).one

    assert reply.text == "Demo Installers is already connected to the fleet Berlin."
    assert reply.buttons == []
    assert await database_contents(services.uow) == before


async def test_a_start_command_addressed_to_the_bot_by_name_opens_the_link(
    anna, services, manager, fleets
):
    url = await invitation_url(services, manager, fleets["Berlin"])
    payload = url.split("?start=")[1]

    preview = (await anna.send(f"/start@FleetCrewTestBot {payload}")).one

    assert "invites your company to work on its fleet Berlin" in preview.text


async def test_tapping_accept_twice_asks_for_the_name_without_an_error(
    anna, services, manager, fleets
):
    invitation = (await anna.open(await invitation_url(services, manager, fleets["Berlin"]))).one
    accept = invitation.button("✅ Accept").callback_data
    await anna.press("✅ Accept")

    again = await anna.press_forged(invitation, accept)  # the second tap of a double tap

    assert "What is the name of your company" in again.texts()[-1]
    assert "went wrong" not in " ".join(anna.texts())
    _invitation, welcome = await anna.send("Anna Installations")
    assert "Welcome, Anna Installations!" in welcome.text


async def test_a_withdrawn_invitation_stops_the_question_for_the_name(
    anna, services, manager, fleets
):
    await anna.open(await invitation_url(services, manager, fleets["Berlin"]))
    await anna.press("✅ Accept")
    async with services.uow.read_only() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])
    async with services.uow() as work:
        await partners.remove_partner_connection(
            work, manager, fleet_id=fleets["Berlin"], connection_id=rows[0].connection_id
        )

    refused = (await anna.send("Anna Installations")).one
    later = (await anna.send("Anna Installations")).one

    assert refused.text == "Open the invitation link again and tap Accept."
    assert later.text.startswith("You are not in a service partner's team yet.")


async def test_a_resent_invitation_ends_the_question_of_its_old_link(
    anna, services, manager, fleets
):
    await anna.open(await invitation_url(services, manager, fleets["Berlin"]))
    await anna.press("✅ Accept")
    async with services.uow.read_only() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])
    async with services.uow() as work:
        await partners.resend_invitation(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            connection_id=rows[0].connection_id,
            links=services.links,
        )

    refused = (await anna.send("Anna Installations")).one

    assert refused.text.startswith("You are not in a service partner's team yet.")
    assert await connection_statuses(services, manager, fleets["Berlin"]) == [
        InvitationStatus.PENDING
    ]
