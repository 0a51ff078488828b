"""Web fixtures: another provider and its manager, a Munich-only manager, the app, clients.

The web suite runs on SQLite, and on PostgreSQL too when CI provides one.

Demo Mobility (`fleets`) and the manager of both its fleets (`manager`) come from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from admin_web.app import create_app
from core.actors import Manager
from core.container import Services
from core.db.uow import UnitOfWorkFactory
from core.passwords import Passwords
from tests.backends import database_url
from tests.factories import make_manager, make_provider
from tests.web.browsing import sign_in

__all__ = ["database_url"]


@pytest.fixture
async def other_fleets(uow: UnitOfWorkFactory) -> dict[str, int]:
    """Another mobility provider, Other Mobility, with the fleet Hamburg."""
    return await make_provider(uow, "Other Mobility", ("Hamburg",))


@pytest.fixture
async def other_manager(
    uow: UnitOfWorkFactory, passwords: Passwords, other_fleets: dict[str, int]
) -> Manager:
    """The manager of Other Mobility's fleet Hamburg."""
    return await make_manager(
        uow,
        passwords,
        organization_id=other_fleets["organization"],
        fleet_ids=[other_fleets["Hamburg"]],
        email="manager@other.test",
    )


@pytest.fixture
async def munich_manager(
    uow: UnitOfWorkFactory, passwords: Passwords, fleets: dict[str, int]
) -> Manager:
    """A Demo Mobility manager who manages the fleet Munich only."""
    return await make_manager(
        uow,
        passwords,
        organization_id=fleets["organization"],
        fleet_ids=[fleets["Munich"]],
        email="munich@demo.test",
    )


@pytest.fixture
def app(services: Services) -> FastAPI:
    """The admin web over this test's Services."""
    return create_app(services)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A browser without a session."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def signed_in(client: httpx.AsyncClient, manager: Manager) -> httpx.AsyncClient:
    """A browser in which the Demo Mobility manager has signed in."""
    response = await sign_in(client, manager.email)
    assert response.status_code == 303
    return client
