"""The partner admin's team link lets technicians ask to join; the admin lets them in or not."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from core.actors import TeamRole
from core.db.models import Technician
from tests.factories import database_contents, invite

PETRA, TOM, TINA, THEO = 700001, 700002, 700003, 700004
LINK = re.compile(r"https://t\.me/\S+")
STALE = "This button no longer works. /help shows what you can do."


async def partner_admin(telegram, services, manager, fleets):
    """Petra accepts Berlin's invitation for Demo Installers."""
    petra = telegram.person("Petra", PETRA, last_name="Admin")
    link = await invite(services.uow, manager, services.links, fleets["Berlin"])
    await petra.open(link.url)
    await petra.press("✅ Accept")
    await petra.send("Demo Installers")
    return petra


async def demo_team(telegram, services, manager, fleets):
    """Petra's team of Demo Installers, with Tom and Tina let in through her team link."""
    petra = await partner_admin(telegram, services, manager, fleets)
    tom = telegram.person("Tom", TOM, last_name="Technician")
    tina = telegram.person("Tina", TINA, last_name="Technician", language="de")
    link = await team_link(petra)
    for technician, name in ((tom, "Tom Technician"), (tina, "Tina Technician")):
        await technician.open(link)
        await petra.press(f"✅ Let {name} in")
    return petra, tom, tina


async def team_link(petra) -> str:
    """The team link Petra has in her chat, asking for one with /team when she has none."""
    photos = [m for m in petra.messages if m.photo_file_id]
    if not photos:
        await petra.send("/team")
        photos = [m for m in petra.messages if m.photo_file_id]
    return LINK.search(photos[-1].caption).group(0)


async def members(services) -> list[tuple[int, str]]:
    async with services.uow.read_only() as work:
        rows = await work.session.execute(
            select(Technician.telegram_user_id, Technician.role).order_by(Technician.id)
        )
        return [tuple(row) for row in rows]


async def test_the_first_team_comes_with_a_team_link_as_text_and_qr_code(
    telegram, services, manager, fleets
):
    petra = await partner_admin(telegram, services, manager, fleets)

    photo, team = await petra.send("/team")

    link = LINK.search(photo.caption).group(0)
    assert link.startswith("https://t.me/FleetCrewTestBot?start=team_")
    assert "it works until 28 Nov 2026, 10:00 CET." in photo.caption
    image = Image.open(BytesIO(telegram.sandbox.file_content(photo.photo_file_id)))
    assert [result.text for result in zxingcpp.read_barcodes(image)] == [link]
    assert "Team of Demo Installers" in team.text
    assert "• Petra Admin – partner admin" in team.text
    assert "Your team link works until 28 Nov 2026, 10:00 CET" in team.text
    assert team.button_texts == ["New team link"]


async def test_the_team_shows_without_a_new_link_while_the_link_works(
    telegram, services, manager, fleets
):
    petra = await partner_admin(telegram, services, manager, fleets)
    await petra.send("/team")
    before = await database_contents(services.uow)

    team = (await petra.send("/team")).one

    assert "Your team link works until" in team.text
    assert await database_contents(services.uow) == before


async def test_opening_the_team_link_asks_the_partner_admin(telegram, services, manager, fleets):
    petra = await partner_admin(telegram, services, manager, fleets)
    link = await team_link(petra)
    tom = telegram.person("Tom", TOM, last_name="Technician")

    told = (await tom.open(link)).one

    assert told.text == (
        "✋ Your request to join the team of Demo Installers (Partner ID "
        f"{told.text.split('Partner ID ')[1][:5]}) went to the partner admin. I will tell you "
        "here when they answer."
    )
    request = petra.last
    assert (
        request.text == "👋 Tom Technician asks to join the team of Demo Installers. Let them in?"
    )
    assert request.button_texts == ["✅ Let Tom Technician in", "Turn Tom Technician away"]
    assert await members(services) == [(PETRA, TeamRole.PARTNER_ADMIN)]
    refused = (await tom.send("/team")).one
    assert refused.text.startswith("You are not in a service partner's team yet.")


async def test_the_partner_admin_lets_a_technician_in(telegram, services, manager, fleets):
    petra = await partner_admin(telegram, services, manager, fleets)
    tom = telegram.person("Tom", TOM, last_name="Technician")
    await tom.open(await team_link(petra))

    replies = await petra.press("✅ Let Tom Technician in")

    assert replies.one.text.startswith("✅ Tom Technician is in the team now.\n\n👥 Team of")
    assert "• Tom Technician – technician" in replies.one.text
    assert replies.answer.text == "✅ Tom Technician is in the team now."
    assert "Welcome to the team of Demo Installers" in tom.last.text
    assert await members(services) == [
        (PETRA, TeamRole.PARTNER_ADMIN),
        (TOM, TeamRole.TECHNICIAN),
    ]


