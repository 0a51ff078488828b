"""A fleet manager links their own Telegram in the bot, and hears there of failed jobs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.outbox_sender import reachable_web_url, render
from core.buttons import MessageButton
from core.db.models import Job
from core.db.models import Manager as ManagerRow
from core.services import manager_telegram
from core.services.transitions import move_job
from core.settings import load_settings
from core.status import JobStatus
from core.views import QueuedMessage
from tests.factories import database_contents, make_job


@pytest.fixture
async def maren(telegram):
    return telegram.person("Maren", 7001)


async def manager_link(services, manager) -> str:
    async with services.uow() as work:
        link = await manager_telegram.issue_telegram_link(work, manager, links=services.links)
    return link.url


async def fail_job(services, manager, fleet_id: int) -> int:
    job_id = await make_job(services.uow, manager, fleet_id, license_plate="B-FC 7")
    async with services.uow() as work:
        job = await work.session.get_one(Job, job_id)
        for step in (JobStatus.ASSIGNED, JobStatus.RUNNING, JobStatus.FAILED):
            move_job(work, job, step, actor="test")
        job.failure_reason = "no_coverage"
        job.failure_note = "No signal in the underground car park."
        await manager_telegram.tell_managers_job_failed(work, job)
        await work.commit()
    return job_id


async def test_a_manager_links_their_telegram_and_help_says_so(maren, services, manager):
    url = await manager_link(services, manager)

    linked = (await maren.open(url)).one
    helped = (await maren.send("/help")).one

    assert linked.text.startswith(
        "✅ Linked: this Telegram account belongs to the FleetCrew account manager@demo.test "
        "of Demo Mobility now."
    )
    assert "(Berlin, Munich)" in linked.text
    assert helped.text.startswith(
        "Your Telegram account is linked to the FleetCrew account manager@demo.test"
    )
    assert "when a job of your fleets fails." in helped.text
    async with services.uow.read_only() as work:
        assert (await work.session.get_one(ManagerRow, manager.id)).telegram_user_id == 7001


async def test_opening_the_link_again_says_it_is_linked_already(maren, services, manager):
    url = await manager_link(services, manager)
    await maren.open(url)
    before = await database_contents(services.uow)

    again = (await maren.open(url)).one

    assert again.text == (
        "This Telegram account is linked to the FleetCrew account manager@demo.test of "
        "Demo Mobility already. Nothing changed."
    )
    assert await database_contents(services.uow) == before


async def test_an_expired_link_says_so_and_links_nothing(telegram, services, manager, clock):
    url = await manager_link(services, manager)
    clock.advance(timedelta(hours=1))
    hanna = telegram.person("Hanna", 7002, language="de")
    await hanna.send("/lang")  # the bot has met her: only the link's answer is left to compare
    before = await database_contents(services.uow)

    refused = (await hanna.open(url)).one

    assert refused.text.startswith("Dieser Link ist abgelaufen.")
    assert await database_contents(services.uow) == before


async def test_a_failed_job_reaches_the_linked_manager_with_a_button_to_its_page(
    maren, services, manager, fleets
):
    await maren.open(await manager_link(services, manager))

    job_id = await fail_job(services, manager, fleets["Berlin"])
    await maren.telegram.deliver()

    told = maren.last
    assert told.text == (
        "❌ A job failed in the fleet Berlin: B-FC 7.\n\n"
        "Reason: No coverage / no heartbeat\n"
        "The technician wrote: No signal in the underground car park."
    )
    (button,) = [b for row in told.buttons for b in row]
    assert (button.text, button.callback_data) == ("Open the job", None)
    assert button.url == f"http://127.0.0.1:8000/fleets/{fleets['Berlin']}/jobs/{job_id}"


async def test_the_daily_summary_arrives_in_the_managers_language(
    telegram, services, manager, clock
):
    hanna = telegram.person("Hanna", 7002, language="de")
    await hanna.open(await manager_link(services, manager))
    async with services.uow() as work:
        await manager_telegram.set_daily_summary(work, manager, on=True)
    clock.advance(timedelta(hours=9))

    async with services.uow() as work:
        await manager_telegram.send_daily_summaries(work)
    await telegram.deliver()

    assert hanna.last.text == (
        "📊 Deine Flotten am 27 Nov 2026: ✅ heute erfolgreich, ❌ heute fehlgeschlagen, "
        "🔧 gerade in Arbeit, ⏰ überfällig.\n\n"
        "Berlin: ✅ 0 · ❌ 0 · 🔧 0 · ⏰ 0\nMunich: ✅ 0 · ❌ 0 · 🔧 0 · ⏰ 0"
    )
    assert "und schicke dir jeden Abend" in (await hanna.send("/help")).one.text


TOKEN = "123456789:" + "A" * 35


def job_failed_message(language: str = "en") -> QueuedMessage:
    return QueuedMessage(
        id=1,
        telegram_user_id=7001,
        language=language,
        text_key="manager.job_failed",
        values={"vehicle": "B-FC 7", "fleet": "Berlin", "reason": "Other", "note": "—"},
        buttons=((MessageButton(text_key="button.open_job", url="fleets/1/jobs/7"),),),
    )


def test_a_page_button_opens_the_admin_webs_public_address(tmp_path):
    settings = load_settings(
        var_dir=tmp_path, telegram_token=TOKEN, public_url="https://fleetcrew.example.com/crew/"
    )

    _, markup = render(job_failed_message("de"), reachable_web_url(settings))

    (button,) = [b for row in markup.inline_keyboard for b in row]
    assert (button.text, button.url) == (
        "Auftrag öffnen",
        "https://fleetcrew.example.com/crew/fleets/1/jobs/7",
    )


def test_without_a_public_address_a_real_bot_leaves_page_buttons_out(tmp_path):
    settings = load_settings(var_dir=tmp_path, telegram_token=TOKEN)

    text, markup = render(job_failed_message(), reachable_web_url(settings))

    assert reachable_web_url(settings) is None
    assert markup is None
    assert text.startswith("❌ A job failed in the fleet <b>Berlin</b>: B-FC 7.")
