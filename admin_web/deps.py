"""Typed dependencies of the routes: the Services, the signed-in session, path ids, CSRF checks.

Routes open their own unit of work in their body, after every dependency has run: a read-only
one for a page, a writing one (committed by the core service) for a form.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Path, Request

from admin_web.cookies import SESSION_COOKIE, Signer, login_csrf_matches, tokens_match
from admin_web.errors import CsrfRejected, SignInRequired
from core.actors import Manager
from core.container import Services
from core.services import accounts
from core.services.accounts import ActiveSession

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_ID = 2**31 - 1

# A row id in a path: the range of a 32-bit integer column, so an id PostgreSQL cannot hold
# answers the 404 page instead of reaching the database.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


def row_id(text: str) -> int:
    """A row id typed into an address or a hidden field; 0 (no row has it) for anything else."""
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return 0
    number = int(text)
    return number if 1 <= number <= MAX_ID else 0


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


async def current_session(request: Request, services: ServicesDep) -> ActiveSession:
    """The signed-in manager's session; a form must also carry the session's CSRF token.

    In this order: the cookie, then the session (read only), then, for anything but a page,
    the form's CSRF token, and only then is the session marked as used (at most once a minute).
    A form that is refused (SignInRequired, SessionEnded, CsrfRejected) has written nothing.
    """
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise SignInRequired()
    async with services.uow.read_only() as uow:
        session = await accounts.find_session(uow, token=token)
    if request.method not in READING_METHODS:
        # Starlette keeps the parsed form, so the route's Form() parameters still get it.
        sent = (await request.form()).get("csrf_token")
        if not isinstance(sent, str) or not tokens_match(sent, session.csrf_token):
            raise CsrfRejected()
    if session.needs_touch:
        async with services.uow() as uow:
            await accounts.touch_session(uow, token=token, last_seen_at=session.last_seen_at)
    return session


SessionDep = Annotated[ActiveSession, Depends(current_session)]


def signed_in_manager(session: SessionDep) -> Manager:
    """The manager whose session this request carries."""
    return session.manager


ManagerDep = Annotated[Manager, Depends(signed_in_manager)]


def check_login_csrf(
    request: Request, signer: SignerDep, csrf_token: Annotated[str, Form()] = ""
) -> None:
    """Refuse the sign-in form unless its token matches the double-submit cookie."""
    if not login_csrf_matches(request, signer, csrf_token):
        raise CsrfRejected()


LoginCsrfDep = Annotated[None, Depends(check_login_csrf)]
