"""Signing in and out: the sign-in form, its double-submit CSRF cookie, the session cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
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
from admin_web.pages import render_page
from core.errors import NotAllowed
from core.services import accounts

router = APIRouter()


@router.get("/login", name="login_form")
async def show_sign_in_form(request: Request, signer: SignerDep) -> Response:
    """The sign-in form, with the token its double-submit cookie must match."""
    token = login_csrf_token(request, signer)
    response = render_page(request, "login.html", {"csrf_token": token})
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=LOGIN_CSRF_MAX_AGE)
    return response


@router.post("/login", name="sign_in")
async def sign_in(
    request: Request,
    services: ServicesDep,
    _csrf: LoginCsrfDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Check the credentials and start a session; failures go back to the form."""
    show_errors_on(
        request, request.app.url_path_for("login_form"), shows=(NotAllowed,), email=email
    )
    async with services.uow() as uow:
        started = await accounts.sign_in(uow, services.passwords, email=email, password=password)
    response = RedirectResponse(request.app.url_path_for("home"), status_code=303)
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
