"""An operator sets up a mobility provider and its fleets from the command line."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput
from core.services import organizations
from tests.factories import database_contents, row_counts


async def test_provide_organization_creates_only_what_is_missing(uow):
    async with uow() as work:
        assert await organizations.provide_organization(
            work, name="Acme Cars", fleet_names=["Hamburg"]
        )
    async with uow() as work:
        assert await organizations.provide_organization(
            work, name="Acme Cars", fleet_names=["Hamburg", "Bremen"]
        )
    async with uow() as work:
        assert not await organizations.provide_organization(
            work, name="Acme Cars", fleet_names=["Bremen"]
        )

    counts = await row_counts(uow)
    assert (counts["organizations"], counts["fleets"]) == (1, 2)


@pytest.mark.parametrize(
    ("name", "fleet_names"),
    [("  ", ["Hamburg"]), ("Acme Cars", []), ("Acme Cars", [" "]), ("A" * 121, ["Hamburg"])],
)
async def test_provide_organization_refuses_bad_names_and_writes_nothing(uow, name, fleet_names):
    before = await database_contents(uow)

    with pytest.raises(InvalidInput):
        async with uow() as work:
            await organizations.provide_organization(work, name=name, fleet_names=fleet_names)

    assert await database_contents(uow) == before


async def test_provide_organization_takes_names_whatever_their_case(uow):
    async with uow() as work:
        await organizations.provide_organization(work, name="Acme Cars", fleet_names=["Hamburg"])
    before = await database_contents(uow)

    async with uow() as work:
        created = await organizations.provide_organization(
            work, name="acme  CARS", fleet_names=["hamburg", "HAMBURG"]
        )

    assert not created
    assert await database_contents(uow) == before
