"""The list of service partners: grouped by status with counts, a stable order, a search."""

from __future__ import annotations

import re

from core.services import partners
from tests.factories import database_contents, invite
from tests.web.browsing import partners_of, text_of, words_of
from tests.web.database import accept, decline

SEARCH_FIELD = 'id="partner-search"'


def listed(page) -> list[str]:
    """The names (or e-mails) of the entries, top to bottom."""
    return [
        " ".join(name.split())
        for name in re.findall(r'<p class="partner-name">\s*([^<]+?)\s*<', page.text)
    ]


def groups(page) -> list[tuple[str, str]]:
    """The status headings and their counts, top to bottom."""
    return re.findall(
        r'<h3 class="group-title"[^>]*><span class="tag [^"]+">(\w+)</span> '
        r'<span class="count">(\d+)<',
        page.text,
    )


async def invite_many(uow, manager, links, fleet_id, *emails):
    return [await invite(uow, manager, links, fleet_id, email) for email in emails]


async def test_list_is_called_service_partners(signed_in, fleets):
    page = await signed_in.get(partners_of(fleets["Berlin"]))

    assert '<h2 id="partners-title">Service partners' in page.text
    assert "Installer Companies" not in text_of(page)


async def test_entries_are_grouped_accepted_pending_declined_with_their_counts(
    signed_in, fleets, manager, links, uow
):
    zeta, _alpha, declined, yankee = await invite_many(
        uow,
        manager,
        links,
        fleets["Berlin"],
        "zeta@example.com",
        "alpha@example.com",
        "declined@example.com",
        "yankee@example.com",
    )
    await accept(uow, zeta.url, company="Zeta Service", telegram_id=700001)
    await accept(uow, yankee.url, company="Amber Installers", telegram_id=700003)
    await decline(uow, declined.url)

    page = await signed_in.get(partners_of(fleets["Berlin"]))

    assert groups(page) == [("ACCEPTED", "2"), ("PENDING", "1"), ("DECLINED", "1")]
    assert listed(page) == [
        "Amber Installers",
        "Zeta Service",
        "alpha@example.com",
        "declined@example.com",
    ]
    assert "Service partners 4" in words_of(page)


async def test_order_stays_the_same_after_a_new_link(signed_in, fleets, manager, links, uow):
    emails = ("b@example.com", "a@example.com", "c@example.com")
    invited = await invite_many(uow, manager, links, fleets["Berlin"], *emails)
    before = listed(await signed_in.get(partners_of(fleets["Berlin"])))

    async with uow() as work:
        await partners.renew_invitation_link(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            connection_id=invited[1].connection_id,
            links=links,
        )
    after = listed(await signed_in.get(partners_of(fleets["Berlin"])))

    assert before == after == ["a@example.com", "b@example.com", "c@example.com"]


async def test_no_search_field_for_five_entries(signed_in, fleets, manager, links, uow):
    await invite_many(
        uow, manager, links, fleets["Berlin"], *(f"p{i}@example.com" for i in range(5))
    )

    page = await signed_in.get(partners_of(fleets["Berlin"]))

    assert SEARCH_FIELD not in page.text


async def six_entries(uow, manager, links, fleets):
    """Six entries of Berlin; the first is accepted as Volt Installers."""
    invited = await invite_many(
        uow, manager, links, fleets["Berlin"], *(f"p{i}@example.com" for i in range(6))
    )
    return await accept(uow, invited[0].url, company="Volt Installers")


async def test_search_field_finds_by_name_partner_id_or_email(
    signed_in, fleets, manager, links, uow
):
    volt = await six_entries(uow, manager, links, fleets)
    page = await signed_in.get(partners_of(fleets["Berlin"]))
    assert SEARCH_FIELD in page.text
    assert 'method="get"' in page.text

    by_name = await signed_in.get(partners_of(fleets["Berlin"]), params={"q": "volt"})
    by_code = await signed_in.get(
        partners_of(fleets["Berlin"]), params={"q": volt.partner_code.lower()}
    )
    by_email = await signed_in.get(partners_of(fleets["Berlin"]), params={"q": "P3@EXAMPLE"})

    assert listed(by_name) == listed(by_code) == ["Volt Installers"]
    assert listed(by_email) == ["p3@example.com"]
    assert "1 of 6 match “P3@EXAMPLE”." in text_of(by_email)
    assert 'value="P3@EXAMPLE"' in by_email.text


async def test_search_without_a_match_says_so_and_offers_the_whole_list(
    signed_in, fleets, manager, links, uow
):
    await six_entries(uow, manager, links, fleets)

    page = await signed_in.get(partners_of(fleets["Berlin"]), params={"q": "nobody"})

    assert listed(page) == []
    assert "No service partner matches “nobody”." in text_of(page)
    assert "Show all" in text_of(page)


async def test_search_changes_nothing(signed_in, fleets, manager, links, uow):
    await six_entries(uow, manager, links, fleets)
    await signed_in.get(partners_of(fleets["Berlin"]))
    before = await database_contents(uow)

    await signed_in.get(partners_of(fleets["Berlin"]), params={"q": "volt"})

    assert await database_contents(uow) == before
