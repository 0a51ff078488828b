"""The outbox: without an SMTP server, the invitation e-mails are kept for the manager to see."""

from __future__ import annotations

from dataclasses import replace

import httpx

from admin_web.app import create_app
from core.mail.invitation import send_invitation_mail
from tests.factories import invite
from tests.web.browsing import post_form, sign_in, text_of


async def test_outbox_shows_the_invitation_mail_with_its_link(signed_in, fleets):
    response = await post_form(
        signed_in, f"/fleets/{fleets['Berlin']}/partners", {"email": "partner@example.com"}
    )
    invitation_page = await signed_in.get(response.headers["location"])

    outbox = text_of(await signed_in.get("/outbox"))

    assert "No SMTP server is configured; e-mails are kept here." in outbox
    assert "To partner@example.com" in outbox
    assert "Demo Mobility" in outbox
    assert "Berlin" in outbox
    start = invitation_page.text.index('id="invitation-url"')
    link = invitation_page.text[start:].split('value="', 1)[1].split('"', 1)[0]
    assert link in outbox


async def mail_berlin_invitation(services, manager, fleets) -> None:
    """A Berlin invitation, mailed into the outbox."""
    link = await invite(services.uow, manager, services.links, fleets["Berlin"])
    await send_invitation_mail(
        services.mailer, link, sender="fleetcrew@demo.test", now=services.clock.now()
    )


async def test_outbox_shows_no_mails_of_another_provider(
    client, manager, other_manager, fleets, services
):
    await mail_berlin_invitation(services, manager, fleets)
    await sign_in(client, other_manager.email)

    outbox = text_of(await client.get("/outbox"))

    assert "The outbox is empty." in outbox
    assert "partner@example.com" not in outbox


async def test_outbox_shows_only_mails_of_the_fleets_the_manager_manages(
    client, manager, munich_manager, fleets, services
):
    await mail_berlin_invitation(services, manager, fleets)
    await sign_in(client, munich_manager.email)

    outbox = text_of(await client.get("/outbox"))

    assert "The outbox is empty." in outbox
    assert "partner@example.com" not in outbox
    assert "Berlin" not in outbox


async def test_outbox_shows_the_mails_of_each_managed_fleet(signed_in, manager, fleets, services):
    await mail_berlin_invitation(services, manager, fleets)

    outbox = text_of(await signed_in.get("/outbox"))

    assert "To partner@example.com" in outbox


async def test_outbox_is_in_the_navigation_only_without_an_smtp_server(
    signed_in, services, manager
):
    page = await signed_in.get("/", follow_redirects=True)
    assert 'href="/outbox"' in page.text

    with_smtp = replace(
        services, settings=services.settings.model_copy(update={"smtp_host": "smtp.demo.test"})
    )
    transport = httpx.ASGITransport(app=create_app(with_smtp))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        page = await client.get("/", follow_redirects=True)
        outbox = await client.get("/outbox")

    assert 'href="/outbox"' not in page.text
    assert "E-mails go out through smtp.demo.test." in text_of(outbox)