async def test_one_team_link_serves_the_whole_workshop_in_each_ones_language(
    telegram, services, manager, fleets
):
    petra, tom, tina = await demo_team(telegram, services, manager, fleets)

    assert "Welcome to the team of Demo Installers" in tom.last.text
    assert "Willkommen im Team von Demo Installers" in tina.last.text  # Tina's app is German
    assert await members(services) == [
        (PETRA, TeamRole.PARTNER_ADMIN),
        (TOM, TeamRole.TECHNICIAN),
        (TINA, TeamRole.TECHNICIAN),
    ]
    assert len([m for m in petra.messages if m.photo_file_id]) == 1


async def test_someone_turned_away_is_told_and_cannot_ask_again_with_that_link(
    telegram, services, manager, fleets
):
    petra = await partner_admin(telegram, services, manager, fleets)
    link = await team_link(petra)
    theo = telegram.person("Theo", THEO)
    await theo.open(link)

    replies = await petra.press("Turn Theo away")

    assert replies.one.text.startswith("Theo was turned away.")
    assert theo.last.text == (
        "The partner admin of Demo Installers turned down your request to join the team."
    )
    assert await members(services) == [(PETRA, TeamRole.PARTNER_ADMIN)]
    before = await database_contents(services.uow)
    again = (await theo.open(link)).one
    assert again.text == "The partner admin of Demo Installers turned down your request to join."
    assert await database_contents(services.uow) == before


async def test_opening_the_link_again_while_waiting_says_the_request_waits(
    telegram, services, manager, fleets
):
    petra = await partner_admin(telegram, services, manager, fleets)
    link = await team_link(petra)
    theo = telegram.person("Theo", THEO)
    await theo.open(link)
    before = await database_contents(services.uow)

    again = (await theo.open(link)).one

    assert again.text == (
        "Your request to join the team of Demo Installers is waiting for the partner admin."
    )
    assert await database_contents(services.uow) == before


async def test_who_waits_is_listed_in_the_team_with_the_two_answers(
    telegram, services, manager, fleets
):
    petra = await partner_admin(telegram, services, manager, fleets)
    await telegram.person("Theo", THEO).open(await team_link(petra))

    team = (await petra.send("/team")).one

    assert "✋ Asking to join:\n• Theo" in team.text
    assert team.button_texts == ["✅ Let Theo in", "Turn Theo away", "New team link"]


async def test_a_new_team_link_replaces_the_old_one(telegram, services, manager, fleets, clock):
    petra = await partner_admin(telegram, services, manager, fleets)
    old = await team_link(petra)
    clock.advance(timedelta(hours=1))

    team, photo = await petra.press("New team link")

    new = LINK.search(photo.caption).group(0)
    assert new != old
    assert "It replaces your team link before it, which no longer works." in photo.caption
    assert "Your team link works until 28 Nov 2026, 11:00 CET" in team.text
    theo = telegram.person("Theo", THEO)
    await theo.send("/help")
    before = await database_contents(services.uow)
    refused = (await theo.open(old)).one
    assert refused.text == (
        "This team link was replaced by a newer one. Ask your partner admin for it."
    )
    assert await database_contents(services.uow) == before
    assert "went to the partner admin" in (await theo.open(new)).one.text


async def test_team_link_expires(telegram, services, manager, fleets, clock):
    petra = await partner_admin(telegram, services, manager, fleets)
    link = await team_link(petra)
    clock.advance(timedelta(hours=24, seconds=1))
    theo = telegram.person("Theo", THEO)
    await theo.send("/help")
    before = await database_contents(services.uow)

    reply = (await theo.open(link)).one

    assert reply.text == "This team link has expired. Ask your partner admin for a new one."
    assert await database_contents(services.uow) == before
    photo, team = await petra.send("/team")  # no link works: /team makes a new one
    assert "it works until 29 Nov 2026, 10:00 CET." in photo.caption
    assert "Your team link works until 29 Nov 2026, 10:00 CET" in team.text


async def test_letting_in_twice_says_it_was_answered_already(telegram, services, manager, fleets):
    petra = await partner_admin(telegram, services, manager, fleets)
    await telegram.person("Theo", THEO).open(await team_link(petra))
    request = petra.last
    let_in = request.button("✅ Let Theo in").callback_data
    await petra.press("✅ Let Theo in")
    before = await database_contents(services.uow)

    again = await petra.press_forged(request, let_in)  # the second tap of a double tap

    assert again.texts() == ["Theo's request was answered already: let in."]
    assert await database_contents(services.uow) == before


async def test_a_technician_cannot_answer_a_request_to_join(telegram, services, manager, fleets):
    petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    await telegram.person("Theo", THEO).open(await team_link(petra))
    let_in = petra.last.button("✅ Let Theo in").callback_data
    before = await database_contents(services.uow)

    replies = await tom.press_forged(tom.last, let_in)

    assert replies.texts() == ["Only the partner admin can do that."]
    assert await database_contents(services.uow) == before


