"""The manager's Telegram page: link their own account (link and QR shown once), unlink it,
and switch the daily summary; a failed job's button leads to its page here."""

from __future__ import annotations

import base64
import html
import io
import re

import pytest
import zxingcpp
from PIL import Image

from core.actors import TelegramUser
from core.db.models import Job
from core.db.models import Manager as ManagerRow
from core.errors import LinkNotUsable
from core.services import manager_telegram
from core.services.transitions import move_job
from core.status import JobStatus
from tests.factories import database_contents, make_job, queued_messages, token_of
from tests.web.browsing import post_form, words_of

PAGE = "/account/telegram"
_URL = re.compile(r'<input id="telegram-url" type="text" readonly value="([^"]+)"')
_PNG = re.compile(r'href="data:image/png;base64,([^"]+)"')
MAREN = TelegramUser(id=7001, name="Maren Manager")


def shown_url(page) -> str | None:
    match = _URL.search(page.text)
    return html.unescape(match.group(1)) if match else None


async def issue_on_page(client):
    response = await post_form(client, f"{PAGE}/link")
    assert (response.status_code, response.headers["location"]) == (303, PAGE)
    return await client.get(PAGE)


async def row_of(uow, manager) -> tuple:
    async with uow.read_only() as work:
        row = await work.session.get_one(ManagerRow, manager.id)
        return row.telegram_user_id, row.daily_summary


async def test_the_page_is_in_the_header_and_says_not_linked(signed_in, fleets):
    overview = await signed_in.get(f"/fleets/{fleets['Berlin']}/overview")
    assert f'href="{PAGE}"' in overview.text

    page = await signed_in.get(PAGE)

    assert page.status_code == 200
    assert "Not linked FleetCrew does not write to you in Telegram." in words_of(page)
    assert "Link Telegram" in words_of(page)
    assert "Unlink" not in words_of(page)


async def test_link_telegram_shows_the_link_and_its_qr_code_once(signed_in, links):
    page = await issue_on_page(signed_in)

    url = shown_url(page)
    assert url is not None and url.startswith(links.start_url + "mgr_")
    assert "This link is shown only now." in words_of(page)
    assert "Works once, until 27 Nov 2026, 11:00 CET" in words_of(page)
    png = base64.b64decode(_PNG.search(page.text).group(1))
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [url]
    again = await signed_in.get(PAGE)
    assert shown_url(again) is None
    assert "A link handed out works until 27 Nov 2026, 11:00 CET" in words_of(again)


async def test_the_shown_link_links_telegram_and_unlink_ends_it(signed_in, uow, manager):
    page = await issue_on_page(signed_in)
    async with uow() as work:
        await manager_telegram.link_telegram_account(work, MAREN, token=token_of(shown_url(page)))
    linked = await signed_in.get(PAGE)
    assert "Linked to your Telegram account." in words_of(linked)
    assert await row_of(uow, manager) == (MAREN.id, False)

    response = await post_form(signed_in, f"{PAGE}/unlink")
    page = await signed_in.get(response.headers["location"])

    assert "Your Telegram account is unlinked" in words_of(page)
    assert "Not linked" in words_of(page)
    assert await row_of(uow, manager) == (None, False)


async def test_the_daily_summary_is_switched_on_and_off(signed_in, uow, manager):
    response = await post_form(signed_in, f"{PAGE}/summary", {"daily_summary": "true"})
    page = await signed_in.get(response.headers["location"])
    assert "every evening after 18:00" in words_of(page)
    assert 'name="daily_summary" value="true" checked' in page.text
    assert await row_of(uow, manager) == (None, True)

    await post_form(signed_in, f"{PAGE}/summary")  # an unchecked box sends nothing

    assert await row_of(uow, manager) == (None, False)


async def test_an_old_link_shown_in_another_tab_changes_nothing_once_replaced(signed_in, uow):
    first = shown_url(await issue_on_page(signed_in))
    await issue_on_page(signed_in)
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable, match="newer one replaced it"):
        async with uow() as work:
            await manager_telegram.link_telegram_account(work, MAREN, token=token_of(first))
    assert await database_contents(uow) == before


async def test_a_failed_jobs_button_opens_the_job_page(signed_in, uow, manager, fleets):
    page = await issue_on_page(signed_in)
    async with uow() as work:
        await manager_telegram.link_telegram_account(work, MAREN, token=token_of(shown_url(page)))
    job_id = await make_job(uow, manager, fleets["Munich"], license_plate="M-FC 9")
    async with uow() as work:
        job = await work.session.get_one(Job, job_id)
        for step in (JobStatus.ASSIGNED, JobStatus.RUNNING, JobStatus.FAILED):
            move_job(work, job, step, actor="test")
        job.failure_reason = "box_defective"
        await manager_telegram.tell_managers_job_failed(work, job)
        await work.commit()

    ((_, _, _, buttons, _),) = await queued_messages(uow)
    job_page = await signed_in.get("/" + buttons[0][0]["url"])

    assert job_page.status_code == 200
    assert "M-FC 9" in words_of(job_page)
