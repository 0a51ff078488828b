"""The fleet switcher in the page header: a manager's fleets, and only theirs."""

from __future__ import annotations

from tests.factories import make_manager
from tests.web.browsing import post_form, sign_in, text_of


def switcher_of(page) -> str:
    start = page.text.index('class="fleet-switcher"')
    return page.text[start : page.text.index("</details>", start)]


async def test_fleet_switcher_lists_the_managers_fleets_and_marks_the_current_one(
    signed_in, fleets, other_fleets
):
    page = await signed_in.get(f"/fleets/{fleets['Berlin']}/partners")

    switcher = switcher_of(page)
    assert f'<a href="/fleets/{fleets["Berlin"]}/partners" aria-current="page">Berlin</a>' in (
        switcher
    )
    assert f'<a href="/fleets/{fleets["Munich"]}/partners">Munich</a>' in switcher
    assert "Hamburg" not in switcher


async def test_switching_fleet_shows_that_fleets_partners_only(signed_in, fleets):
    invited = await post_form(
        signed_in, f"/fleets/{fleets['Berlin']}/partners", {"email": "berlin@example.com"}
    )
    assert "berlin@example.com" in (await signed_in.get(invited.headers["location"])).text

    munich = await signed_in.get(f"/fleets/{fleets['Munich']}/partners")

    assert "Installation & Maintenance · Munich" in text_of(munich)
    assert "berlin@example.com" not in munich.text
    assert "No service partners yet." in text_of(munich)


async def test_manager_without_a_fleet_is_told_so(client, passwords, fleets, uow):
    await make_manager(
        uow,
        passwords,
        organization_id=fleets["organization"],
        fleet_ids=[],
        email="new@demo.test",
    )
    await sign_in(client, "new@demo.test")

    page = await client.get("/", follow_redirects=True)

    assert page.status_code == 200
    assert "You do not manage any fleet of Demo Mobility yet." in text_of(page)
