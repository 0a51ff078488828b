"""getUpdates: offsets confirm, limits, long polling, allowed_updates, and one shared queue."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot
from telegram.error import Conflict

from telegram_sandbox import BotApiError, Sandbox, SandboxUser


async def test_updates_stay_until_an_offset_confirms_them(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    first = sandbox.send_text(petra.id, "one")
    second = sandbox.send_text(petra.id, "two")

    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [first, second]
    assert [u.update_id for u in await bot.get_updates()] == [first, second]
    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second]
    assert await bot.get_updates(offset=second + 1) == ()
    assert sandbox.take_updates() == []


async def test_a_message_update_is_telegrams_message(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.send_text(petra.id, "/start inv_abc")

    (update,) = await bot.get_updates()
    message = update.message
    assert message is not None
    assert message.text == "/start inv_abc"
    assert message.chat.id == petra.id
    assert message.from_user is not None
    assert message.from_user.language_code == "de"
    assert message.from_user.full_name == "Petra Admin"
    assert message.parse_entities() == {message.entities[0]: "/start"}


async def test_limit_hands_out_the_oldest_updates_first(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    ids = [sandbox.send_text(petra.id, str(n)) for n in range(3)]

    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]


async def test_a_negative_offset_keeps_only_the_newest_updates(
    sandbox: Sandbox, petra: SandboxUser
) -> None:
    ids = [sandbox.send_text(petra.id, str(n)) for n in range(3)]

    newest = await sandbox.call(sandbox.token, "getUpdates", {"offset": -1})

    assert [u["update_id"] for u in newest] == ids[2:]
    assert [u["update_id"] for u in sandbox.take_updates()] == ids[2:]


async def test_a_long_poll_with_nothing_to_say_answers_empty_when_its_timeout_ends(
    bot: Bot,
) -> None:
    assert await bot.get_updates(timeout=1) == ()


async def test_a_long_poll_answers_as_soon_as_an_update_arrives(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    polling = asyncio.create_task(bot.get_updates(timeout=30))
    await asyncio.sleep(0)  # let the poll start waiting
    assert not polling.done()

    sandbox.send_text(petra.id, "hello")

    async with asyncio.timeout(10):
        updates = await polling
    assert [u.message.text for u in updates if u.message] == ["hello"]


async def test_a_second_get_updates_terminates_the_one_still_waiting(
    bot: Bot, sandbox: Sandbox
) -> None:
    waiting = asyncio.create_task(sandbox.call(sandbox.token, "getUpdates", {"timeout": 30}))
    await asyncio.sleep(0)

    assert await bot.get_updates() == ()

    with pytest.raises(BotApiError, match="terminated by other getUpdates request") as refused:
        async with asyncio.timeout(10):
            await waiting
    assert refused.value.error_code == 409


async def test_allowed_updates_leave_out_other_kinds_from_then_on(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sent = await bot.send_message(
        petra.id, "Pick", reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    )
    await bot.get_updates(allowed_updates=["callback_query"])

    sandbox.send_text(petra.id, "ignored")
    sandbox.press_button(petra.id, sent.message_id, "a")

    assert [u.callback_query is not None for u in await bot.get_updates()] == [True]
    await bot.get_updates(allowed_updates=[])  # back to Telegram's default
    sandbox.send_text(petra.id, "seen")
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["seen"]


async def test_take_updates_confirms_what_it_hands_out(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    update_id = sandbox.send_text(petra.id, "hello")

    taken = sandbox.take_updates()

    assert [u["update_id"] for u in taken] == [update_id]
    assert taken[0]["message"]["text"] == "hello"
    assert await bot.get_updates() == ()


async def test_blocking_the_bot_sends_a_my_chat_member_update(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.block_bot(petra.id)
    sandbox.block_bot(petra.id, blocked=False)

    changes = [u.my_chat_member for u in await bot.get_updates()]
    assert [(c.old_chat_member.status, c.new_chat_member.status) for c in changes if c] == [
        ("member", "kicked"),
        ("kicked", "member"),
    ]


async def test_get_updates_is_refused_while_a_webhook_is_set(bot: Bot) -> None:
    await bot.set_webhook("https://fleetcrew.example/telegram")

    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()
