"""A form field that is not UTF-8 is refused with a clear message, and nothing is saved.

Browsers send UTF-8; bytes that are not (a broken client, a hand-made request) would otherwise
be decoded with replacement characters and saved as "\ufffd".
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from core.db.models import LoginFailure, WebSession
from tests.factories import count, database_contents, invite
from tests.web.browsing import csrf_token, post_raw, session_csrf, text_of

NOT_TEXT = (
    "A field held characters that are not text (it is not valid UTF-8), so nothing was saved. "
    "Type it again."
)
FORMS = {
    "invite-email": ("{base}", b"email=%FF%FEpartner@example.com"),
    "invite-raw-byte": ("{base}", b"email=\xffpartner@example.com"),
    "invite-field-name": ("{base}", b"email=partner@example.com&%FF=on"),
    "invite-override": ("{base}", b"email=partner@example.com&allow_override=%C3"),
    "new-link": ("{base}/{connection}/link", b"x=%FF"),
    "resend": ("{base}/{connection}/resend", b"x=%E2%82"),
    "override": ("{base}/{connection}/override", b"allowed=%FF"),
    "remove": ("{base}/{connection}/remove", b"x=%ED%A0%80"),  # an encoded lone surrogate
    "sign-out": ("/logout", b"x=%C0%AF"),  # an overlong "/"
}


@pytest.fixture
async def pending(uow, manager, links, fleets):
    return await invite(uow, manager, links, fleets["Berlin"])


@pytest.mark.parametrize("name", FORMS)
async def test_form_field_that_is_not_text_is_refused_and_nothing_is_saved(
    signed_in, fleets, pending, uow, name
):
    route, fields = FORMS[name]
    url = route.format(
        base=f"/fleets/{fleets['Berlin']}/partners", connection=pending.connection_id
    )
    token = await session_csrf(signed_in)
    before = await database_contents(uow)

    response = await post_raw(signed_in, url, f"csrf_token={quote(token)}&".encode() + fields)

    assert response.status_code == 400
    assert NOT_TEXT in text_of(response)
    assert await database_contents(uow) == before
    assert "\ufffd" not in text_of(await signed_in.get(f"/fleets/{fleets['Berlin']}/partners"))


async def test_form_field_that_is_text_in_any_language_is_taken(signed_in, fleets, uow):
    token = await session_csrf(signed_in)
    email = quote("müller@bücher.example")

    response = await post_raw(
        signed_in,
        f"/fleets/{fleets['Berlin']}/partners",
        f"csrf_token={quote(token)}&email={email}".encode(),
    )

    assert response.status_code == 303
    assert "Invitation link for" in text_of(await signed_in.get(response.headers["location"]))


@pytest.mark.parametrize(
    "fields", [b"email=%FFmanager@demo.test", b"password=%FF%FE"], ids=["email", "password"]
)
async def test_sign_in_with_a_field_that_is_not_text_says_so_and_saves_nothing(
    client, manager, uow, fields
):
    form = await client.get("/login")
    body = f"csrf_token={quote(csrf_token(form))}&email={quote(manager.email)}&password=x&"
    before = await database_contents(uow)

    response = await post_raw(client, "/login", body.encode() + fields)
    page = await client.get(response.headers["location"])

    assert response.status_code == 303
    assert page.url.path == "/login"
    assert NOT_TEXT in text_of(page)
    assert await database_contents(uow) == before
    assert await count(uow, LoginFailure) == 0
    assert await count(uow, WebSession) == 0


async def test_search_that_is_not_text_is_refused(signed_in, fleets, uow):
    await signed_in.get(f"/fleets/{fleets['Berlin']}/partners")
    before = await database_contents(uow)

    response = await signed_in.get(f"/fleets/{fleets['Berlin']}/partners?q=%FF%FE")

    assert response.status_code == 400
    assert NOT_TEXT in text_of(response)
    assert await database_contents(uow) == before
