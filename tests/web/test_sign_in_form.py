"""The sign-in form: it leads back to the page asked for, and only on this site; what it keeps."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import quote

import pytest

from core.services.accounts import BAD_CREDENTIALS
from tests.factories import PASSWORD
from tests.web.browsing import csrf_token, sign_in, text_of


async def test_sign_in_returns_to_the_page_that_was_asked_for(client, manager, fleets):
    asked = f"/fleets/{fleets['Munich']}/partners?q=volt"

    response = await client.get(asked)
    form = await client.get(response.headers["location"])
    signed_in = await client.post(
        "/login",
        data={
            "csrf_token": csrf_token(form),
            "email": manager.email,
            "password": PASSWORD,
            "next": asked,
        },
    )

    assert response.headers["location"] == f"/login?next={quote(asked, safe='')}"
    assert f'name="next" value="{html.escape(asked)}"' in form.text
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == asked


@pytest.mark.parametrize(
    "asked",
    [
        "//evil.example/fleets",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "fleets/1/partners",
        "/login?next=/",
    ],
    ids=[
        "scheme-relative",
        "absolute",
        "backslash",
        "two-backslashes",
        "tab",
        "script",
        "relative",
        "login",
    ],
)
async def test_sign_in_never_leads_off_this_site(client, manager, asked):
    form = await client.get("/login", params={"next": asked})
    response = await client.post(
        "/login",
        data={
            "csrf_token": csrf_token(form),
            "email": manager.email,
            "password": PASSWORD,
            "next": asked,
        },
    )

    assert 'name="next"' not in form.text
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_wrong_password_keeps_the_address_and_the_page_asked_for(client, manager, fleets):
    asked = f"/fleets/{fleets['Munich']}/outbox"
    form = await client.get("/login", params={"next": asked})

    response = await client.post(
        "/login",
        data={
            "csrf_token": csrf_token(form),
            "email": manager.email,
            "password": "wrong password",
            "next": asked,
        },
    )
    again = await client.get(response.headers["location"])

    assert f'name="next" value="{asked}"' in again.text
    assert f'value="{manager.email}"' in again.text


async def test_wrong_password_puts_the_focus_on_the_password(client, manager):
    assert _autofocused(await client.get("/login")) == "email"

    response = await sign_in(client, manager.email, "wrong password")
    page = await client.get(response.headers["location"])

    assert BAD_CREDENTIALS in text_of(page)
    assert _autofocused(page) == "password"


def _autofocused(page) -> str:
    [field] = re.findall(r'<input id="(\w+)"[^>]*\sautofocus', page.text)
    return field


async def test_signed_in_manager_opening_sign_in_goes_home(signed_in, fleets):
    response = await signed_in.get("/login")
    onward = await signed_in.get("/login", params={"next": f"/fleets/{fleets['Munich']}/outbox"})

    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert onward.headers["location"] == f"/fleets/{fleets['Munich']}/outbox"


async def test_sign_in_form_after_the_session_ended_is_shown_again(signed_in, clock):
    clock.advance(timedelta(minutes=31))

    response = await signed_in.get("/login")

    assert response.status_code == 200
    assert 'name="password"' in response.text