async def test_another_partners_admin_cannot_answer_a_request_to_join(
    telegram, services, manager, fleets
):
    petra = await partner_admin(telegram, services, manager, fleets)
    await telegram.person("Theo", THEO).open(await team_link(petra))
    let_in = petra.last.button("✅ Let Theo in").callback_data
    vera = telegram.person("Vera", 800001)
    link = await invite(services.uow, manager, services.links, fleets["Munich"], "v@example.com")
    await vera.open(link.url)
    await vera.press("✅ Accept")
    await vera.send("Volt Installers")
    before = await database_contents(services.uow)

    replies = await vera.press_forged(vera.last, let_in)

    assert replies.texts() == ["This request to join is not for your team."]
    assert await database_contents(services.uow) == before


async def test_partner_admin_removes_a_technician_after_confirming(
    telegram, services, manager, fleets
):
    petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    await petra.send("/team")

    confirm = (await petra.press("Remove Tom Technician")).one
    assert "Remove Tom Technician from the team?" in confirm.text
    assert confirm.button_texts == ["Yes, remove", "Cancel"]
    done = (await petra.press("Yes, remove")).one

    assert done.text.startswith("Tom Technician is no longer in the team.")
    assert done.button_texts == ["Remove Tina Technician", "New team link"]
    assert tom.last.text == "You are no longer in the team of Demo Installers."
    assert await members(services) == [
        (PETRA, TeamRole.PARTNER_ADMIN),
        (TINA, TeamRole.TECHNICIAN),
    ]
    after = (await tom.send("/team")).one
    assert after.text.startswith("You are not in a service partner's team yet.")


async def test_cancelling_a_removal_keeps_the_technician(telegram, services, manager, fleets):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    await petra.send("/team")
    await petra.press("Remove Tom Technician")

    back = (await petra.press("Cancel")).one

    assert "• Tom Technician – technician" in back.text
    assert len(await members(services)) == 3


async def test_technician_cannot_use_team_commands(telegram, services, manager, fleets):
    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    before = await database_contents(services.uow)

    reply = (await tom.send("/team")).one

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

    for data in (remove_tina, confirm_tina, "team:link", "team:show"):
        replies = await tom.press_forged(tom.last, data)
        assert replies.texts() == ["Only the partner admin can do that."], data
    assert await database_contents(services.uow) == before
    assert len(await members(services)) == 3


async def test_a_removed_technicians_old_buttons_do_nothing(telegram, services, manager, fleets):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    await petra.send("/team")
    stale = (await petra.press("Remove Tom Technician")).one  # still showing "Yes, remove"
    await petra.press("Yes, remove")
    before = await database_contents(services.uow)

    replies = await petra.press_forged(stale, stale.button("Yes, remove").callback_data)

    assert replies.texts() == ["This person is not in your team (any more)."]
    assert await database_contents(services.uow) == before


@pytest.mark.parametrize(
    "data",
    [
        "team:remove:abc",
        "team:remove:99999999999",  # more digits than any id
        "team:remove:2147483648",  # one more than PostgreSQL's integer holds
        "team:let-in:2147483648",
        "team:remove:0",
        "inv:accept:short",
        "x" * 64,
    ],
)
async def test_garbled_button_data_is_answered_as_a_stale_button(
    telegram, services, manager, fleets, data
):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    team = (await petra.send("/team")).one
    before = await database_contents(services.uow)

    replies = await petra.press_forged(team, data)

    assert replies.messages == []  # nothing said, nothing edited
    assert (replies.answer.text, replies.answer.show_alert) == (STALE, True)
    assert await database_contents(services.uow) == before


async def test_a_double_tap_on_remove_asks_once_without_an_error(
    telegram, services, manager, fleets
):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    team = (await petra.send("/team")).one
    remove_tom = team.button("Remove Tom Technician").callback_data
    await petra.press("Remove Tom Technician")

    again = await petra.press_forged(team, remove_tom)

    assert again.messages == []  # the message already asks
    assert "Remove Tom Technician from the team?" in petra.last.text
    assert "went wrong" not in " ".join(petra.texts())


async def test_a_request_reaches_the_team_list_when_the_partner_admin_blocked_the_bot(
    telegram, services, manager, fleets
):
    petra = await partner_admin(telegram, services, manager, fleets)
    link = await team_link(petra)
    telegram.sandbox.block_bot(PETRA)
    await telegram.deliver()

    told = (await telegram.person("Theo", THEO).open(link)).one

    assert "went to the partner admin" in told.text
    telegram.sandbox.block_bot(PETRA, blocked=False)
    await telegram.deliver()
    team = (await petra.send("/team")).one
    assert "• Theo" in team.text
    await petra.press("✅ Let Theo in")
    assert (THEO, TeamRole.TECHNICIAN) in await members(services)
