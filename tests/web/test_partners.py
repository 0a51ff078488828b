"""Partners & Teams: inviting, what the list shows, override, removing, forms of old tabs."""

from __future__ import annotations

import pytest

from core.errors import LinkNotUsable
from core.services import partners
from tests.factories import database_contents, invite, make_partner, token_of
from tests.web.browsing import (
    entry_of,
    invite_on_page,
    partners_of,
    post_form,
    shown_link,
    text_of,
    the_link,
    words_of,
)
from tests.web.database import accept


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
