"""getMe, the command list, tokens, unknown methods and simulated flood control."""

from __future__ import annotations

import datetime as dt

import pytest
from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats
from telegram.error import InvalidToken, RetryAfter

from telegram_sandbox import BotApiError, Sandbox

from .conftest import sandbox_bot


async def test_get_me_describes_the_bot(bot: Bot, sandbox: Sandbox) -> None:
    me = await bot.get_me()

    assert (me.id, me.username, me.first_name, me.is_bot) == (
        sandbox.bot_id,
        "FleetCrewTestBot",
        "FleetCrew Test",
        True,
    )
    assert sandbox.token.startswith(f"{sandbox.bot_id}:")
    assert len(sandbox.token.split(":")[1]) == 35


async def test_a_given_token_is_the_bots_token() -> None:
    sandbox = Sandbox(token="123456:" + "A" * 35)

    assert (sandbox.bot_id, sandbox.token) == (123456, "123456:" + "A" * 35)
    await sandbox.aclose()


async def test_commands_are_kept_per_scope_and_language(bot: Bot, sandbox: Sandbox) -> None:
    english = [BotCommand("jobs", "Your jobs"), BotCommand("team", "Your team")]
    german = [BotCommand("jobs", "Deine Aufträge")]

    assert await bot.set_my_commands(english) is True
    await bot.set_my_commands(german, language_code="de")
    await bot.set_my_commands([BotCommand("help", "Help")], scope=BotCommandScopeAllPrivateChats())

    assert sandbox.commands == [("jobs", "Your jobs"), ("team", "Your team")]
    assert sandbox.commands_for("de") == [("jobs", "Deine Aufträge")]
    assert sandbox.commands_for("fr") == sandbox.commands
    assert await bot.get_my_commands() == tuple(english)
    assert await bot.get_my_commands(language_code="de") == tuple(german)
    assert await bot.delete_my_commands(language_code="de") is True
    assert await bot.get_my_commands(language_code="de") == ()


async def test_a_command_telegram_would_refuse_is_refused(sandbox: Sandbox) -> None:
    with pytest.raises(BotApiError, match="BOT_COMMAND_INVALID"):
        await sandbox.call(
            sandbox.token, "setMyCommands", {"commands": [{"command": "Jobs!", "description": "x"}]}
        )


async def test_a_wrong_token_is_unauthorized(sandbox: Sandbox) -> None:
    stranger = sandbox_bot(sandbox, token=f"{sandbox.bot_id}:{'x' * 35}")

    with pytest.raises(InvalidToken):
        await stranger.get_me()
    with pytest.raises(BotApiError) as refused:
        await sandbox.call("42:nope", "getMe", {})
    assert (refused.value.error_code, refused.value.description) == (401, "Unauthorized")


async def test_an_unknown_method_is_not_found(sandbox: Sandbox) -> None:
    with pytest.raises(BotApiError) as refused:
        await sandbox.call(sandbox.token, "sendPigeon", {})

    assert (refused.value.error_code, refused.value.description) == (404, "Not Found")


async def test_method_names_are_case_insensitive_as_on_telegram(sandbox: Sandbox) -> None:
    me = await sandbox.call(sandbox.token, "GETME", {})

    assert me["id"] == sandbox.bot_id


async def test_a_simulated_rate_limit_answers_429_with_retry_after_then_lets_calls_through(
    bot: Bot, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB 22 warns on every RetryAfter unless it may hand out retry_after as a timedelta.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    sandbox.simulate_rate_limit("sendMessage", retry_after=7, times=2)
    petra = sandbox.add_user("Petra", user_id=700001)

    for _ in range(2):
        with pytest.raises(RetryAfter) as limited:
            await bot.send_message(petra.id, "hi")
        assert limited.value.retry_after == dt.timedelta(seconds=7)
    await bot.send_message(petra.id, "hi")

    sandbox.simulate_rate_limit("getMe", retry_after=3)
    with pytest.raises(BotApiError) as refused:
        await sandbox.call(sandbox.token, "getMe", {})
    assert refused.value.to_json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    with pytest.raises(ValueError):
        sandbox.simulate_rate_limit("sendPigeon", retry_after=1)


async def test_a_rate_limit_on_one_chat_lets_calls_to_other_chats_through(
    bot: Bot, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    petra = sandbox.add_user("Petra", user_id=700001)
    tom = sandbox.add_user("Tom", user_id=700002)
    sandbox.simulate_rate_limit("sendMessage", retry_after=4, chat_id=petra.id)

    await bot.send_message(tom.id, "hi Tom")
    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(petra.id, "hi Petra")
    await bot.send_message(petra.id, "hi again")

    assert limited.value.retry_after == dt.timedelta(seconds=4)
    assert [m.text for m in sandbox.bot_messages(tom.id)] == ["hi Tom"]
    assert [m.text for m in sandbox.bot_messages(petra.id)] == ["hi again"]
