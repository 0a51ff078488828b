"""Pressing inline buttons and answerCallbackQuery, with Telegram's 15-second limit."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from telegram_sandbox import CallbackAnswer, Sandbox, SandboxUser

from .conftest import Clock

KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Accept", callback_data="accept"),
            InlineKeyboardButton("Decline", callback_data="decline"),
        ]
    ]
)


async def _asked(bot: Bot, sandbox: Sandbox, petra: SandboxUser) -> int:
    sent = await bot.send_message(petra.id, "Join ACME?", reply_markup=KEYBOARD)
    sandbox.take_updates()
    return sent.message_id


async def test_pressing_a_button_sends_the_bot_a_callback_query_with_the_message(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    message_id = await _asked(bot, sandbox, petra)

    query_id = sandbox.press_button(petra.id, message_id, "accept")

    (update,) = [Update.de_json(u, bot) for u in sandbox.take_updates()]
    query = update.callback_query
    assert query is not None
    assert (query.id, query.data, query.from_user.id) == (query_id, "accept", petra.id)
    assert query.message is not None and query.message.message_id == message_id
    assert query.chat_instance


async def test_pressing_by_label_finds_the_newest_message_with_that_button(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    await _asked(bot, sandbox, petra)
    newest = await _asked(bot, sandbox, petra)

    sandbox.press(petra.id, "Decline")

    (update,) = sandbox.take_updates()
    assert update["callback_query"]["message"]["message_id"] == newest
    assert update["callback_query"]["data"] == "decline"
    with pytest.raises(LookupError):
        sandbox.press(petra.id, "Maybe")


async def test_a_person_can_only_press_buttons_they_see(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    message_id = await _asked(bot, sandbox, petra)

    with pytest.raises(ValueError, match="no button"):
        sandbox.press_button(petra.id, message_id, "inv:accept:999")
    with pytest.raises(ValueError, match="no button"):
        sandbox.press_button(petra.id, message_id + 1, "accept")
    await bot.edit_message_reply_markup(petra.id, message_id)
    with pytest.raises(ValueError, match="no button"):
        sandbox.press_button(petra.id, message_id, "accept")
    assert sandbox.take_updates() == []


async def test_the_answer_is_the_toast_the_person_sees(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    message_id = await _asked(bot, sandbox, petra)
    first = sandbox.press_button(petra.id, message_id, "accept")
    second = sandbox.press_button(petra.id, message_id, "decline")

    assert await bot.answer_callback_query(first, text="Accepted") is True
    assert await bot.answer_callback_query(second, text="Really?", show_alert=True) is True

    assert sandbox.callback_answers(petra.id) == [
        CallbackAnswer(first, "Accepted", False),
        CallbackAnswer(second, "Really?", True),
    ]


async def test_answering_a_callback_query_twice_is_refused_as_too_old(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    message_id = await _asked(bot, sandbox, petra)
    query_id = sandbox.press_button(petra.id, message_id, "accept")
    await bot.answer_callback_query(query_id)

    with pytest.raises(BadRequest, match="Query is too old and response timeout expired"):
        await bot.answer_callback_query(query_id)


async def test_answering_after_15_seconds_is_refused_as_too_old(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser, clock: Clock
) -> None:
    message_id = await _asked(bot, sandbox, petra)
    in_time = sandbox.press_button(petra.id, message_id, "accept")
    late = sandbox.press_button(petra.id, message_id, "decline")
    clock.advance(15)
    await bot.answer_callback_query(in_time)
    clock.advance(0.5)

    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(late)


async def test_an_unknown_query_id_is_refused_as_invalid(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)query id is invalid"):
        await bot.answer_callback_query("1234567890")
