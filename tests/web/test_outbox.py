"""The Outbox of a fleet: without SMTP, the invitation e-mails are kept for the manager to see;
beside them, the fleet's Telegram messages that did not reach their recipient."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from admin_web.app import create_app
from bot.app import build_application
from bot.outbox_sender import OutboxSender
from core.actors import TelegramUser
from core.mail.invitation import send_invitation_mail
from core.services import partners, telegram_outbox
from core.services.chats import meet_telegram_user
from fleetcrew.telegram import sandbox_endpoint
from telegram_sandbox import Sandbox
from tests.conftest import BOT_USERNAME
from tests.factories import database_contents, invite
from tests.web.browsing import post_form, shown_link, sign_in, text_of, words_of
from tests.web.database import accept


def outbox_of(fleet_id: int) -> str:
    return f"/fleets/{fleet_id}/outbox"


async def mail_invitation(services, manager, fleet_id, email="partner@example.com"):
    """An invitation, mailed into the outbox; returns its link."""
    link = await invite(services.uow, manager, services.links, fleet_id, email)
    await send_invitation_mail(
        services.mailer, link, sender="fleetcrew@demo.test", now=services.clock.now()
    )
    return link


async def test_outbox_shows_the_invitation_mail_with_its_link(signed_in, fleets):
    response = await post_form(
        signed_in, f"/fleets/{fleets['Berlin']}/partners", {"email": "partner@example.com"}
    )
    link = shown_link(await signed_in.get(response.headers["location"]))

    outbox = text_of(await signed_in.get(outbox_of(fleets["Berlin"])))

    assert "No SMTP server is configured, so FleetCrew keeps the fleet Berlin's e-mails" in outbox
    assert "To partner@example.com" in outbox
    assert "Demo Mobility invites you to service the fleet Berlin" in outbox
    assert link is not None
    assert link in outbox
    assert "Link works" in outbox


async def test_outbox_says_kept_mails_can_hold_live_links(signed_in, fleets):
    outbox = words_of(await signed_in.get(outbox_of(fleets["Berlin"])))

    assert (
        "Kept mails can hold invitation links that still work: without SMTP, the Outbox is how "
        "a link reaches a partner" in outbox
    )


async def test_outbox_shows_a_mails_time_in_its_fleets_zone(signed_in, services, manager, fleets):
    await mail_invitation(services, manager, fleets["Berlin"])

    outbox = words_of(await signed_in.get(outbox_of(fleets["Berlin"])))

    assert "To partner@example.com · 27 Nov 2026, 10:00 CET" in outbox


async def test_outbox_marks_a_mail_whose_link_was_replaced(signed_in, services, manager, fleets):
    link = await mail_invitation(services, manager, fleets["Berlin"])
    async with services.uow() as work:
        await partners.renew_invitation_link(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            connection_id=link.connection_id,
            links=services.links,
        )

    outbox = text_of(await signed_in.get(outbox_of(fleets["Berlin"])))

    assert "Link replaced by a newer one" in outbox
    assert "[link removed: a newer link replaced it]" in outbox
    assert link.url not in outbox
    assert "Link works" not in outbox


async def test_outbox_marks_a_mail_whose_invitation_was_answered(
    signed_in, services, manager, fleets
):
    link = await mail_invitation(services, manager, fleets["Berlin"])
    await accept(services.uow, link.url)

    outbox = text_of(await signed_in.get(outbox_of(fleets["Berlin"])))

    assert "Link used: the invitation was answered" in outbox
    assert link.url not in outbox


async def test_outbox_marks_a_mail_whose_invitation_was_withdrawn(
    signed_in, services, manager, fleets
):
    link = await mail_invitation(services, manager, fleets["Berlin"])
    async with services.uow() as work:
        await partners.remove_partner_connection(
            work, manager, fleet_id=fleets["Berlin"], connection_id=link.connection_id
        )

    outbox = text_of(await signed_in.get(outbox_of(fleets["Berlin"])))

    assert "Link ended: the invitation was withdrawn" in outbox


async def test_outbox_lists_only_the_mails_of_its_fleet(signed_in, services, manager, fleets):
    await mail_invitation(services, manager, fleets["Berlin"], "berlin@example.com")
    await mail_invitation(services, manager, fleets["Munich"], "munich@example.com")

    berlin = text_of(await signed_in.get(outbox_of(fleets["Berlin"])))
    munich = text_of(await signed_in.get(outbox_of(fleets["Munich"])))

    assert "To berlin@example.com" in berlin
    assert "munich@example.com" not in berlin
    assert "To munich@example.com" in munich
    assert "berlin@example.com" not in munich


async def test_outbox_is_a_page_of_the_current_fleet_in_the_switcher(signed_in, fleets):
    page = await signed_in.get(outbox_of(fleets["Munich"]))

    switcher = page.text[page.text.index('class="fleet-switcher"') :]
    switcher = switcher[: switcher.index("</details>")]
    assert "<strong>Munich</strong>" in switcher
    assert f'<a href="{outbox_of(fleets["Berlin"])}">Berlin</a>' in switcher
    assert f'<a href="{outbox_of(fleets["Munich"])}" aria-current="page">Munich</a>' in switcher
    assert f'href="{outbox_of(fleets["Munich"])}" aria-current="page">Outbox</a>' in page.text


async def test_outbox_without_a_fleet_opens_the_first_fleets(signed_in, fleets):
    response = await signed_in.get("/outbox")

    assert response.status_code == 303
    assert response.headers["location"] == outbox_of(fleets["Berlin"])


async def test_outbox_of_the_munich_manager_opens_munich(
    client, munich_manager, manager, services, fleets
):
    await mail_invitation(services, manager, fleets["Berlin"])
    await sign_in(client, munich_manager.email)

    outbox = await client.get("/outbox", follow_redirects=True)

    assert outbox.url.path == outbox_of(fleets["Munich"])
    assert "The Outbox of the fleet Munich is empty." in text_of(outbox)
    assert "partner@example.com" not in outbox.text


async def test_outbox_of_another_providers_fleet_is_refused(
    client, manager, other_manager, fleets, services, uow
):
    await mail_invitation(services, manager, fleets["Berlin"])
    await sign_in(client, other_manager.email)
    before = await database_contents(uow)

    response = await client.get(outbox_of(fleets["Berlin"]))

    assert response.status_code == 404
    assert "This fleet does not exist, or you do not manage it." in text_of(response)
    assert "partner@example.com" not in response.text
    assert await database_contents(uow) == before


async def test_outbox_is_in_the_navigation_with_an_smtp_server_too(
    signed_in, services, manager, fleets
):
    page = await signed_in.get("/", follow_redirects=True)
    assert f'href="{outbox_of(fleets["Berlin"])}"' in page.text

    with_smtp = replace(
        services, settings=services.settings.model_copy(update={"smtp_host": "smtp.demo.test"})
    )
    transport = httpx.ASGITransport(app=create_app(with_smtp))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        page = await client.get("/", follow_redirects=True)
        outbox = await client.get(outbox_of(fleets["Berlin"]))

    assert f'href="{outbox_of(fleets["Berlin"])}"' in page.text  # for Telegram messages
    assert "E-mails go out through smtp.demo.test." in text_of(outbox)


TOM = TelegramUser(id=700002, name="Tom Technician")


@pytest.fixture
async def telegram(services, clock) -> AsyncIterator[tuple[Sandbox, OutboxSender]]:
    """A local Telegram and the outbox's sender writing to it."""
    sandbox = Sandbox(bot_username=BOT_USERNAME, clock=lambda: clock.now().timestamp())
    application = build_application(
        services, services.settings, endpoint=sandbox_endpoint(sandbox), polling=False
    )
    await application.initialize()
    yield sandbox, OutboxSender(application.bot, services)
    await application.shutdown()
    await sandbox.aclose()


