"""Partners & Teams: inviting, the link and its QR code, resending, override and removing."""

from __future__ import annotations

import io
from dataclasses import replace
from email.message import EmailMessage
from urllib.parse import quote

import httpx
import zxingcpp
from PIL import Image
from pydantic import SecretStr

from admin_web.app import create_app
from core.db.models import FleetConnection
from core.mail import MailNotSent
from core.status import InvitationStatus
from tests.factories import count, invite
from tests.web.browsing import post_form, sign_in, text_of
from tests.web.database import accept, snapshot

LINK_PREFIX = "https://t.me/FleetCrewTestBot?start=inv_"


def partners_of(fleet_id: int) -> str:
    return f"/fleets/{fleet_id}/partners"


def shown_link(page: httpx.Response) -> str:
    start = page.text.index(f'value="{LINK_PREFIX}') + len('value="')
    return page.text[start : page.text.index('"', start)]


async def test_invited_partner_appears_pending_with_its_link_and_qr_code(signed_in, fleets, uow):
    response = await post_form(
        signed_in,
        partners_of(fleets["Berlin"]),
        {"email": "Partner@Example.com", "allow_override": "true"},
    )

    assert response.status_code == 303
    page = await signed_in.get(response.headers["location"])
    text = text_of(page)
    assert "Invitation link for partner@example.com" in text
    assert shown_link(page).startswith(LINK_PREFIX)
    assert '<svg role="img" aria-label="QR code of the invitation link"' in page.text
    assert ">PENDING<" in page.text
    assert "Override enabled" in text
    assert "Download QR code (PNG)" in text
    assert "No SMTP server is configured, so the e-mail is kept in the Outbox" in text
    assert await count(uow, FleetConnection) == 1


async def test_flash_message_is_shown_once(signed_in, fleets):
    response = await post_form(
        signed_in, partners_of(fleets["Berlin"]), {"email": "partner@example.com"}
    )

    first = await signed_in.get(response.headers["location"])
    again = await signed_in.get(response.headers["location"])

    assert 'class="flash flash-success"' in first.text
    assert 'class="flash' not in again.text


async def test_qr_code_png_decodes_to_the_invitation_link(signed_in, fleets, manager, links, uow):
    link = await invite(uow, manager, links, fleets["Berlin"])

    response = await signed_in.get(f"{partners_of(fleets['Berlin'])}/{link.connection_id}/qr.png")

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert [code.text for code in decoded] == [link.url]


async def test_show_link_gives_the_same_link_again(signed_in, fleets, manager, links, uow):
    link = await invite(uow, manager, links, fleets["Berlin"])

    page = await signed_in.get(f"{partners_of(fleets['Berlin'])}?link={link.connection_id}")

    assert shown_link(page) == link.url


async def test_invite_with_an_invalid_address_says_why_and_writes_nothing(signed_in, fleets, uow):
    before = await snapshot(uow)

    response = await post_form(signed_in, partners_of(fleets["Berlin"]), {"email": "not-an-email"})
    page = await signed_in.get(response.headers["location"])

    assert "“not-an-email” is not a valid e-mail address." in text_of(page)
    assert 'value="not-an-email"' in page.text
    assert await snapshot(uow) == before


async def test_invite_without_an_address_asks_for_one(signed_in, fleets, uow):
    before = await snapshot(uow)

    response = await post_form(signed_in, partners_of(fleets["Berlin"]), {"email": "  "})
    page = await signed_in.get(response.headers["location"])

    assert 'class="flash flash-error"' in page.text
    assert "Enter" in text_of(page)
    assert "e-mail address" in text_of(page)
    assert await snapshot(uow) == before


async def test_second_invitation_to_the_same_partner_says_one_is_open(
    signed_in, fleets, manager, links, uow
):
    await invite(uow, manager, links, fleets["Berlin"])
    before = await snapshot(uow)

    response = await post_form(
        signed_in, partners_of(fleets["Berlin"]), {"email": "partner@example.com"}
    )
    page = await signed_in.get(response.headers["location"])

    assert "An invitation to partner@example.com for the fleet Berlin is already open." in text_of(
        page
    )
    assert await snapshot(uow) == before


async def test_resend_gives_a_new_link_and_mails_it(signed_in, fleets, manager, links, uow):
    link = await invite(uow, manager, links, fleets["Berlin"])
    page = f"{partners_of(fleets['Berlin'])}/{link.connection_id}"

    response = await post_form(signed_in, f"{page}/resend")
    shown = await signed_in.get(response.headers["location"])

    assert shown_link(shown) != link.url
    assert shown_link(shown).startswith(LINK_PREFIX)
    assert "The previous link no longer works." in text_of(shown)
    outbox = text_of(await signed_in.get("/outbox"))
    assert shown_link(shown) in outbox


async def test_override_can_be_allowed_and_turned_off(signed_in, fleets, manager, links, uow):
    link = await invite(uow, manager, links, fleets["Berlin"])
    action = f"{partners_of(fleets['Berlin'])}/{link.connection_id}/override"

    await post_form(signed_in, action, {"allowed": "true"})
    page = text_of(await signed_in.get(partners_of(fleets["Berlin"])))
    assert "Override enabled" in page
    assert "The partner may now override job configuration and data." in page

    await post_form(signed_in, action, {"allowed": "false"})
    page = text_of(await signed_in.get(partners_of(fleets["Berlin"])))
    assert "Override enabled" not in page
    assert "The partner now follows each job's configuration exactly." in page


