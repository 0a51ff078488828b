"""sendMessage, editing and deleting messages, through a real PTB Bot over SandboxRequest."""

from __future__ import annotations

import pytest
from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from telegram_sandbox import BotApiError, Sandbox, SandboxUser

from .conftest import START, Clock

KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Accept", callback_data="inv:accept:1")],
        [InlineKeyboardButton("Help", url="https://example.org/help")],
    ]
)


async def test_a_sent_message_is_what_the_person_sees_with_its_buttons(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sent = await bot.send_message(petra.id, "Welcome to FleetCrew", reply_markup=KEYBOARD)

    seen = sandbox.last_bot_message(petra.id)
    assert seen.message_id == sent.message_id
    assert seen.text == "Welcome to FleetCrew"
    assert seen.from_bot
    assert seen.date == int(START)
    assert seen.button_texts == ["Accept", "Help"]
    assert seen.button("Accept").callback_data == "inv:accept:1"
    assert seen.button("Help").url == "https://example.org/help"
    assert sent.chat.id == petra.id
    assert sent.chat.type == "private"
    assert sent.from_user is not None and sent.from_user.id == sandbox.bot_id
    assert sent.reply_markup == KEYBOARD


async def test_html_is_parsed_into_plain_text_and_entities_as_telegram_does(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sent = await bot.send_message(
        petra.id,
        "  <b>Partner ID</b> <code>VEZ9A</code> &amp; "
        "<a href='https://t.me/x'>more</a> 🚗<i>!</i> ",
        parse_mode=ParseMode.HTML,
    )

    assert sent.text == "Partner ID VEZ9A & more 🚗!"
    kinds = [(e.type, e.offset, e.length) for e in sent.entities]
    # Offsets count UTF-16 code units: the car emoji takes two.
    assert kinds == [("bold", 0, 10), ("code", 11, 5), ("text_link", 19, 4), ("italic", 26, 1)]
    assert sent.entities[2].url == "https://t.me/x"
    assert sandbox.last_bot_message(petra.id).text == "Partner ID VEZ9A & more 🚗!"


@pytest.mark.parametrize(
    ("html", "description"),
    [
        ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ],
)
async def test_html_telegram_does_not_know_is_refused_with_its_description(
    sandbox: Sandbox, petra: SandboxUser, html: str, description: str
) -> None:
    params = {"chat_id": petra.id, "text": html, "parse_mode": "HTML"}
    with pytest.raises(BotApiError) as refused:
        await sandbox.call(sandbox.token, "sendMessage", params)
    assert refused.value.error_code == 400
    assert refused.value.description == f"Bad Request: can't parse entities: {description}"


async def test_urls_and_commands_in_a_text_get_their_entities(bot: Bot, petra: SandboxUser) -> None:
    sent = await bot.send_message(petra.id, "Use /team or open https://t.me/FleetCrewTestBot.")

    found = [(e.type, sent.parse_entity(e)) for e in sent.entities]
    assert found == [("bot_command", "/team"), ("url", "https://t.me/FleetCrewTestBot")]


async def test_an_empty_text_is_refused(bot: Bot, petra: SandboxUser) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(petra.id, "   ")


async def test_a_text_over_4096_characters_is_refused_as_too_long(
    bot: Bot, petra: SandboxUser
) -> None:
    await bot.send_message(petra.id, "x" * 4096)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(petra.id, "x" * 4097)


async def test_a_message_to_an_unknown_chat_is_refused_as_chat_not_found(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(123456789, "Hello?")


async def test_a_chat_can_be_named_by_the_persons_username(bot: Bot, sandbox: Sandbox) -> None:
    tom = sandbox.add_user("Tom", username="tom_tech", user_id=700002)

    await bot.send_message("@tom_tech", "Hi Tom")

    assert sandbox.last_bot_message(tom.id).text == "Hi Tom"


async def test_after_the_person_blocks_the_bot_messages_are_forbidden(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.block_bot(petra.id)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(petra.id, "Still there?")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_chat_action(petra.id, "typing")

    sandbox.block_bot(petra.id, blocked=False)
    await bot.send_message(petra.id, "Welcome back")


async def test_editing_a_message_changes_what_the_person_sees(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser, clock: Clock
) -> None:
    sent = await bot.send_message(petra.id, "Accept the invitation?", reply_markup=KEYBOARD)
    clock.advance(3)

    edited = await bot.edit_message_text(
        "<b>Accepted</b>", chat_id=petra.id, message_id=sent.message_id, parse_mode="HTML"
    )

    assert isinstance(edited, type(sent))
    assert edited.edit_date is not None
    assert edited.edit_date.timestamp() == START + 3
    seen = sandbox.last_bot_message(petra.id)
    assert (seen.text, seen.edited, seen.buttons) == ("Accepted", True, [])


async def test_editing_a_message_to_the_same_text_is_refused_as_not_modified(
    bot: Bot, petra: SandboxUser
) -> None:
    sent = await bot.send_message(petra.id, "Job 42", reply_markup=KEYBOARD)

    with pytest.raises(BadRequest, match="Message is not modified: specified new message"):
        await bot.edit_message_text(
            "Job 42", chat_id=petra.id, message_id=sent.message_id, reply_markup=KEYBOARD
        )
    # The same text without the keyboard is a change: the keyboard goes.
    await bot.edit_message_text("Job 42", chat_id=petra.id, message_id=sent.message_id)


async def test_editing_only_the_keyboard_replaces_it_and_the_same_keyboard_is_not_modified(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sent = await bot.send_message(petra.id, "Job 42", reply_markup=KEYBOARD)
    fewer = InlineKeyboardMarkup([[InlineKeyboardButton("Start", callback_data="job:start")]])

    await bot.edit_message_reply_markup(petra.id, sent.message_id, reply_markup=fewer)

    assert sandbox.last_bot_message(petra.id).button_texts == ["Start"]
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(petra.id, sent.message_id, reply_markup=fewer)
    await bot.edit_message_reply_markup(petra.id, sent.message_id)
    assert sandbox.last_bot_message(petra.id).buttons == []


async def test_editing_a_message_that_is_not_there_is_refused(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.send_text(petra.id, "hello")
    theirs = sandbox.transcript(petra.id)[-1].message_id

    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=petra.id, message_id=999)
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", chat_id=petra.id, message_id=theirs)


async def test_a_photo_caption_is_edited_but_not_its_text(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser, png: bytes
) -> None:
    sent = await bot.send_photo(petra.id, png, caption="Label")

    with pytest.raises(BadRequest, match="There is no text in the message to edit"):
        await bot.edit_message_text("x", chat_id=petra.id, message_id=sent.message_id)
    await bot.edit_message_caption(petra.id, sent.message_id, caption="Box label")

    assert sandbox.last_bot_message(petra.id).caption == "Box label"


async def test_deleting_messages_removes_them_from_the_chat(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.send_text(petra.id, "/start")
    first = await bot.send_message(petra.id, "one")
    await bot.send_message(petra.id, "two")

    assert await bot.delete_message(petra.id, first.message_id) is True
    assert await bot.delete_message(petra.id, 1) is True  # the person's own /start

    assert [m.text for m in sandbox.transcript(petra.id)] == ["two"]
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(petra.id, first.message_id)


async def test_messages_older_than_48_hours_cannot_be_deleted(
    bot: Bot, petra: SandboxUser, clock: Clock
) -> None:
    sent = await bot.send_message(petra.id, "old")
    clock.advance(48 * 3600 + 1)

    with pytest.raises(BadRequest, match="Message can't be deleted for everyone"):
        await bot.delete_message(petra.id, sent.message_id)


async def test_a_reply_carries_the_message_it_answers(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.send_text(petra.id, "ACME Service")
    asked = sandbox.transcript(petra.id)[-1]

    sent = await bot.send_message(petra.id, "Saved", reply_to_message_id=asked.message_id)

    assert sent.reply_to_message is not None
    assert sent.reply_to_message.text == "ACME Service"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(petra.id, "Saved", reply_to_message_id=999)


async def test_reply_keyboards_show_until_removed_and_force_reply_is_accepted(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    await bot.send_message(
        petra.id, "Language?", reply_markup=ReplyKeyboardMarkup([["English", "Deutsch"]])
    )
    assert sandbox.reply_keyboard(petra.id) == [["English", "Deutsch"]]

    await bot.send_message(petra.id, "Company name?", reply_markup=ForceReply())
    assert sandbox.reply_keyboard(petra.id) == [["English", "Deutsch"]]

    await bot.send_message(petra.id, "Thanks", reply_markup=ReplyKeyboardRemove())
    assert sandbox.reply_keyboard(petra.id) is None


async def test_a_one_time_keyboard_hides_once_the_person_taps_it(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    markup = ReplyKeyboardMarkup([["Yes", "No"]], one_time_keyboard=True)
    await bot.send_message(petra.id, "Sure?", reply_markup=markup)

    sandbox.send_text(petra.id, "Yes")

    assert sandbox.reply_keyboard(petra.id) is None


@pytest.mark.parametrize(
    ("button", "description"),
    [
        ({"text": "Go", "callback_data": "x" * 65}, "BUTTON_DATA_INVALID"),
        ({"text": "Go"}, "Text buttons are unallowed in the inline keyboard"),
        ({"text": "Go", "url": "javascript:alert(1)"}, "Wrong HTTP URL"),
    ],
)
async def test_inline_buttons_telegram_would_refuse_are_refused(
    sandbox: Sandbox, petra: SandboxUser, button: dict[str, str], description: str
) -> None:
    markup = {"inline_keyboard": [[button]]}
    params = {"chat_id": petra.id, "text": "x", "reply_markup": markup}
    with pytest.raises(BotApiError, match=description) as refused:
        await sandbox.call(sandbox.token, "sendMessage", params)
    assert refused.value.error_code == 400


async def test_a_chat_action_shows_for_five_seconds_or_until_the_next_message(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser, clock: Clock
) -> None:
    assert await bot.send_chat_action(petra.id, "typing") is True
    assert sandbox.chat_action(petra.id) == "typing"
    clock.advance(6)
    assert sandbox.chat_action(petra.id) is None

    await bot.send_chat_action(petra.id, "upload_photo")
    await bot.send_message(petra.id, "done")
    assert sandbox.chat_action(petra.id) is None
    with pytest.raises(BadRequest, match="Wrong parameter action in request"):
        await bot.send_chat_action(petra.id, "dancing")