async def tell(services, telegram_user_id: int, fleet_id: int | None, partner: str) -> None:
    """A message about the fleet: "You are no longer in the team of <partner>"."""
    async with services.uow() as work:
        telegram_outbox.queue_message(
            work,
            telegram_user_id=telegram_user_id,
            text_key="team.removed_you",
            values={"partner": partner},
            fleet_id=fleet_id,
        )
        await work.commit()


async def met(services, user: TelegramUser) -> None:
    async with services.uow() as work:
        await meet_telegram_user(work, user)


async def test_outbox_shows_a_message_to_someone_who_blocked_the_bot(
    signed_in, services, fleets, telegram
):
    sandbox, sender = telegram
    sandbox.add_user("Tom", "Technician", user_id=TOM.id)
    await met(services, TOM)
    sandbox.block_bot(TOM.id)
    await tell(services, TOM.id, fleets["Berlin"], "Demo Installers")

    await sender.send_due()
    outbox = words_of(await signed_in.get(outbox_of(fleets["Berlin"])))

    assert (
        "Telegram messages not delivered Removed from the partner's team Undeliverable "
        "To Tom Technician · 27 Nov 2026, 10:00 CET Telegram cannot deliver it (Forbidden: bot "
        "was blocked by the user): the person blocked the bot, or has no chat with it."
    ) in outbox


async def test_outbox_shows_a_message_that_failed_after_every_attempt(
    signed_in, services, fleets, telegram, clock
):
    sandbox, sender = telegram
    sandbox.add_user("Person", user_id=4242)
    await tell(services, 4242, fleets["Berlin"], "x" * 5000)  # longer than Telegram takes
    for attempt in range(telegram_outbox.MAX_ATTEMPTS):
        clock.advance(telegram_outbox.FIRST_RETRY * (2 ** (attempt - 1) if attempt else 0))
        await sender.send_due()

    outbox = words_of(await signed_in.get(outbox_of(fleets["Berlin"])))

    assert (
        "Failed To Telegram user 4242 · 27 Nov 2026, 10:00 CET Not sent after 6 attempts; the "
        "last one: Message is too long."
    ) in outbox


async def test_outbox_lists_only_undelivered_messages_of_its_own_fleet(
    signed_in, services, fleets, telegram
):
    sandbox, sender = telegram
    sandbox.add_user("Tom", "Technician", user_id=TOM.id)
    await tell(services, TOM.id, fleets["Berlin"], "Delivered Installers")
    await tell(services, 4242, fleets["Munich"], "Munich Installers")  # no such chat
    await tell(services, 4343, None, "Teamwide Installers")  # about no fleet
    await sender.send_due()

    berlin = words_of(await signed_in.get(outbox_of(fleets["Berlin"])))
    munich = words_of(await signed_in.get(outbox_of(fleets["Munich"])))

    assert "Every Telegram message about the fleet Berlin was delivered." in berlin
    assert "Telegram user 4242" in munich
    assert "4343" not in berlin + munich
