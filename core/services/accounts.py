"""Managers: creating them, signing in with lock-out, and server-side sessions."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from core.actors import Manager
from core.db.models import Fleet, LoginFailure, ManagerFleet, Organization, WebSession
from core.db.models import Manager as ManagerRow
from core.db.uow import UnitOfWork
from core.email_address import normalize_email
from core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from core.links import hash_token
from core.passwords import MIN_PASSWORD_LENGTH, Passwords
from core.services.audit import record_event
from core.services.organizations import find_organization
from core.views import FleetView, ManagerView

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
IDLE_TIMEOUT = timedelta(minutes=30)
TOUCH_INTERVAL = timedelta(minutes=1)  # how stale last_seen_at may be; a minute of 30 is fine
ABSOLUTE_TIMEOUT = timedelta(hours=8)
BAD_CREDENTIALS = "E-mail address or password is not correct."
LOCKED_OUT = "Too many failed sign-ins. Try again in 15 minutes."


@dataclass(frozen=True, slots=True)
class StartedSession:
    """A new session: the cookie's token (shown once) and the session's CSRF token."""

    token: str
    csrf_token: str


@dataclass(frozen=True, slots=True)
class ActiveSession:
    """A session that is still valid: who is signed in, the CSRF token of their forms, and
    when it was last marked as used (so the caller touches it only when that is stale)."""

    manager: Manager
    csrf_token: str
    last_seen_at: datetime
    needs_touch: bool


class SessionEnded(NotAllowed):
    """The session is unknown, signed out, revoked, idle too long or too old."""


async def check_new_manager(
    uow: UnitOfWork,
    *,
    organization_name: str,
    email: str,
    fleet_names: list[str] | None = None,
    organization_may_be_new: bool = False,
) -> None:
    """Refuse, before a password is asked for, what create_manager would refuse but the password.

    With organization_may_be_new, a provider that does not exist yet (or lacks some of the
    fleets) is fine: it is about to be created.
    """
    address = normalize_email(email)
    if await uow.session.scalar(select(ManagerRow.id).where(ManagerRow.email == address)):
        raise Conflict(f"A manager with the e-mail address {address} already exists.")
    if organization_may_be_new:
        return
    organization = await find_organization(uow, organization_name)
    await _managed_fleets(uow, organization, fleet_names)


async def create_manager(
    uow: UnitOfWork,
    passwords: Passwords,
    *,
    organization_name: str,
    email: str,
    password: str,
    fleet_names: list[str] | None = None,
) -> ManagerView:
    """Add a manager to a provider, managing the named fleets (all when fleet_names is None).

    Names of providers and fleets match whatever their case; an unknown provider is refused
    with the closest known name, if one is close.
    """
    address = normalize_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    organization = await find_organization(uow, organization_name)
    if await uow.session.scalar(select(ManagerRow.id).where(ManagerRow.email == address)):
        raise Conflict(f"A manager with the e-mail address {address} already exists.")
    fleets = await _managed_fleets(uow, organization, fleet_names)
    row = ManagerRow(
        organization_id=organization.id,
        email=address,
        password_hash=passwords.hash(password),
        created_at=uow.clock.now(),
    )
    uow.session.add(row)
    await uow.session.flush()
    uow.session.add_all(ManagerFleet(manager_id=row.id, fleet_id=fleet.id) for fleet in fleets)
    record_event(uow, actor="cli", action="manager.created", subject=f"manager:{row.id}")
    await uow.commit()
    return ManagerView(
        id=row.id,
        email=address,
        organization_name=organization.name,
        fleets=tuple(FleetView(f.id, f.name, organization.name, f.time_zone) for f in fleets),
    )


async def _managed_fleets(
    uow: UnitOfWork, organization: Organization, fleet_names: list[str] | None
) -> list[Fleet]:
    fleets = list(
        await uow.session.scalars(
            select(Fleet).where(Fleet.organization_id == organization.id).order_by(Fleet.name)
        )
    )
    if fleet_names is None:
        return fleets
    wanted = {" ".join(name.split()).casefold(): name for name in fleet_names}
    known = {fleet.name.casefold() for fleet in fleets}
    unknown = sorted(name for key, name in wanted.items() if key not in known)
    if unknown:
        raise NotFound(f"{organization.name} has no fleet called {', '.join(unknown)}.")
    return [fleet for fleet in fleets if fleet.name.casefold() in wanted]


async def sign_in(
    uow: UnitOfWork, passwords: Passwords, *, email: str, password: str
) -> StartedSession:
    """Check the credentials and start a session; five failures in 15 minutes lock the address."""
    address = email.strip().lower()[:254]
    now = uow.clock.now()
    # The attempt is recorded (and committed) before the password is checked, so guesses sent
    # in parallel count against each other, and no transaction is open while argon2 works.
    await uow.session.execute(delete(LoginFailure).where(LoginFailure.at <= now - FAILURE_WINDOW))
    uow.session.add(LoginFailure(email=address, at=now))
    await uow.commit()
    attempts = await uow.session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.email == address, LoginFailure.at > now - FAILURE_WINDOW)
    )
    manager = await uow.session.scalar(select(ManagerRow).where(ManagerRow.email == address))
    await uow.commit()
    if (attempts or 0) > MAX_FAILURES:
        raise NotAllowed(LOCKED_OUT)
    if not await passwords.verify(manager.password_hash if manager else None, password):
        raise NotAllowed(BAD_CREDENTIALS)
    assert manager is not None
    await uow.session.execute(delete(LoginFailure).where(LoginFailure.email == address))
    token = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    uow.session.add(
        WebSession(
            token_hash=hash_token(token),
            manager_id=manager.id,
            csrf_token=csrf_token,
            created_at=now,
            last_seen_at=now,
        )
    )
    record_event(uow, actor=f"manager:{manager.id}", action="manager.signed_in", subject="session")
    await uow.commit()
    return StartedSession(token=token, csrf_token=csrf_token)


async def find_session(uow: UnitOfWork, *, token: str) -> ActiveSession:
    """The manager behind a session cookie, if the session is still valid; writes nothing."""
    now = uow.clock.now()
    session = await uow.session.scalar(
        select(WebSession).where(WebSession.token_hash == hash_token(token))
    )
    if (
        session is None
        or session.revoked_at is not None
        or now - session.last_seen_at > IDLE_TIMEOUT
        or now - session.created_at > ABSOLUTE_TIMEOUT
    ):
        raise SessionEnded("Your session has ended. Please sign in again.")
    manager = await _manager_actor(uow, session.manager_id)
    return ActiveSession(
        manager=manager,
        csrf_token=session.csrf_token,
        last_seen_at=session.last_seen_at,
        needs_touch=now - session.last_seen_at >= TOUCH_INTERVAL,
    )


async def touch_session(uow: UnitOfWork, *, token: str, last_seen_at: datetime) -> None:
    """Restart a session's idle timeout; of two requests that saw the same last_seen_at, one writes.

    Callers touch only a session whose ActiveSession.needs_touch, so most page views write
    nothing and never queue behind a writer for SQLite's one write lock.
    """
    await uow.session.execute(
        update(WebSession)
        .where(
            WebSession.token_hash == hash_token(token),
            WebSession.revoked_at.is_(None),
            WebSession.last_seen_at == last_seen_at,
        )
        .values(last_seen_at=uow.clock.now())
    )
    await uow.commit()


async def sign_out(uow: UnitOfWork, *, token: str) -> None:
    """Revoke the session behind a cookie; nothing happens for an unknown one."""
    await uow.session.execute(
        update(WebSession)
        .where(WebSession.token_hash == hash_token(token), WebSession.revoked_at.is_(None))
        .values(revoked_at=uow.clock.now())
    )
    await uow.commit()


async def revoke_sessions(uow: UnitOfWork, *, email: str) -> int:
    """Sign a manager out everywhere; returns how many sessions ended."""
    manager_id = await uow.session.scalar(
        select(ManagerRow.id).where(ManagerRow.email == email.strip().lower())
    )
    if manager_id is None:
        raise NotFound(f"There is no manager with the e-mail address {email}.")
    result = await uow.session.execute(
        update(WebSession)
        .where(WebSession.manager_id == manager_id, WebSession.revoked_at.is_(None))
        .values(revoked_at=uow.clock.now())
    )
    await uow.commit()
    return int(getattr(result, "rowcount", 0))


async def describe_manager(uow: UnitOfWork, manager: Manager) -> ManagerView:
    """The manager with their provider and fleets, for the page header and fleet switcher."""
    organization = await uow.session.get_one(Organization, manager.organization_id)
    fleets = await uow.session.scalars(
        select(Fleet).where(Fleet.id.in_(manager.fleet_ids)).order_by(Fleet.name)
    )
    return ManagerView(
        id=manager.id,
        email=manager.email,
        organization_name=organization.name,
        fleets=tuple(FleetView(f.id, f.name, organization.name, f.time_zone) for f in fleets),
    )


async def _manager_actor(uow: UnitOfWork, manager_id: int) -> Manager:
    row = await uow.session.get_one(ManagerRow, manager_id)
    fleet_ids = await uow.session.scalars(
        select(ManagerFleet.fleet_id).where(ManagerFleet.manager_id == manager_id)
    )
    return Manager(
        id=row.id,
        organization_id=row.organization_id,
        email=row.email,
        fleet_ids=frozenset(fleet_ids),
    )
