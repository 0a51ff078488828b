"""The partner admin brings technicians in with a team link and QR code, and can remove them."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import zxingcpp
from PIL import Image
from sqlalchemy import select

from core.actors import TeamRole
from core.db.models import Technician
from tests.factories import database_contents, invite

PETRA, TOM, TINA = 700001, 700002, 700003


async def demo_team(telegram, services, manager, fleets):
    """Petra accepts Berlin's invitation for Demo Installers; Tom and Tina join her team."""
    petra = telegram.person("Petra", PETRA, last_name="Admin")
    tom = telegram.person("Tom", TOM, last_name="Technician")
    tina = telegram.person("Tina", TINA, last_name="Technician", language="de")
    link = await invite(services.uow, manager, services.links, fleets["Berlin"])
    await petra.open(link.url)
    await petra.press("✅ Accept")
    await petra.send("Demo Installers")
    for technician in (tom, tina):
        await technician.open(await team_link(petra))
    return petra, tom, tina


async def team_link(petra) -> str:
    await petra.send("/team")
    photo = next(m for m in reversed(petra.messages) if m.photo_file_id)
    return re.search(r"https://t\.me/\S+", photo.caption).group(0)


async def members(services) -> list[tuple[int, str]]:
    async with services.uow.read_only() as work:
        rows = await work.session.execute(
            select(Technician.telegram_user_id, Technician.role).order_by(Technician.id)
        )
        return [tuple(row) for row in rows]


async def test_team_link_comes_as_text_and_as_a_qr_code_of_the_same_link(
    telegram, services, manager, fleets
):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)

    await petra.send("/team")

    photo, team = petra.messages[-2:]
    link = re.search(r"https://t\.me/\S+", photo.caption).group(0)
    assert link.startswith("https://t.me/FleetCrewTestBot?start=team_")
    assert "It works once and expires in 24 hours." in photo.caption
    image = Image.open(BytesIO(telegram.sandbox.file_content(photo.photo_file_id)))
    assert [result.text for result in zxingcpp.read_barcodes(image)] == [link]
    assert "Team of Demo Installers" in team.text
    assert "• Petra Admin – partner admin" in team.text
    assert "• Tom Technician – technician" in team.text
    assert team.button_texts == ["Remove Tom Technician", "Remove Tina Technician", "New team link"]


async def test_technician_joins_and_the_partner_admin_is_told(telegram, services, manager, fleets):
    petra, tom, tina = await demo_team(telegram, services, manager, fleets)

    assert "Welcome to the team of Demo Installers" in tom.texts()[-1]
    assert "Willkommen im Team von Demo Installers" in tina.texts()[-1]  # Tina's app is German
    assert "👋 Tom Technician joined the team of Demo Installers." in petra.texts()
    assert await members(services) == [
        (PETRA, TeamRole.PARTNER_ADMIN),
        (TOM, TeamRole.TECHNICIAN),
        (TINA, TeamRole.TECHNICIAN),
    ]


async def test_team_link_cannot_be_used_twice(telegram, services, manager, fleets):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    link = await team_link(petra)
    await telegram.person("Theo", 700004).open(link)
    mallory = telegram.person("Mallory", 700005)
    await mallory.send("/help")
    before = await database_contents(services.uow)

    reply = await mallory.open(link)

    assert reply.text == (
        "This team link has already been used. Ask your partner admin for a new one."
    )
    assert await database_contents(services.uow) == before


async def test_team_link_expires(telegram, services, manager, fleets, clock):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    link = await team_link(petra)
    clock.advance(timedelta(hours=24, seconds=1))

    reply = await telegram.person("Theo", 700004).open(link)

    assert reply.text == "This team link has expired. Ask your partner admin for a new one."


async def test_partner_admin_removes_a_technician_after_confirming(
    telegram, services, manager, fleets
):
    petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    await petra.send("/team")

    confirm = await petra.press("Remove Tom Technician")
    assert "Remove Tom Technician from the team?" in confirm.text
    assert confirm.button_texts == ["Yes, remove", "Cancel"]
    done = await petra.press("Yes, remove")

    assert done.text.startswith("Tom Technician is no longer in the team.")
    assert done.button_texts == ["Remove Tina Technician", "New team link"]
    assert tom.texts()[-1] == "You are no longer in the team of Demo Installers."
    assert await members(services) == [
        (PETRA, TeamRole.PARTNER_ADMIN),
        (TINA, TeamRole.TECHNICIAN),
    ]
    after = await tom.send("/team")
    assert after.text.startswith("You are not in a service partner's team yet.")


async def test_cancelling_a_removal_keeps_the_technician(telegram, services, manager, fleets):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    await petra.send("/team")
    await petra.press("Remove Tom Technician")

    back = await petra.press("Cancel")

    assert "• Tom Technician – technician" in back.text
    assert len(await members(services)) == 3


async def test_technician_cannot_use_team_commands(telegram, services, manager, fleets):
    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    before = await database_contents(services.uow)

    reply = await tom.send("/team")

    assert reply.text == "Only the partner admin can do that."
    assert await database_contents(services.uow) == before


async def test_technician_pressing_a_partner_admin_button_is_refused(
    telegram, services, manager, fleets
):
    petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    await petra.send("/team")
    remove_tina = petra.last.button("Remove Tina Technician").callback_data
    confirm_tina = remove_tina.replace("ask-remove", "remove")
    before = await database_contents(services.uow)

    for data in (remove_tina, confirm_tina, "team:link"):
        reply = await tom.press_forged(tom.last, data)
        assert reply.text == "Only the partner admin can do that."
    assert await database_contents(services.uow) == before
    assert len(await members(services)) == 3


async def test_a_removed_technicians_old_buttons_do_nothing(telegram, services, manager, fleets):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    await petra.send("/team")
    await petra.press("Remove Tom Technician")
    stale = petra.last  # the confirmation, still showing "Yes, remove"
    await petra.press("Yes, remove")
    before = await database_contents(services.uow)

    reply = await petra.press_forged(stale, stale.button("Yes, remove").callback_data)

    assert reply.text == "This person is not in your team (any more)."
    assert await database_contents(services.uow) == before


async def test_garbled_button_data_is_answered_as_a_stale_button(
    telegram, services, manager, fleets
):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    await petra.send("/team")
    before = await database_contents(services.uow)

    team = petra.last
    for data in ("team:remove:abc", "team:remove:99999999999", "inv:accept:short", "x" * 64):
        await petra.press_forged(team, data)
    assert petra.last == team  # nothing said, nothing edited: the stale button is only answered
    assert await database_contents(services.uow) == before


async def test_a_double_tap_on_remove_asks_once_without_an_error(
    telegram, services, manager, fleets
):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    await petra.send("/team")
    team = petra.last
    remove_tom = team.button("Remove Tom Technician").callback_data
    await petra.press("Remove Tom Technician")

    again = await petra.press_forged(team, remove_tom)

    assert "Remove Tom Technician from the team?" in again.text
    assert "went wrong" not in " ".join(petra.texts())


async def test_a_technician_joins_even_when_the_partner_admin_blocked_the_bot(
    telegram, services, manager, fleets
):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    link = await team_link(petra)
    telegram.sandbox.block_bot(PETRA)
    await telegram.deliver()

    welcome = await telegram.person("Theo", 700004).open(link)

    assert "Welcome to the team of Demo Installers" in welcome.text
    assert (700004, TeamRole.TECHNICIAN) in await members(services)
