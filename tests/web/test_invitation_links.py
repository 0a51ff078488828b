"""An invitation's link shown once: after Invite, Resend and New link & QR, never again."""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import replace
from datetime import timedelta
from email.message import EmailMessage

import httpx
import pytest
import zxingcpp
from PIL import Image
from pydantic import SecretStr

from admin_web.app import create_app
from core.errors import LinkNotUsable
from core.links import DeepLinks
from core.mail import LinkInMail, MailNotSent
from fleetcrew.links import SANDBOX_START_PATH
from tests.factories import database_contents, invite, token_of
from tests.web.browsing import (
    entry_of,
    invite_on_page,
    partners_of,
    post_form,
    shown_link,
    sign_in,
    text_of,
    the_link,
    words_of,
)
from tests.web.database import accept

SHOWN_ONCE = "This link is shown only now."
_PNG = re.compile(
    r'<a class="button secondary" href="data:image/png;base64,([^"]+)" download="([^"]+)"'
)


async def test_page_says_the_link_is_shown_only_now_and_how_to_get_a_new_one(signed_in, fleets):
    page = await invite_on_page(signed_in, fleets["Berlin"])

    assert (
        f"{SHOWN_ONCE} Copy it or download the QR code before you leave this page: "
        "FleetCrew keeps no copy. Later, “New link & QR” makes a new one, and this one then "
        "stops working." in words_of(page)
    )


async def test_invite_leads_to_the_top_of_the_page_where_the_message_is(signed_in, fleets):
    response = await post_form(
        signed_in, partners_of(fleets["Berlin"]), {"email": "partner@example.com"}
    )

    assert response.headers["location"] == partners_of(fleets["Berlin"])
    page = await signed_in.get(response.headers["location"])
    flash, card = page.text.index('class="flash flash-success"'), page.text.index("invitation-link")
    assert flash < card < page.text.index('id="invite-title"')


async def test_link_is_gone_after_a_reload_and_a_new_one_is_offered(signed_in, fleets):
    first = await invite_on_page(signed_in, fleets["Berlin"])
    link = the_link(first)

    again = await signed_in.get(partners_of(fleets["Berlin"]))

    assert shown_link(again) is None
    assert link not in again.text
    assert SHOWN_ONCE not in text_of(again)
    assert 'class="flash' not in again.text
    assert "New link &amp; QR" in again.text


async def test_link_carried_to_the_page_is_refused_after_a_minute(signed_in, fleets, clock):
    response = await post_form(
        signed_in, partners_of(fleets["Berlin"]), {"email": "partner@example.com"}
    )
    clock.advance(timedelta(seconds=61))

    page = await signed_in.get(response.headers["location"])

    assert shown_link(page) is None
    assert 'class="flash' not in page.text


async def test_link_is_not_shown_on_another_fleets_page(signed_in, fleets):
    await post_form(signed_in, partners_of(fleets["Berlin"]), {"email": "partner@example.com"})

    munich = await signed_in.get(partners_of(fleets["Munich"]))

    assert shown_link(munich) is None


async def test_link_answered_before_the_page_opened_is_not_shown(signed_in, fleets, uow, links):
    response = await post_form(
        signed_in, partners_of(fleets["Berlin"]), {"email": "partner@example.com"}
    )
    cookie = signed_in.cookies["fleetcrew_flash"]
    page = await signed_in.get(response.headers["location"])
    await accept(uow, the_link(page))
    signed_in.cookies.set("fleetcrew_flash", cookie)

    replayed = await signed_in.get(partners_of(fleets["Berlin"]))

    assert shown_link(replayed) is None


async def test_downloadable_qr_code_is_the_link_and_names_partner_and_fleet(signed_in, fleets):
    page = await invite_on_page(signed_in, fleets["Berlin"], "NewPartner@demo.test")

    match = _PNG.search(page.text)
    assert match is not None, "no QR code to download"
    png, name = base64.b64decode(match.group(1)), html.unescape(match.group(2))
    assert name == "fleetcrew-invitation-newpartner-demo-test-berlin.png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [code.text for code in decoded] == [the_link(page)]
    assert "Download QR code (PNG)" in text_of(page)


