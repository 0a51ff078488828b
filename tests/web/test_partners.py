"""Partners & Teams: inviting, the link shown once, new links, resending, override, removing."""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import replace
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import quote

import httpx
import pytest
import zxingcpp
from PIL import Image
from pydantic import SecretStr

from admin_web.app import create_app
from core.errors import LinkNotUsable
from core.mail import LinkInMail, MailNotSent
from core.services import partners
from tests.factories import database_contents, invite, make_partner, token_of
from tests.web.browsing import post_form, shown_link, sign_in, text_of, words_of
from tests.web.database import accept

SHOWN_ONCE = "This link is shown only now."
_PNG = re.compile(
    r'<a class="button secondary" href="data:image/png;base64,([^"]+)" download="([^"]+)"'
)


def partners_of(fleet_id: int) -> str:
    return f"/fleets/{fleet_id}/partners"


def entry_of(fleet_id: int, connection_id: int) -> str:
    return f"{partners_of(fleet_id)}/{connection_id}"


async def invite_on_page(client, fleet_id: int, email: str = "partner@example.com", **more):
    """Send the invite form and open the page it leads to."""
    response = await post_form(client, partners_of(fleet_id), {"email": email, **more})
    assert response.status_code == 303
    return await client.get(response.headers["location"])


def the_link(page: httpx.Response) -> str:
    link = shown_link(page)
    assert link is not None, "the page shows no invitation link"
    return link


async def test_invited_partner_appears_pending_with_its_link_and_qr_code(signed_in, fleets):
    page = await invite_on_page(
        signed_in, fleets["Berlin"], "Partner@Example.com", allow_override="true"
    )

    text = text_of(page)
    assert "Invitation link for partner@example.com" in text
    assert token_of(the_link(page))  # a link the bot accepts: /start inv_<token>
    assert '<svg role="img" aria-label="QR code of the invitation link"' in page.text
    assert 'class="tag tag-pending">PENDING<' in page.text
    assert "Override enabled" in text
    assert "No SMTP server is configured, so the e-mail is kept in the Outbox" in text


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


async def test_second_invite_of_a_double_click_says_one_is_open_and_changes_nothing(
    signed_in, fleets, uow
):
    form = {"email": "partner@example.com"}
    await post_form(signed_in, partners_of(fleets["Berlin"]), form)
    before = await database_contents(uow)

    response = await post_form(signed_in, partners_of(fleets["Berlin"]), form)
    page = await signed_in.get(response.headers["location"])

    assert "An invitation to partner@example.com for the fleet Berlin is already open." in text_of(
        page
    )
    assert shown_link(page) is None
    assert await database_contents(uow) == before


async def test_old_tabs_form_for_a_removed_entry_says_so_and_changes_nothing(
    signed_in, fleets, manager, links, uow
):
    link = await invite(uow, manager, links, fleets["Berlin"])
    async with uow() as work:
        await partners.remove_partner_connection(
            work, manager, fleet_id=fleets["Berlin"], connection_id=link.connection_id
        )
    before = await database_contents(uow)

    response = await post_form(
        signed_in, f"{entry_of(fleets['Berlin'], link.connection_id)}/remove"
    )
    page = await signed_in.get(response.headers["location"])

    assert page.url.path == partners_of(fleets["Berlin"])
    assert "This partner entry does not exist (any more)." in text_of(page)
    assert await database_contents(uow) == before


async def test_invite_with_an_invalid_address_says_why_and_changes_nothing(signed_in, fleets, uow):
    before = await database_contents(uow)

    response = await post_form(signed_in, partners_of(fleets["Berlin"]), {"email": "not-an-email"})
    page = await signed_in.get(response.headers["location"])

    assert "“not-an-email” is not a valid e-mail address." in text_of(page)
    assert 'value="not-an-email"' in page.text
    assert await database_contents(uow) == before


async def test_invite_without_an_address_asks_for_one(signed_in, fleets, uow):
    before = await database_contents(uow)

    response = await post_form(signed_in, partners_of(fleets["Berlin"]), {"email": "  "})
    page = await signed_in.get(response.headers["location"])

    assert 'class="flash flash-error"' in page.text
    assert "Enter" in text_of(page)
    assert "e-mail address" in text_of(page)
    assert await database_contents(uow) == before


