"""Typed dependencies of the routes: the Services, the request's unit of work, the session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Form, Request

from admin_web.cookies import SESSION_COOKIE, Signer, login_csrf_matches, tokens_match
from admin_web.errors import CsrfRejected, SignInRequired
from core.actors import Manager
from core.container import Services
from core.db.uow import UnitOfWork
from core.services import accounts
from core.services.accounts import ActiveSession


def get_services(request: Request) -> Services:
    """The Services the app was created with."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_signer(request: Request) -> Signer:
    """The signer of the admin web's own cookies."""
    signer: Signer = request.app.state.signer
    return signer


SignerDep = Annotated[Signer, Depends(get_signer)]


async def open_unit_of_work(services: ServicesDep) -> AsyncIterator[UnitOfWork]:
    """The request's one unit of work; services commit it, it rolls back otherwise."""
    async with services.uow() as uow:
        yield uow


# Closed before the response is sent, so SQLite is free for the next request at once.
UowDep = Annotated[UnitOfWork, Depends(open_unit_of_work, scope="function")]


async def resume_session(request: Request, uow: UowDep) -> ActiveSession:
    """The signed-in manager's session, or SignInRequired / SessionEnded."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise SignInRequired()
    return await accounts.resume_session(uow, token=token)


SessionDep = Annotated[ActiveSession, Depends(resume_session)]


def signed_in_manager(session: SessionDep) -> Manager:
    """The manager whose session this request carries."""
    return session.manager


ManagerDep = Annotated[Manager, Depends(signed_in_manager)]


def check_csrf(session: SessionDep, csrf_token: Annotated[str, Form()] = "") -> None:
    """Refuse a signed-in form unless it carries the session's CSRF token."""
    if not tokens_match(csrf_token, session.csrf_token):
        raise CsrfRejected()


CsrfDep = Annotated[None, Depends(check_csrf)]


def check_login_csrf(
    request: Request, signer: SignerDep, csrf_token: Annotated[str, Form()] = ""
) -> None:
    """Refuse the sign-in form unless its token matches the double-submit cookie."""
    if not login_csrf_matches(request, signer, csrf_token):
        raise CsrfRejected()


LoginCsrfDep = Annotated[None, Depends(check_login_csrf)]
