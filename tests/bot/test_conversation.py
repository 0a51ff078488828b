"""Help by role, /lang, and what the bot says to messages it does not expect."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app import build_application
from bot.outbox_sender import OutboxSender
from fleetcrew.telegram import sandbox_endpoint
from telegram_sandbox import sample_png
from tests.backends import sqlite_threads
from tests.bot.phone import Telegram
from tests.bot.test_teams import demo_team
from tests.factories import database_contents


@pytest.fixture
async def newcomer(telegram):
    return telegram.person("Nina", 4343)


async def test_help_for_a_newcomer_explains_the_links(newcomer):
    reply = (await newcomer.send("/start")).one

    assert reply.text.startswith("👋 Hello Nina! I am the FleetCrew bot.")
    assert "invitation link" in reply.text and "team link" in reply.text


async def test_help_differs_by_role(telegram, services, manager, fleets):
    petra, tom, _tina = await demo_team(telegram, services, manager, fleets)

    admin_help = (await petra.send("/help")).one
    technician_help = (await tom.send("/help")).one

    assert admin_help.text.startswith("You lead the team of Demo Installers (Partner ID ")
    assert "/team" in admin_help.text
    assert technician_help.text.startswith("You are a technician in the team of Demo Installers")
    assert "/team" not in technician_help.text


async def test_a_german_telegram_app_gets_german_texts(telegram):
    reply = (await telegram.person("Jonas", 4444, language="de-AT").send("/help")).one

    assert reply.text.startswith("👋 Hallo Jonas! Ich bin der FleetCrew-Bot.")


async def test_lang_switches_the_language_and_it_is_remembered(newcomer, services):
    choose = (await newcomer.send("/lang")).one
    assert choose.button_texts == ["English", "Deutsch"]

    confirmed = (await newcomer.press("Deutsch")).one
    assert confirmed.text == "Ich schreibe dir ab jetzt auf Deutsch."

    reply = (await newcomer.send("/help")).one
    assert reply.text.startswith("👋 Hallo Nina!")


async def test_bot_commands_are_registered_in_both_languages(telegram):
    sandbox = telegram.sandbox

    assert [command for command, _ in sandbox.commands] == ["start", "jobs", "help", "team", "lang"]
    assert dict(sandbox.commands_for("de"))["lang"] == "Sprache ändern"


async def test_newcomer_is_stopped_before_team_features(newcomer, services):
    await newcomer.send("/help")
    before = await database_contents(services.uow)

    reply = (await newcomer.send("/team")).one

    assert reply.text.startswith("You are not in a service partner's team yet.")
    assert await database_contents(services.uow) == before


@pytest.mark.parametrize(
    ("action", "args"),
    [
        ("send_sticker", ()),
        ("send_photo", (sample_png(),)),
        ("send_location", (52.52, 13.40)),
        ("send_document", (b"%PDF-1.4", "manual.pdf")),
    ],
)
async def test_messages_the_bot_does_not_expect_get_a_short_reply(
    telegram, services, manager, fleets, action, args
):
    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    before = await database_contents(services.uow)

    reply = (await tom.do(getattr(telegram.sandbox, action), *args)).one

    assert reply.text == "I can only read text and buttons here. /help shows what you can do."
    assert await database_contents(services.uow) == before


async def test_unknown_commands_and_stray_texts_get_a_short_reply(
    telegram, services, manager, fleets
):
    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    before = await database_contents(services.uow)

    assert (await tom.send("/launch rockets")).one.text.startswith("I don't know that command.")
    assert (await tom.send("hello?")).one.text.startswith("I didn't expect a message just now.")
    assert (await tom.send("x" * 4000)).one.text.startswith("That message is too long for me.")
    assert await database_contents(services.uow) == before


async def test_newcomer_sticker_gets_told_how_to_get_in(newcomer, telegram, services):
    before = await database_contents(services.uow)

    reply = (await newcomer.do(telegram.sandbox.send_sticker)).one

    assert reply.text.startswith("You are not in a service partner's team yet.")
    after = await database_contents(services.uow)
    met = after.pop("telegram_chats")
    assert [row[:3] for row in met] == [(4343, "Nina", "en")]  # the bot remembers meeting her
    assert before.pop("telegram_chats") == []
    assert after == before


async def test_blocking_and_unblocking_the_bot_is_taken_quietly(newcomer, telegram, services):
    await newcomer.send("/help")
    before = await database_contents(services.uow)
    said = len(newcomer.messages)

    telegram.sandbox.block_bot(4343)
    await telegram.deliver()
    telegram.sandbox.block_bot(4343, blocked=False)
    await telegram.deliver()

    assert len(newcomer.messages) == said
    assert await database_contents(services.uow) == before


@pytest.mark.parametrize("command", ["/team now", "/lang klingon", "/help me please"])
async def test_commands_with_garbage_arguments_change_nothing(
    telegram, services, manager, fleets, command
):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    before = await database_contents(services.uow)

    reply = (await petra.send(command)).one

    name = command.split()[0]
    assert reply.text == f"Send {name} on its own, with nothing after it."
    assert await database_contents(services.uow) == before


async def test_a_forged_language_button_changes_nothing(newcomer, telegram, services):
    await newcomer.send("/lang")
    choose = newcomer.last
    before = await database_contents(services.uow)

    replies = await newcomer.press_forged(choose, "lang:zz")

    assert replies.messages == []
    assert replies.answer.text == "This button no longer works. /help shows what you can do."
    assert await database_contents(services.uow) == before
    assert (await newcomer.send("/help")).one.text.startswith("👋 Hello Nina!")


async def test_a_rate_limited_reply_is_sent_once_telegram_allows(
    newcomer, telegram, clock, monkeypatch
):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB 22 warns about retry_after in seconds
    telegram.sandbox.simulate_rate_limit("sendMessage", retry_after=7)
    before = clock.now()

    reply = (await newcomer.send("/help")).one

    assert reply.text.startswith("👋 Hello Nina!")
    # The 429 was served and waited out on the test's clock (7 s and a little), not for real.
    assert (clock.now() - before).total_seconds() == pytest.approx(7.1)


async def test_the_bots_work_runs_in_place_on_sqlite_and_the_senders_work_on_its_thread(
    services, sandbox
):
    if services.uow.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's thread")
    application = build_application(
        services, services.settings, endpoint=sandbox_endpoint(sandbox), polling=False
    )
    statements = ["SELECT thread_id()", "SELECT thread_id()"]
    async with application.bot_data.services.uow() as work:
        handlers = await sqlite_threads(work, statements)
    async with services.uow() as work:  # the outbox's and the box commands' senders
        senders = await sqlite_threads(work, statements)

    assert handlers == ["loop", "loop"]
    assert senders == ["sqlite", "sqlite"]


class UnreachableDatabase:
    """A unit-of-work factory whose database is gone, as when the disk is full or PG is down."""

    def __call__(self):
        raise ConnectionError("the database server closed the connection")

    read_only = __call__

    def in_place(self):
        return self


async def test_an_unexpected_error_gets_an_apology_and_the_log_the_traceback(
    services, sandbox, caplog
):
    application = build_application(
        replace(services, uow=UnreachableDatabase()),
        services.settings,
        endpoint=sandbox_endpoint(sandbox),
        polling=False,
    )
    await application.initialize()
    try:
        outbox = OutboxSender(application.bot, services)  # on the database that works: idle
        phone = Telegram(sandbox, application, services, outbox).person("Nina", 4343, "de")
        reply = (await phone.send("/help")).one
    finally:
        await application.shutdown()

    assert (
        reply.text
        == "Entschuldigung, da ist etwas schiefgegangen. Bitte versuch es gleich noch mal."
    )
    assert "the database server closed the connection" not in reply.text
    failure = next(r for r in caplog.records if r.getMessage() == "Error while handling an update")
    assert failure.exc_info and "closed the connection" in str(failure.exc_info[1])
