"""Managers sign in, stay signed in for a while, are locked out after repeated failures."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.clock import ManualClock
from core.db.models import LoginFailure, WebSession
from core.db.uow import UnitOfWorkFactory
from core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from core.passwords import Passwords
from core.services import accounts
from core.services.organizations import UnknownOrganization
from tests.conftest import START
from tests.factories import PASSWORD, count, database_contents, make_manager, make_provider


@pytest.fixture
async def manager(uow, passwords, fleets):
    return await make_manager(
        uow, passwords, organization_id=fleets["organization"], fleet_ids=[fleets["Berlin"]]
    )


async def sign_in(uow: UnitOfWorkFactory, passwords: Passwords, email: str, password: str):
    async with uow() as work:
        return await accounts.sign_in(work, passwords, email=email, password=password)


async def resume(uow: UnitOfWorkFactory, token: str) -> accounts.ActiveSession:
    async with uow.read_only() as work:
        active = await accounts.find_session(work, token=token)
    if active.needs_touch:
        async with uow() as work:
            await accounts.touch_session(work, token=token, last_seen_at=active.last_seen_at)
    return active


async def last_seen(uow: UnitOfWorkFactory):
    async with uow.read_only() as work:
        return await work.session.scalar(select(WebSession.last_seen_at))


async def everything_but_login_failures(uow: UnitOfWorkFactory):
    """The whole database but the failed sign-ins, which a refused sign-in does record."""
    contents = await database_contents(uow)
    del contents["login_failures"]
    return contents


async def test_manager_signs_in_and_the_session_knows_their_fleets(uow, passwords, manager, fleets):
    started = await sign_in(uow, passwords, " Manager@Demo.test ", PASSWORD)

    active = await resume(uow, started.token)
    assert active.manager.fleet_ids == {fleets["Berlin"]}
    assert active.csrf_token == started.csrf_token
    async with uow.read_only() as work:
        stored = await work.session.scalar(select(WebSession.token_hash))
    assert started.token not in stored


@pytest.mark.parametrize(
    ("email", "password"),
    [("manager@demo.test", "wrong password!"), ("nobody@demo.test", PASSWORD)],
)
async def test_bad_credentials_get_one_generic_message(uow, passwords, manager, email, password):
    before = await database_contents(uow)

    with pytest.raises(NotAllowed) as refused:
        await sign_in(uow, passwords, email, password)

    assert refused.value.message == accounts.BAD_CREDENTIALS
    after = await database_contents(uow)
    assert [row[1:] for row in after.pop("login_failures")] == [(email.strip().lower(), START)]
    del before["login_failures"]
    assert after == before


async def test_five_failures_in_15_minutes_lock_the_address(
    uow, passwords, manager, clock: ManualClock
):
    for _ in range(5):
        with pytest.raises(NotAllowed):
            await sign_in(uow, passwords, "manager@demo.test", "wrong password!")
        clock.advance(timedelta(minutes=2))

    before = await everything_but_login_failures(uow)
    with pytest.raises(NotAllowed, match="Too many failed sign-ins"):
        await sign_in(uow, passwords, "manager@demo.test", PASSWORD)
    assert await everything_but_login_failures(uow) == before

    clock.advance(timedelta(minutes=8))
    await sign_in(uow, passwords, "manager@demo.test", PASSWORD)
    assert await count(uow, LoginFailure) == 0


async def test_session_ends_after_30_idle_minutes(uow, passwords, manager, clock: ManualClock):
    started = await sign_in(uow, passwords, "manager@demo.test", PASSWORD)
    clock.advance(timedelta(minutes=29))
    await resume(uow, started.token)

    clock.advance(timedelta(minutes=31))
    with pytest.raises(accounts.SessionEnded):
        await resume(uow, started.token)


async def test_session_ends_after_8_hours_even_when_busy(
    uow, passwords, manager, clock: ManualClock
):
    started = await sign_in(uow, passwords, "manager@demo.test", PASSWORD)
    for _ in range(16):
        clock.advance(timedelta(minutes=29))
        await resume(uow, started.token)
    clock.advance(timedelta(minutes=20))

    with pytest.raises(accounts.SessionEnded):
        await resume(uow, started.token)


async def test_signing_out_revokes_the_session(uow, passwords, manager):
    started = await sign_in(uow, passwords, "manager@demo.test", PASSWORD)
    async with uow() as work:
        await accounts.sign_out(work, token=started.token)

    with pytest.raises(accounts.SessionEnded):
        await resume(uow, started.token)


async def test_sessions_can_be_revoked_for_a_manager(uow, passwords, manager):
    first = await sign_in(uow, passwords, "manager@demo.test", PASSWORD)
    second = await sign_in(uow, passwords, "manager@demo.test", PASSWORD)
    async with uow() as work:
        assert await accounts.revoke_sessions(work, email="manager@demo.test") == 2
    for started in (first, second):
        with pytest.raises(accounts.SessionEnded):
            await resume(uow, started.token)


async def test_forged_session_token_is_refused(uow, passwords, manager):
    with pytest.raises(accounts.SessionEnded):
        await resume(uow, "forged-token")


async def test_create_manager_manages_every_fleet_by_default(uow, passwords, fleets):
    async with uow() as work:
        view = await accounts.create_manager(
            work,
            passwords,
            organization_name="Demo Mobility",
            email="Lea@Demo.test",
            password="long enough password",
        )
    assert view.email == "lea@demo.test"
    assert [fleet.name for fleet in view.fleets] == ["Berlin", "Munich"]
    await sign_in(uow, passwords, "lea@demo.test", "long enough password")


async def test_create_manager_matches_names_whatever_their_case(uow, passwords, fleets):
    async with uow() as work:
        view = await accounts.create_manager(
            work,
            passwords,
            organization_name=" demo   MOBILITY ",
            email="lea@demo.test",
            password="long enough password",
            fleet_names=["munich"],
        )

    assert view.organization_name == "Demo Mobility"
    assert [fleet.name for fleet in view.fleets] == ["Munich"]


async def test_create_manager_with_no_fleet_named_manages_none(uow, passwords, fleets):
    async with uow() as work:
        view = await accounts.create_manager(
            work,
            passwords,
            organization_name="Demo Mobility",
            email="lea@demo.test",
            password="long enough password",
            fleet_names=[],
        )

    assert view.fleets == ()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"email": "not an address"}, InvalidInput, "not a valid e-mail"),
        ({"password": "short"}, InvalidInput, "at least 10"),
        (
            {"organization_name": "Nobody Mobility"},
            NotFound,
            "^There is no mobility provider called “Nobody Mobility”.$",
        ),
        (
            {"organization_name": "demo mobilty"},
            NotFound,
            "^There is no mobility provider called “demo mobilty”. "
            "Did you mean “Demo Mobility”[?]$",
        ),
        ({"fleet_names": ["Paris"]}, NotFound, "no fleet called Paris"),
        ({"email": "manager@demo.test"}, Conflict, "already exists"),
    ],
)
async def test_create_manager_refuses_bad_input(uow, passwords, manager, kwargs, error, message):
    arguments = {
        "organization_name": "Demo Mobility",
        "email": "new@demo.test",
        "password": "long enough password",
    } | kwargs
    before = await database_contents(uow)

    with pytest.raises(error, match=message):
        async with uow() as work:
            await accounts.create_manager(work, passwords, **arguments)

    assert await database_contents(uow) == before


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"email": "not an address"}, InvalidInput, "not a valid e-mail"),
        ({"organization_name": "Nobody Mobility"}, UnknownOrganization, "no mobility provider"),
        ({"fleet_names": ["Paris"]}, NotFound, "no fleet called Paris"),
        ({"email": "MANAGER@demo.test"}, Conflict, "already exists"),
    ],
)
async def test_a_new_manager_is_checked_before_any_password(
    uow, passwords, manager, kwargs, error, message
):
    arguments = {"organization_name": "Demo Mobility", "email": "new@demo.test"} | kwargs
    before = await database_contents(uow)

    with pytest.raises(error, match=message):
        async with uow.read_only() as work:
            await accounts.check_new_manager(work, **arguments)

    assert await database_contents(uow) == before


async def test_a_manager_of_a_provider_about_to_be_created_passes_the_check(uow, manager):
    async with uow.read_only() as work:
        await accounts.check_new_manager(
            work,
            organization_name="Acme Cars",
            email="boss@acme.test",
            fleet_names=["Hamburg"],
            organization_may_be_new=True,
        )
        with pytest.raises(Conflict):
            await accounts.check_new_manager(
                work,
                organization_name="Acme Cars",
                email="manager@demo.test",
                organization_may_be_new=True,
            )


async def test_an_unknown_provider_without_any_close_name_gets_no_suggestion(uow):
    await make_provider(uow, name="Demo Mobility")

    with pytest.raises(UnknownOrganization) as refused:
        async with uow.read_only() as work:
            await accounts.check_new_manager(
                work, organization_name="Acme Cars", email="boss@acme.test"
            )

    assert refused.value.suggestion is None


async def test_touching_a_session_writes_at_most_once_a_minute(
    uow, passwords, manager, clock: ManualClock
):
    started = await sign_in(uow, passwords, "manager@demo.test", PASSWORD)
    signed_in_at = clock.now()

    clock.advance(timedelta(seconds=59))
    await resume(uow, started.token)
    assert await last_seen(uow) == signed_in_at

    clock.advance(timedelta(seconds=1))
    await resume(uow, started.token)
    assert await last_seen(uow) == clock.now()


async def test_reading_pages_does_not_wait_for_the_write_lock(
    uow, passwords, manager, clock: ManualClock, database_url: str
):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's one write lock")
    started = await sign_in(uow, passwords, "manager@demo.test", PASSWORD)
    clock.advance(timedelta(seconds=30))
    writer = sqlite3.connect(database_url.removeprefix("sqlite+aiosqlite:///"), timeout=0)
    writer.isolation_level = None
    writer.execute("BEGIN IMMEDIATE")  # another request holds the write lock
    try:
        async with asyncio.timeout(2):  # less than the busy timeout it would otherwise wait
            await resume(uow, started.token)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


async def test_parallel_guesses_count_against_each_other(uow, passwords, manager):
    guesses = [sign_in(uow, passwords, "manager@demo.test", f"guess number {n}") for n in range(8)]

    outcomes = await asyncio.gather(*guesses, return_exceptions=True)

    messages = [outcome.message for outcome in outcomes if isinstance(outcome, NotAllowed)]
    assert len(messages) == 8
    assert messages.count(accounts.BAD_CREDENTIALS) <= accounts.MAX_FAILURES
    with pytest.raises(NotAllowed, match="Too many failed sign-ins"):
        await sign_in(uow, passwords, "manager@demo.test", PASSWORD)
    assert await count(uow, WebSession) == 0
    assert await count(uow, LoginFailure) > accounts.MAX_FAILURES