async def test_the_qr_code_is_no_longer_served_from_the_database(
    signed_in, fleets, manager, links, uow
):
    link = await invite(uow, manager, links, fleets["Berlin"])

    response = await signed_in.get(f"{entry_of(fleets['Berlin'], link.connection_id)}/qr.png")

    assert response.status_code == 404


async def test_new_link_and_qr_replaces_the_link_and_mails_nothing(
    signed_in, fleets, manager, links, uow
):
    page = await invite_on_page(signed_in, fleets["Berlin"])
    old = the_link(page)
    [connection_id] = re.findall(r'id="partner-(\d+)"', page.text)

    response = await post_form(signed_in, f"{entry_of(fleets['Berlin'], connection_id)}/link")
    renewed = await signed_in.get(response.headers["location"])

    new = the_link(renewed)
    assert new != old
    assert token_of(new)
    assert (
        "A new invitation link for partner@example.com is ready below. "
        "The previous link no longer works. No e-mail was sent: hand this one over yourself."
        in text_of(renewed)
    )
    with pytest.raises(LinkNotUsable):
        await accept(uow, old)
    outbox = text_of(await signed_in.get(f"/fleets/{fleets['Berlin']}/outbox"))
    assert outbox.count("To partner@example.com") == 1
    assert new not in outbox
    assert "Link replaced by a newer one" in outbox


async def test_resend_gives_a_new_link_and_mails_it(signed_in, fleets, manager, links, uow):
    link = await invite(uow, manager, links, fleets["Berlin"])

    response = await post_form(
        signed_in, f"{entry_of(fleets['Berlin'], link.connection_id)}/resend"
    )
    shown = await signed_in.get(response.headers["location"])

    assert the_link(shown) != link.url
    assert "The previous link no longer works." in text_of(shown)
    outbox = text_of(await signed_in.get(f"/fleets/{fleets['Berlin']}/outbox"))
    assert the_link(shown) in outbox


@pytest.mark.parametrize("action", ["link", "resend"])
async def test_new_link_for_an_accepted_invitation_says_why_not_and_changes_nothing(
    signed_in, fleets, manager, links, uow, action
):
    link = await invite(uow, manager, links, fleets["Berlin"])
    await accept(uow, link.url)
    before = await database_contents(uow)

    response = await post_form(
        signed_in, f"{entry_of(fleets['Berlin'], link.connection_id)}/{action}"
    )
    page = await signed_in.get(response.headers["location"])

    assert "The invitation to partner@example.com is ACCEPTED" in text_of(page)
    assert "only a pending invitation has a link" in text_of(page)
    assert shown_link(page) is None
    assert await database_contents(uow) == before


class RefusingMailer:
    """A mail server that cannot be reached."""

    async def send(
        self, message: EmailMessage, *, fleet_id: int | None, link: LinkInMail | None = None
    ) -> None:
        raise MailNotSent("the mail server did not answer")


async def test_invitation_is_kept_and_shown_when_the_mail_cannot_be_sent(services, manager, fleets):
    app = create_app(replace(services, mailer=RefusingMailer()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        page = await invite_on_page(client, fleets["Berlin"])

    assert (
        "Invitation saved, but the e-mail could not be sent: the mail server did not answer; "
        "share the link below or resend." in text_of(page)
    )
    assert token_of(the_link(page))


async def test_invitation_link_opens_in_the_sandbox_while_it_stands_in_for_telegram(
    services, manager, fleets
):
    # As the composition root builds them in sandbox mode (fleetcrew/links.py).
    links = DeepLinks(f"http://testserver/{SANDBOX_START_PATH}")
    app = create_app(replace(services, links=links))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        page = await invite_on_page(client, fleets["Berlin"])

    link = the_link(page)
    assert link.startswith("http://testserver/sandbox/open?start=inv_")
    assert f'href="{html.escape(link)}" target="_blank"' in page.text
    assert "Open in sandbox" in text_of(page)
    assert "opens the FleetCrew bot in the local Telegram sandbox" in text_of(page)


async def test_no_sandbox_action_once_a_real_bot_is_configured(services, manager, fleets):
    settings = services.settings.model_copy(update={"telegram_token": SecretStr("1:real")})
    app = create_app(replace(services, settings=settings))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        page = await invite_on_page(client, fleets["Berlin"])

    assert token_of(the_link(page))
    assert "Open in sandbox" not in text_of(page)
