"""Signing in and out of the admin web, and sessions that end by themselves."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import select

from core.db.models import LoginFailure, WebSession
from core.services.accounts import BAD_CREDENTIALS, LOCKED_OUT
from tests.factories import PASSWORD, count, database_contents
from tests.web.browsing import csrf_token, post_form, session_csrf, sign_in, text_of

SESSION_ENDED = "Your session has ended. Please sign in again."


def session_cookie_header(response) -> str:
    headers = response.headers.get_list("set-cookie")
    return next(h for h in headers if h.startswith("fleetcrew_session="))


async def test_manager_signs_in_and_lands_on_the_overview_of_the_first_fleet(
    client, manager, fleets
):
    response = await sign_in(client, manager.email)

    assert response.status_code == 303
    page = await client.get(response.headers["location"], follow_redirects=True)
    assert page.url.path == f"/fleets/{fleets['Berlin']}/overview"
    assert "Jobs finished per day" in text_of(page)
    assert "Needs attention" in text_of(page)


async def test_session_cookie_is_httponly_and_samesite_lax_without_secure_on_http(client, manager):
    cookie = session_cookie_header(await sign_in(client, manager.email)).lower()

    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie


async def test_session_cookie_is_secure_over_https(app, manager):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        cookie = session_cookie_header(await sign_in(client, manager.email)).lower()

    assert "secure" in cookie


@pytest.mark.parametrize(
    ("email", "password"),
    [("manager@demo.test", "wrong password"), ("nobody@demo.test", PASSWORD)],
    ids=["wrong-password", "unknown-address"],
)
async def test_bad_credentials_get_one_generic_message(client, manager, uow, email, password):
    response = await sign_in(client, email, password)
    page = await client.get(response.headers["location"])

    assert page.url.path == "/login"
    assert BAD_CREDENTIALS in text_of(page)
    assert f'value="{email}"' in page.text
    assert await count(uow, WebSession) == 0
    assert "fleetcrew_session" not in client.cookies


async def test_sign_in_is_locked_for_15_minutes_after_five_failures(client, manager, uow, clock):
    for _ in range(5):
        await sign_in(client, manager.email, "wrong password")

    response = await sign_in(client, manager.email)
    page = await client.get(response.headers["location"])
    assert LOCKED_OUT in text_of(page)
    assert await count(uow, WebSession) == 0

    clock.advance(timedelta(minutes=16))
    response = await sign_in(client, manager.email)
    assert response.headers["location"] == "/"
    assert await count(uow, WebSession) == 1


def sign_in_then(path: str) -> str:
    return f"/login?next={quote(path, safe='')}"


async def test_pages_send_a_visitor_without_session_to_sign_in(client, fleets):
    response = await client.get(f"/fleets/{fleets['Berlin']}/partners")

    assert response.status_code == 303
    assert response.headers["location"] == sign_in_then(f"/fleets/{fleets['Berlin']}/partners")
    page = await client.get("/login")
    assert SESSION_ENDED not in text_of(page)


async def test_session_ends_after_30_idle_minutes(signed_in, clock, fleets):
    partners_page = f"/fleets/{fleets['Berlin']}/partners"
    clock.advance(timedelta(minutes=29))
    assert (await signed_in.get(partners_page)).status_code == 200

    clock.advance(timedelta(minutes=31))
    response = await signed_in.get(partners_page)

    assert response.status_code == 303
    assert response.headers["location"] == sign_in_then(partners_page)
    page = await signed_in.get("/login")
    assert SESSION_ENDED in text_of(page)


async def test_form_sent_after_30_idle_minutes_sends_to_sign_in_and_writes_nothing(
    signed_in, clock, fleets, uow
):
    token = await session_csrf(signed_in)
    before = await database_contents(uow)
    clock.advance(timedelta(minutes=31))

    response = await signed_in.post(
        f"/fleets/{fleets['Berlin']}/partners",
        data={"csrf_token": token, "email": "partner@example.com"},
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert await database_contents(uow) == before
    page = await signed_in.get("/login")
    assert SESSION_ENDED in text_of(page)


async def test_each_request_marks_the_session_as_used(signed_in, clock, fleets, uow):
    clock.advance(timedelta(minutes=10))

    await signed_in.get(f"/fleets/{fleets['Berlin']}/partners")

    async with uow.read_only() as work:
        assert await work.session.scalar(select(WebSession.last_seen_at)) == clock.now()


async def test_session_ends_after_8_hours_even_when_in_use(signed_in, clock, fleets):
    partners_page = f"/fleets/{fleets['Berlin']}/partners"
    for _ in range(23):
        clock.advance(timedelta(minutes=20))
        assert (await signed_in.get(partners_page)).status_code == 200

    clock.advance(timedelta(minutes=21))
    response = await signed_in.get(partners_page, follow_redirects=True)

    assert response.url.path == "/login"
    assert SESSION_ENDED in text_of(response)


async def test_signing_out_revokes_the_session(signed_in, fleets):
    token = signed_in.cookies["fleetcrew_session"]

    response = await post_form(signed_in, "/logout")

    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert "fleetcrew_session" not in signed_in.cookies
    replayed = await signed_in.get(
        f"/fleets/{fleets['Berlin']}/partners", headers={"Cookie": f"fleetcrew_session={token}"}
    )
    assert replayed.status_code == 303
    assert replayed.headers["location"] == sign_in_then(f"/fleets/{fleets['Berlin']}/partners")


@pytest.mark.parametrize("token", [None, "forged-token"], ids=["missing", "wrong"])
async def test_sign_in_form_without_its_csrf_token_is_refused(client, manager, uow, token):
    form = await client.get("/login")
    assert csrf_token(form)
    data = {"email": manager.email, "password": PASSWORD}
    if token is not None:
        data["csrf_token"] = token

    response = await client.post("/login", data=data)

    assert response.status_code == 403
    assert "nothing was changed" in text_of(response)
    assert await count(uow, WebSession) == 0
    assert await count(uow, LoginFailure) == 0


async def test_sign_in_form_token_without_its_cookie_is_refused(client, manager, uow):
    token = csrf_token(await client.get("/login"))
    client.cookies.clear()

    response = await client.post(
        "/login", data={"csrf_token": token, "email": manager.email, "password": PASSWORD}
    )

    assert response.status_code == 403
    assert await count(uow, WebSession) == 0