async def test_override_message_names_the_partner(signed_in, fleets, manager, links, uow):
    await make_partner(uow, name="Demo Installers", code="DEMO1", admin_telegram_id=500001)
    link = await invite(uow, manager, links, fleets["Berlin"])
    await accept(uow, link.url, telegram_id=500001)
    action = f"{entry_of(fleets['Berlin'], link.connection_id)}/override"

    response = await post_form(signed_in, action, {"allowed": "true"})
    assert response.headers["location"] == partners_of(fleets["Berlin"])
    page = text_of(await signed_in.get(partners_of(fleets["Berlin"])))
    assert "Override enabled" in page
    assert (
        "Demo Installers (DEMO1) may now override job configuration and data in this fleet." in page
    )

    await post_form(signed_in, action, {"allowed": "false"})
    page = text_of(await signed_in.get(partners_of(fleets["Berlin"])))
    assert "Override enabled" not in page
    assert "Demo Installers (DEMO1) now follows each job's configuration exactly" in page


async def test_override_message_of_a_pending_invitation_names_the_address(
    signed_in, fleets, manager, links, uow
):
    link = await invite(uow, manager, links, fleets["Berlin"])

    await post_form(
        signed_in, f"{entry_of(fleets['Berlin'], link.connection_id)}/override", {"allowed": "true"}
    )
    page = text_of(await signed_in.get(partners_of(fleets["Berlin"])))

    assert "partner@example.com may now override job configuration and data" in page


async def test_withdrawn_invitation_leaves_the_list_and_its_link_ends(
    signed_in, fleets, manager, links, uow
):
    link = await invite(uow, manager, links, fleets["Berlin"])

    await post_form(signed_in, f"{entry_of(fleets['Berlin'], link.connection_id)}/remove")
    page = text_of(await signed_in.get(partners_of(fleets["Berlin"])))

    assert "The invitation to partner@example.com was withdrawn; its link no longer works." in page
    assert f'id="partner-{link.connection_id}"' not in page
    assert "No service partners yet." in page
    with pytest.raises(LinkNotUsable):
        await accept(uow, link.url)


async def test_removed_partner_is_named_in_the_message(signed_in, fleets, manager, links, uow):
    link = await invite(uow, manager, links, fleets["Berlin"])
    accepted = await accept(uow, link.url)

    await post_form(signed_in, f"{entry_of(fleets['Berlin'], link.connection_id)}/remove")
    page = text_of(await signed_in.get(partners_of(fleets["Berlin"])))

    assert f"Volt Installers ({accepted.partner_code}) was removed from this fleet." in page


async def test_accepted_partner_shows_its_name_and_partner_id_to_copy(
    signed_in, fleets, manager, links, uow
):
    link = await invite(uow, manager, links, fleets["Berlin"])
    accepted = await accept(uow, link.url)

    page = await signed_in.get(partners_of(fleets["Berlin"]))

    assert 'class="tag tag-accepted">ACCEPTED<' in page.text
    assert "Volt Installers" in page.text
    assert f"<code>{accepted.partner_code}</code>" in page.text
    assert f'data-copy="{accepted.partner_code}"' in page.text
    assert "New link &amp; QR" not in page.text


async def test_pending_invitation_shows_its_times_in_the_fleets_zone(
    signed_in, fleets, manager, links, uow
):
    await invite(uow, manager, links, fleets["Berlin"])

    page = words_of(await signed_in.get(partners_of(fleets["Berlin"])))

    assert "Invited 27 Nov 2026, 10:00 CET · link valid until 4 Dec 2026, 10:00 CET" in page


async def test_partner_entry_of_another_fleet_is_not_found_and_nothing_changes(
    signed_in, fleets, manager, links, uow
):
    link = await invite(uow, manager, links, fleets["Berlin"])
    before = await database_contents(uow)

    response = await post_form(
        signed_in, f"{entry_of(fleets['Munich'], link.connection_id)}/remove"
    )
    page = await signed_in.get(response.headers["location"])

    assert page.url.path == partners_of(fleets["Munich"])
    assert "This partner entry does not exist (any more)." in text_of(page)
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
    signed_in, fleets
):
    page = await invite_on_page(signed_in, fleets["Berlin"])

    assert f'href="/sandbox/open?link={quote(the_link(page))}"' in page.text
    assert "Open in sandbox" in text_of(page)


async def test_no_sandbox_action_once_a_real_bot_is_configured(services, manager, fleets):
    settings = services.settings.model_copy(update={"telegram_token": SecretStr("1:real")})
    app = create_app(replace(services, settings=settings))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        page = await invite_on_page(client, fleets["Berlin"])

    assert token_of(the_link(page))
    assert "Open in sandbox" not in text_of(page)
