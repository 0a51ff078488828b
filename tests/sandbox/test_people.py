"""What people do: users, texts, deep links, photos, stickers, locations, documents."""

from __future__ import annotations

import pytest
from telegram import Bot

from telegram_sandbox import Sandbox, SandboxUser, sample_png


def test_adding_a_user_twice_with_the_same_id_keeps_the_first(sandbox: Sandbox) -> None:
    first = sandbox.add_user("Petra", "Admin", user_id=700001, language_code="de")

    again = sandbox.add_user("Someone", user_id=700001)

    assert again == first
    assert sandbox.users() == [first]
    assert first.display_name == "Petra Admin"


def test_a_user_without_an_id_gets_a_new_one(sandbox: Sandbox) -> None:
    anna = sandbox.add_user("Anna")
    ben = sandbox.add_user("Ben", username="@ben_fitter")

    assert anna.id != ben.id
    assert ben.username == "ben_fitter"
    with pytest.raises(ValueError, match="first name"):
        sandbox.add_user("  ")


async def test_a_command_gets_a_bot_command_entity(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.send_text(petra.id, "/jobs@FleetCrewTestBot now")

    (update,) = await bot.get_updates()
    assert update.message is not None
    entity = update.message.entities[0]
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 22)


@pytest.mark.parametrize(
    ("link", "sent"),
    [
        ("https://t.me/FleetCrewTestBot?start=inv_Ab-9_x", "/start inv_Ab-9_x"),
        ("t.me/fleetcrewtestbot?start=team_1", "/start team_1"),
        ("https://telegram.me/FleetCrewTestBot?start=x", "/start x"),
        ("tg://resolve?domain=FleetCrewTestBot&start=x", "/start x"),
        ("https://t.me/FleetCrewTestBot", "/start"),
    ],
)
def test_opening_a_deep_link_sends_start_with_its_payload(
    sandbox: Sandbox, petra: SandboxUser, link: str, sent: str
) -> None:
    sandbox.open_link(petra.id, link)

    assert sandbox.transcript(petra.id)[-1].text == sent


@pytest.mark.parametrize(
    ("link", "why"),
    [
        ("https://t.me/OtherBot?start=inv_1", "not this sandbox's @FleetCrewTestBot"),
        ("https://example.org/?start=inv_1", "not a Telegram link"),
        ("https://t.me/FleetCrewTestBot?startgroup=1", "no groups"),
        ("https://t.me/FleetCrewTestBot?start=" + "a" * 65, "1–64 characters"),
        ("https://t.me/FleetCrewTestBot?start=inv%20x", "1–64 characters"),
    ],
)
def test_links_telegram_would_not_open_in_this_chat_are_refused(
    sandbox: Sandbox, petra: SandboxUser, link: str, why: str
) -> None:
    with pytest.raises(ValueError, match=why):
        sandbox.open_link(petra.id, link)
    assert sandbox.transcript(petra.id) == []


def test_texts_a_telegram_client_would_not_send_are_refused(
    sandbox: Sandbox, petra: SandboxUser
) -> None:
    with pytest.raises(ValueError, match="empty"):
        sandbox.send_text(petra.id, "  ")
    with pytest.raises(ValueError, match="4096"):
        sandbox.send_text(petra.id, "x" * 4097)
    with pytest.raises(ValueError, match="no sandbox user"):
        sandbox.send_text(123, "hi")


def test_a_person_who_blocked_the_bot_must_unblock_it_to_write(
    sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.block_bot(petra.id)

    with pytest.raises(ValueError, match="blocked the bot"):
        sandbox.send_text(petra.id, "hi")


async def test_stickers_locations_and_documents_arrive_as_telegram_sends_them(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.send_sticker(petra.id)
    sandbox.send_location(petra.id, 48.137, 11.575)
    sandbox.send_document(petra.id, b"%PDF-1.4", "protocol.pdf")

    sticker, location, document = [u.message for u in await bot.get_updates()]
    assert sticker is not None and sticker.sticker is not None
    assert sticker.sticker.emoji == "👍"
    assert location is not None and location.location is not None
    assert (location.location.latitude, location.location.longitude) == (48.137, 11.575)
    assert document is not None and document.document is not None
    assert (document.document.file_name, document.document.mime_type) == (
        "protocol.pdf",
        "application/pdf",
    )
    with pytest.raises(ValueError, match="latitude"):
        sandbox.send_location(petra.id, 91, 0)


def test_a_photo_must_be_an_image(sandbox: Sandbox, petra: SandboxUser) -> None:
    with pytest.raises(ValueError, match="PNG, JPEG, GIF or WebP"):
        sandbox.send_photo(petra.id, b"not a photo")

    sandbox.send_photo(petra.id, sample_png(5, 7), caption=" box ")

    seen = sandbox.transcript(petra.id)[-1]
    assert (seen.caption, seen.from_bot) == ("box", False)
    assert seen.photo_file_id is not None
    assert sandbox.file_content(seen.photo_file_id) == sample_png(5, 7)


def test_asking_for_the_bots_last_message_before_it_spoke_is_a_lookup_error(
    sandbox: Sandbox, petra: SandboxUser
) -> None:
    with pytest.raises(LookupError):
        sandbox.last_bot_message(petra.id)
    with pytest.raises(LookupError):
        sandbox.file_content("AgACnothing")
