"""Every signed-in form carries the session's CSRF token; without it nothing is done.

"Nothing" includes the session itself: a refused form does not even mark the session as used.
The tests move the clock before sending, so a session marked as used would show in the snapshot.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from tests.factories import database_contents, invite
from tests.web.browsing import csrf_token, session_csrf, sign_in, text_of

CSRF_MESSAGE = "This form has expired or was not sent from FleetCrew, so nothing was changed."
FORMS = {
    "invite": ("{base}", {"email": "new-partner@example.com"}),
    "new-link": ("{base}/{connection}/link", {}),
    "resend": ("{base}/{connection}/resend", {}),
    "override": ("{base}/{connection}/override", {"allowed": "true"}),
    "remove": ("{base}/{connection}/remove", {}),
    "sign-out": ("/logout", {}),
    "link-telegram": ("/account/telegram/link", {}),
    "unlink-telegram": ("/account/telegram/unlink", {}),
    "daily-summary": ("/account/telegram/summary", {"daily_summary": "true"}),
}


@pytest.fixture
async def pending(uow, manager, links, fleets):
    return await invite(uow, manager, links, fleets["Berlin"])


def form_of(name: str, fleet_id: int, connection_id: int) -> tuple[str, dict[str, str]]:
    route, data = FORMS[name]
    url = route.format(base=f"/fleets/{fleet_id}/partners", connection=connection_id)
    return url, dict(data)


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("token", [None, "not-the-session-token"], ids=["missing", "wrong"])
async def test_form_without_the_session_csrf_token_is_refused_and_changes_nothing(
    signed_in, fleets, pending, uow, clock, name, token
):
    url, data = form_of(name, fleets["Berlin"], pending.connection_id)
    if token is not None:
        data["csrf_token"] = token
    before = await database_contents(uow)
    clock.advance(timedelta(minutes=1))

    response = await signed_in.post(url, data=data)

    assert response.status_code == 403
    assert CSRF_MESSAGE in text_of(response)
    assert await database_contents(uow) == before
    assert (await signed_in.get(f"/fleets/{fleets['Berlin']}/partners")).status_code == 200


@pytest.mark.parametrize("name", FORMS)
async def test_csrf_token_of_another_session_is_refused(
    signed_in, app, manager, fleets, pending, uow, clock, name
):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as second:
        await sign_in(second, manager.email)
        foreign_token = await session_csrf(second)
    assert foreign_token != await session_csrf(signed_in)
    url, data = form_of(name, fleets["Berlin"], pending.connection_id)
    before = await database_contents(uow)
    clock.advance(timedelta(minutes=1))

    response = await signed_in.post(url, data={**data, "csrf_token": foreign_token})

    assert response.status_code == 403
    assert await database_contents(uow) == before


async def test_signed_in_pages_carry_the_session_csrf_token_in_every_form(signed_in, fleets):
    page = await signed_in.get(f"/fleets/{fleets['Berlin']}/partners")

    token = csrf_token(page)
    assert page.text.count('method="post"') == page.text.count(f'value="{token}"')