async def test_removed_partner_entry_leaves_the_list(signed_in, fleets, manager, links, uow):
    link = await invite(uow, manager, links, fleets["Berlin"])

    await post_form(signed_in, f"{partners_of(fleets['Berlin'])}/{link.connection_id}/remove")
    page = text_of(await signed_in.get(partners_of(fleets["Berlin"])))

    assert f'id="partner-{link.connection_id}"' not in page
    assert "partner@example.com" not in page
    assert "No service partners yet." in page
    assert await count(uow, FleetConnection) == 0


async def test_accepted_partner_shows_its_name_and_partner_id_to_copy(
    signed_in, fleets, manager, links, uow
):
    link = await invite(uow, manager, links, fleets["Berlin"])
    accepted = await accept(uow, link.url)

    page = await signed_in.get(f"{partners_of(fleets['Berlin'])}?link={link.connection_id}")

    assert ">ACCEPTED<" in page.text
    assert "Volt Installers" in page.text
    assert f"<code>{accepted.partner_code}</code>" in page.text
    assert f'data-copy="{accepted.partner_code}"' in page.text
    assert "Invitation link for" not in page.text


async def test_link_of_an_accepted_invitation_is_no_longer_shown(
    signed_in, fleets, manager, links, uow
):
    link = await invite(uow, manager, links, fleets["Berlin"])
    await accept(uow, link.url)

    response = await signed_in.get(f"{partners_of(fleets['Berlin'])}/{link.connection_id}/qr.png")

    assert response.status_code == 409
    assert "only a pending invitation has a link" in text_of(response)


async def test_resending_an_accepted_invitation_says_why_not_and_writes_nothing(
    signed_in, fleets, manager, links, uow
):
    link = await invite(uow, manager, links, fleets["Berlin"])
    await accept(uow, link.url)
    before = await snapshot(uow)

    response = await post_form(
        signed_in, f"{partners_of(fleets['Berlin'])}/{link.connection_id}/resend"
    )
    page = await signed_in.get(response.headers["location"])

    assert "only a pending invitation has a link" in text_of(page)
    assert await snapshot(uow) == before


async def test_partner_entry_of_another_fleet_is_not_found(signed_in, fleets, manager, links, uow):
    link = await invite(uow, manager, links, fleets["Berlin"])
    before = await snapshot(uow)

    response = await post_form(
        signed_in, f"{partners_of(fleets['Munich'])}/{link.connection_id}/remove"
    )

    assert response.status_code == 404
    assert "This partner entry does not exist (any more)." in text_of(response)
    assert await snapshot(uow) == before


class RefusingMailer:
    """A mail server that cannot be reached."""

    async def send(self, message: EmailMessage, *, fleet_id: int | None) -> None:
        raise MailNotSent("the mail server did not answer")


async def test_invitation_is_kept_and_shown_when_the_mail_cannot_be_sent(
    services, manager, fleets, uow
):
    app = create_app(replace(services, mailer=RefusingMailer()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        response = await post_form(
            client, partners_of(fleets["Berlin"]), {"email": "partner@example.com"}
        )
        page = await client.get(response.headers["location"])

    assert (
        "Invitation saved, but the e-mail could not be sent: the mail server did not answer; "
        "share the link below or resend." in text_of(page)
    )
    assert shown_link(page).startswith(LINK_PREFIX)
    assert await count(uow, FleetConnection) == 1


async def test_declined_invitation_can_only_be_removed(signed_in, fleets, manager, links, uow):
    link = await invite(uow, manager, links, fleets["Berlin"])
    async with uow() as work:
        row = await work.session.get_one(FleetConnection, link.connection_id)
        row.status = InvitationStatus.DECLINED
        await work.commit()

    page = text_of(await signed_in.get(partners_of(fleets["Berlin"])))

    assert "DECLINED" in page
    assert "Remove the entry to invite this partner again." in page
    assert "Resend" not in page


async def test_invitation_link_opens_in_the_sandbox_while_it_stands_in_for_telegram(
    signed_in, fleets
):
    response = await post_form(
        signed_in, partners_of(fleets["Berlin"]), {"email": "partner@example.com"}
    )
    page = await signed_in.get(response.headers["location"])

    link = shown_link(page)
    assert f'href="/sandbox/open?link={quote(link)}"' in page.text
    assert "Open in sandbox" in text_of(page)


async def test_no_sandbox_action_once_a_real_bot_is_configured(services, manager, fleets):
    settings = services.settings.model_copy(update={"telegram_token": SecretStr("1:real")})
    app = create_app(replace(services, settings=settings))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        response = await post_form(
            client, partners_of(fleets["Berlin"]), {"email": "partner@example.com"}
        )
        page = await client.get(response.headers["location"])

    assert shown_link(page).startswith(LINK_PREFIX)
    assert "Open in sandbox" not in text_of(page)
