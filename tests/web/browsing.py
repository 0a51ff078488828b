"""What a test does in the admin web the way a browser would: sign in, read tokens, post forms."""

from __future__ import annotations

import html
import re

import httpx

from tests.factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_SHOWN_LINK = re.compile(r'<input id="invitation-url" type="text" readonly value="([^"]+)"')
FORM_BODY = {"content-type": "application/x-www-form-urlencoded"}


def csrf_token(page: httpx.Response) -> str:
    """The CSRF token in the first form of a page."""
    match = _CSRF.search(page.text)
    assert match is not None, "the page has no form with a CSRF token"
    return html.unescape(match.group(1))


def shown_link(page: httpx.Response) -> str | None:
    """The invitation link a page shows to copy, if it shows one."""
    match = _SHOWN_LINK.search(page.text)
    return html.unescape(match.group(1)) if match else None


def text_of(page: httpx.Response) -> str:
    """A page's HTML with entities decoded, for looking for sentences in it."""
    return html.unescape(page.text)


def words_of(page: httpx.Response) -> str:
    """A page's text as a reader sees it: no tags, entities decoded, runs of spaces as one."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())


async def sign_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> httpx.Response:
    """Open the sign-in form and send it, as a browser does; the redirect is not followed."""
    form = await client.get("/login")
    return await client.post(
        "/login", data={"csrf_token": csrf_token(form), "email": email, "password": password}
    )


def partners_of(fleet_id: int) -> str:
    """The address of a fleet's Partners & Teams page."""
    return f"/fleets/{fleet_id}/partners"


def entry_of(fleet_id: int, connection_id: int) -> str:
    """The address of one partner entry's forms."""
    return f"{partners_of(fleet_id)}/{connection_id}"


def the_link(page: httpx.Response) -> str:
    """The invitation link the page shows; the page must show one."""
    link = shown_link(page)
    assert link is not None, "the page shows no invitation link"
    return link


async def invite_on_page(
    client: httpx.AsyncClient, fleet_id: int, email: str = "partner@example.com", **more: str
) -> httpx.Response:
    """Send the invite form and open the page it leads to."""
    response = await post_form(client, partners_of(fleet_id), {"email": email, **more})
    assert response.status_code == 303
    return await client.get(response.headers["location"])


async def session_csrf(client: httpx.AsyncClient) -> str:
    """The signed-in session's CSRF token, as its pages carry it."""
    page = await client.get("/", follow_redirects=True)
    return csrf_token(page)


async def post_form(
    client: httpx.AsyncClient, url: str, data: dict[str, str] | None = None
) -> httpx.Response:
    """Send a signed-in form with the session's CSRF token."""
    token = await session_csrf(client)
    return await client.post(url, data={"csrf_token": token, **(data or {})})


async def post_raw(client: httpx.AsyncClient, url: str, body: bytes) -> httpx.Response:
    """Send a form body exactly as given, bytes that are not UTF-8 included."""
    return await client.post(url, content=body, headers=FORM_BODY)
