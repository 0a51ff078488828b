"""Signing in and out: the sign-in form, its double-submit CSRF cookie, the session cookie."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from admin_web.cookies import (
    LOGIN_CSRF_COOKIE,
    LOGIN_CSRF_MAX_AGE,
    SESSION_COOKIE,
    clear_cookie,
    login_csrf_token,
    set_cookie,
)
from admin_web.deps import LoginCsrfDep, ServicesDep, SessionDep, SignerDep
from admin_web.errors import show_errors_on
from admin_web.flash import Flash, redirect_with_flash
from admin_web.form_text import TextFormRoute
from admin_web.next_page import local_path
from admin_web.pages import render_page
from core.container import Services
from core.errors import NotAllowed
from core.services import accounts
from core.services.accounts import SessionEnded

router = APIRouter(route_class=TextFormRoute)


@router.get("/login", name="login_form")
async def show_sign_in_form(
    request: Request,
    services: ServicesDep,
    signer: SignerDep,
    asked: Annotated[str, Query(alias="next")] = "",
) -> Response:
    """The sign-in form, with the token its double-submit cookie must match.

    A manager who is signed in already goes on to the page asked for, or home.
    """
    if await _signed_in(request, services):
        return RedirectResponse(local_path(asked) or request.app.url_path_for("home"), 303)
    token = login_csrf_token(request, signer)
    response = render_page(
        request, "login.html", {"csrf_token": token, "next": local_path(asked) or ""}
    )
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=LOGIN_CSRF_MAX_AGE)
    return response


@router.post("/login", name="sign_in")
async def sign_in(
    request: Request,
    services: ServicesDep,
    _csrf: LoginCsrfDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    asked: Annotated[str, Form(alias="next")] = "",
) -> Response:
    """Check the credentials and start a session, then open the page asked for (or home).

    Failures go back to the form, with the e-mail address and the page asked for kept.
    """
    back_to = local_path(asked)
    form = request.app.url_path_for("login_form")
    if back_to:
        form = f"{form}?{urlencode({'next': back_to})}"
    show_errors_on(request, form, shows=(NotAllowed,), email=email)
    async with services.uow() as uow:
        started = await accounts.sign_in(uow, services.passwords, email=email, password=password)
    response = RedirectResponse(back_to or request.app.url_path_for("home"), status_code=303)
    set_cookie(request, response, SESSION_COOKIE, started.token)
    clear_cookie(request, response, LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout", name="sign_out")
async def sign_out(request: Request, services: ServicesDep, _session: SessionDep) -> Response:
    """End the session on the server and forget its cookie (the session checked the form)."""
    async with services.uow() as uow:
        await accounts.sign_out(uow, token=request.cookies[SESSION_COOKIE])
    response = redirect_with_flash(
        request, request.app.url_path_for("login_form"), Flash("info", "You have signed out.")
    )
    clear_cookie(request, response, SESSION_COOKIE)
    return response


async def _signed_in(request: Request, services: Services) -> bool:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return False
    try:
        async with services.uow.read_only() as uow:
            await accounts.find_session(uow, token=token)
    except SessionEnded:
        return False
    return True
