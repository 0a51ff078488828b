"""The HTTP client's overall deadline: one public call ends in time, whatever happens inside it.

httpx's timeouts bound one phase of one request; a read may try three times and fetch a token
first. Here the transport or the pause between attempts never ends, so only the client's own
deadline can end the call: each test waits a few milliseconds of real time, never more.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

import httpx
import pytest

from cloudboxx import (
    BoxTimeout,
    CloudBoxxClient,
    Command,
    GatewayUnavailable,
    ManualClock,
    Simulator,
    Timeouts,
    Vehicle,
)
from cloudboxx.demo import BERLIN_GOLF, BERLIN_NEW_1
from cloudboxx.oauth import UNREACHABLE
from cloudboxx.sim_server import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SimServer
from cloudboxx.wire import TOKEN_PATH
from tests.cloudboxx.test_http_client import BASE_URL, GOLF_SETUP

T = TypeVar("T")
DEADLINE = 0.02  # seconds: the client's deadline in these tests
GUARD = 2.0  # seconds: only without a deadline of its own would a call take this long


class StuckTransport(httpx.AsyncBaseTransport):
    """sim_server in-process, except that requests to the listed paths never get an answer."""

    def __init__(self, app: SimServer, *stuck: str) -> None:
        self._inner = httpx.ASGITransport(app)
        self._stuck = stuck
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith(self._stuck):
            await asyncio.get_running_loop().create_future()  # no answer, ever
        return await self._inner.handle_async_request(request)


async def ended(call: Awaitable[T]) -> T:
    """Await call; fail the test (rather than hang it) if the client has no deadline."""
    try:
        return await asyncio.wait_for(call, GUARD)
    except TimeoutError:
        pytest.fail(f"the call was still running after {GUARD:g} s: it has no deadline")


def client_for(
    transport: httpx.AsyncBaseTransport, clock: ManualClock, **timeouts: float
) -> CloudBoxxClient:
    """A client through transport, on the test's clock, with the given Timeouts fields."""
    return CloudBoxxClient(
        BASE_URL,
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
        transport=transport,
        clock=clock,
        sleep=clock.sleep,
        timeouts=Timeouts(**timeouts),
    )


def test_every_call_has_a_short_explicit_deadline_by_default():
    timeouts = Timeouts()

    assert (timeouts.read_total, timeouts.box_total) == (10.0, 15.0)
    assert timeouts.read < timeouts.read_total < timeouts.box_total
    assert timeouts.box < timeouts.box_total


async def test_a_read_the_service_never_answers_ends_at_its_deadline(
    simulator: Simulator, clock: ManualClock
):
    transport = StuckTransport(SimServer(simulator, clock=clock), "/state")

    async with client_for(transport, clock, read_total=DEADLINE) as client:
        with pytest.raises(BoxTimeout) as raised:
            await ended(client.read_state(BERLIN_GOLF, flow_id="f"))

    assert raised.value.message == (
        f"The CloudBoxx service did not answer within {DEADLINE:g} seconds. Try again in a minute."
    )
    assert [request.url.path for request in transport.requests][-1].endswith("/state")


async def test_a_token_service_that_never_answers_cannot_hang_a_read(
    simulator: Simulator, clock: ManualClock
):
    transport = StuckTransport(SimServer(simulator, clock=clock), TOKEN_PATH)

    async with client_for(transport, clock, read_total=DEADLINE) as client:
        with pytest.raises(BoxTimeout):
            await ended(client.get_box(BERLIN_GOLF, flow_id="f"))

    assert simulator.calls == []


async def test_a_read_still_failing_when_its_deadline_comes_says_the_service_is_unreachable(
    simulator: Simulator, clock: ManualClock
):
    transport = httpx.MockTransport(lambda request: httpx.Response(503))

    async def endless_pause(seconds: float) -> None:
        await asyncio.get_running_loop().create_future()

    async with CloudBoxxClient(
        BASE_URL,
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
        transport=transport,
        clock=clock,
        sleep=endless_pause,
        timeouts=Timeouts(read_total=DEADLINE),
    ) as client:
        with pytest.raises(GatewayUnavailable) as raised:
            await ended(client.list_vehicle_models(flow_id="f"))

    assert raised.value.message == UNREACHABLE


async def test_a_command_without_an_answer_ends_at_its_deadline_and_says_what_to_do(
    simulator: Simulator, clock: ManualClock
):
    transport = StuckTransport(SimServer(simulator, clock=clock), "/lock-central-lock")
    before = simulator.snapshot()

    async with client_for(transport, clock, box_total=DEADLINE) as client:
        with pytest.raises(BoxTimeout) as raised:
            await ended(client.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f"))

    assert raised.value.message == (
        f"No answer within {DEADLINE:g} seconds when asked to lock the central lock. It may or "
        "may not have happened: request the vehicle state to check, then try again."
    )
    assert len([r for r in transport.requests if r.url.path.endswith("/lock-central-lock")]) == 1
    assert simulator.snapshot() == before


async def test_an_installation_deadline_covers_checking_the_configuration_too(
    simulator: Simulator, clock: ManualClock
):
    transport = StuckTransport(SimServer(simulator, clock=clock), "/vehicle-models")

    async with client_for(transport, clock, read_total=GUARD * 2, box_total=DEADLINE) as client:
        with pytest.raises(BoxTimeout) as raised:
            await ended(
                client.bind_box(
                    BERLIN_NEW_1, Vehicle(license_plate="B-FC 1"), GOLF_SETUP, flow_id="f"
                )
            )

    assert raised.value.message == (
        f"The CloudBoxx service did not answer within {DEADLINE:g} seconds, so it was not asked "
        "to install the box and nothing changed. Try again in a minute."
    )
    assert not any(request.url.path.endswith("/binding") for request in transport.requests)
