"""The HTTP client on its own: tokens, retries for reads only, timeouts, what crosses the wire.

sim_server runs in-process behind a transport that fails the first API calls as a test says;
time is a ManualClock and the client's pauses are recorded, never slept.
"""

from __future__ import annotations

import base64
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import httpx
import pytest

from cloudboxx import (
    BoxConfig,
    BoxTimeout,
    CloudBoxxClient,
    Command,
    GatewayUnavailable,
    ManualClock,
    Simulator,
    Timeouts,
    Vehicle,
)
from cloudboxx.demo import BERLIN_GOLF, BERLIN_NEW_1, DEMO_BOXES, DEMO_VEHICLE_MODELS
from cloudboxx.oauth import REFUSED, UNREACHABLE
from cloudboxx.sim_server import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SimServer
from cloudboxx.wire import TOKEN_PATH

BASE_URL = "http://cloudboxx.test"
Failure = Exception | int | httpx.Response
GOLF_BOX = next(box for box in DEMO_BOXES if box.qnr == BERLIN_GOLF)
assert GOLF_BOX.config is not None
GOLF_SETUP: BoxConfig = GOLF_BOX.config
NEW_CAR = Vehicle(license_plate="B-FC 777")


class FlakyTransport(httpx.AsyncBaseTransport):
    """sim_server in-process; the first API calls, and token calls, fail as listed."""

    def __init__(self, app: SimServer) -> None:
        self._inner = httpx.ASGITransport(app)
        self.failures: list[Failure] = []
        self.token_failures: list[Failure] = []
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        is_token = request.url.path.endswith(TOKEN_PATH)
        failures = self.token_failures if is_token else self.failures
        if failures:
            failure = failures.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return failure if isinstance(failure, httpx.Response) else httpx.Response(failure)
        return await self._inner.handle_async_request(request)

    def to(self, path_end: str) -> list[httpx.Request]:
        """The requests whose path ends with path_end."""
        return [request for request in self.requests if request.url.path.endswith(path_end)]


@pytest.fixture
def server(simulator: Simulator, clock: ManualClock) -> SimServer:
    """sim_server over the demo fleet, on the test's clock."""
    return SimServer(simulator, clock=clock)


@pytest.fixture
def transport(server: SimServer) -> FlakyTransport:
    """The way to sim_server, failing when a test says so."""
    return FlakyTransport(server)


@pytest.fixture
def pauses() -> list[float]:
    """The seconds the client paused between attempts."""
    return []


@pytest.fixture
async def client(
    transport: FlakyTransport, clock: ManualClock, pauses: list[float]
) -> AsyncIterator[CloudBoxxClient]:
    """A client on the test's clock whose pauses are recorded instead of slept."""

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    async with CloudBoxxClient(
        BASE_URL, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, transport=transport, clock=clock, sleep=sleep
    ) as client:
        yield client


async def test_one_token_serves_every_call_within_its_lifetime(
    client: CloudBoxxClient, transport: FlakyTransport
):
    for _ in range(3):
        await client.read_state(BERLIN_GOLF, flow_id="f")

    assert len(transport.to(TOKEN_PATH)) == 1


async def test_the_token_request_is_a_standard_client_credentials_form(
    client: CloudBoxxClient, transport: FlakyTransport
):
    await client.read_state(BERLIN_GOLF, flow_id="f")

    (request,) = transport.to(TOKEN_PATH)
    basic = base64.b64encode(f"{DEMO_CLIENT_ID}:{DEMO_CLIENT_SECRET}".encode()).decode()
    assert (request.method, request.url.query) == ("POST", b"")
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.content == b"grant_type=client_credentials"
    assert request.headers["Authorization"] == f"Basic {basic}"


async def test_the_token_is_renewed_a_minute_before_its_fifteen_minutes_run_out(
    client: CloudBoxxClient, transport: FlakyTransport, clock: ManualClock
):
    await client.read_state(BERLIN_GOLF, flow_id="f")
    clock.advance(timedelta(minutes=13, seconds=59))
    await client.read_state(BERLIN_GOLF, flow_id="f")
    tokens_before = len(transport.to(TOKEN_PATH))
    clock.advance(timedelta(seconds=2))

    await client.read_state(BERLIN_GOLF, flow_id="f")

    assert (tokens_before, len(transport.to(TOKEN_PATH))) == (1, 2)
    first, last = transport.to("/state")[0], transport.to("/state")[-1]
    assert first.headers["Authorization"] != last.headers["Authorization"]


async def test_a_short_lived_token_is_renewed_halfway(simulator: Simulator, clock: ManualClock):
    transport = FlakyTransport(SimServer(simulator, clock=clock, token_lifetime_seconds=60))
    async with CloudBoxxClient(
        BASE_URL, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, transport=transport, clock=clock
    ) as client:
        await client.read_state(BERLIN_GOLF, flow_id="f")
        clock.advance(timedelta(seconds=29))
        await client.read_state(BERLIN_GOLF, flow_id="f")
        clock.advance(timedelta(seconds=1))
        await client.read_state(BERLIN_GOLF, flow_id="f")

    assert len(transport.to(TOKEN_PATH)) == 2


async def test_a_refused_token_is_renewed_once_and_the_command_sent_again(
    client: CloudBoxxClient, transport: FlakyTransport, server: SimServer, simulator: Simulator
):
    await client.read_state(BERLIN_GOLF, flow_id="f")
    server.revoke_tokens()

    state = await client.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="lock")

    assert state.central_lock is not None and state.central_lock.value == "LOCKED"
    assert len(transport.to(TOKEN_PATH)) == 2
    assert len(transport.to("/lock-central-lock")) == 2
    locks = [call for call in simulator.calls if call.flow_id == "lock"]
    assert len(locks) == 1  # the refused attempt never reached the box


async def test_a_second_refusal_says_the_credentials_are_wrong(
    client: CloudBoxxClient, transport: FlakyTransport
):
    transport.failures = [401, 401]

    with pytest.raises(GatewayUnavailable) as raised:
        await client.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f")

    assert raised.value.message == REFUSED
    assert len(transport.to(TOKEN_PATH)) == 2


async def test_wrong_client_credentials_are_reported_in_plain_words(
    transport: FlakyTransport, simulator: Simulator
):
    async with CloudBoxxClient(
        BASE_URL, DEMO_CLIENT_ID, "not the secret", transport=transport
    ) as client:
        with pytest.raises(GatewayUnavailable) as raised:
            await client.read_state(BERLIN_GOLF, flow_id="f")

    assert raised.value.message == (
        "The CloudBoxx service refused FleetCrew's API credentials (client id and secret). "
        "Tell the fleet manager: box commands cannot work until they are corrected."
    )
    assert simulator.calls == []


async def test_a_read_is_tried_again_with_doubling_pauses_after_failures_on_the_way(
    client: CloudBoxxClient, transport: FlakyTransport, pauses: list[float]
):
    transport.failures = [httpx.ConnectError("refused"), 503]

    state = await client.read_state(BERLIN_GOLF, flow_id="f")

    assert state.qnr == BERLIN_GOLF
    assert pauses == [0.2, 0.4]
    assert len(transport.to("/state")) == 3


async def test_a_read_is_tried_again_when_the_token_service_is_busy(
    client: CloudBoxxClient, transport: FlakyTransport, pauses: list[float]
):
    transport.token_failures = [503]

    state = await client.read_state(BERLIN_GOLF, flow_id="f")

    assert state.qnr == BERLIN_GOLF
    assert pauses == [0.2]
    assert len(transport.to(TOKEN_PATH)) == 2


async def test_a_read_that_timed_out_is_tried_again(
    client: CloudBoxxClient, transport: FlakyTransport, pauses: list[float]
):
    transport.failures = [httpx.ReadTimeout("slow")]

    box = await client.get_box(BERLIN_GOLF, flow_id="f")

    assert box.qnr == BERLIN_GOLF
    assert pauses == [0.2]


async def test_a_read_gives_up_after_three_attempts(
    client: CloudBoxxClient, transport: FlakyTransport, pauses: list[float]
):
    transport.failures = [httpx.ConnectError("refused")] * 3

    with pytest.raises(GatewayUnavailable) as raised:
        await client.list_vehicle_models(flow_id="f")

    assert raised.value.message == UNREACHABLE
    assert pauses == [0.2, 0.4]
    assert len(transport.to("/vehicle-models")) == 3


CHANGES: dict[str, Callable[[CloudBoxxClient], Awaitable[object]]] = {
    "command": lambda client: client.send_command(
        BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f"
    ),
    "installation": lambda client: client.bind_box(BERLIN_NEW_1, NEW_CAR, GOLF_SETUP, flow_id="f"),
    "configuration": lambda client: client.apply_config(BERLIN_GOLF, GOLF_SETUP, flow_id="f"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (httpx.ConnectError("refused"), GatewayUnavailable),
        (httpx.ReadTimeout("slow"), BoxTimeout),
        (503, GatewayUnavailable),
    ],
)
async def test_a_change_is_sent_once_and_never_tried_again(
    client: CloudBoxxClient,
    transport: FlakyTransport,
    simulator: Simulator,
    pauses: list[float],
    change: str,
    failure: Failure,
    error: type[Exception],
):
    await client.list_vehicle_models(flow_id="f")  # so checking the configuration sends nothing
    before, sent = simulator.snapshot(), len(transport.requests)
    transport.failures = [failure, failure]

    with pytest.raises(error):
        await CHANGES[change](client)

    assert len(transport.requests) - sent == 1
    assert pauses == []
    assert simulator.snapshot() == before


async def test_a_command_without_an_answer_says_it_may_or_may_not_have_happened(
    client: CloudBoxxClient, transport: FlakyTransport
):
    transport.failures = [httpx.ReadTimeout("slow")]

    with pytest.raises(BoxTimeout) as raised:
        await client.send_command(BERLIN_GOLF, Command.UNLOCK_CENTRAL_LOCK, flow_id="f")

    assert raised.value.message == (
        "No answer within 12 seconds when asked to unlock the central lock. It may or may not "
        "have happened: request the vehicle state to check, then try again."
    )


async def test_a_command_that_could_not_connect_in_time_says_nothing_changed(
    client: CloudBoxxClient, transport: FlakyTransport, simulator: Simulator
):
    await client.read_state(BERLIN_GOLF, flow_id="warm-up")  # the token, so only the call fails
    transport.failures = [httpx.ConnectTimeout("no connection")]
    before = simulator.snapshot()

    with pytest.raises(BoxTimeout) as raised:
        await client.send_command(BERLIN_GOLF, Command.UNLOCK_CENTRAL_LOCK, flow_id="f")

    assert raised.value.message == (
        "The CloudBoxx service did not answer within 12 seconds, so it was not asked to unlock "
        "the central lock and nothing changed. Try again in a minute."
    )
    assert simulator.snapshot() == before


async def test_a_slow_box_hits_the_client_timeout_over_real_http(
    served: Callable[[SimServer], str],
):
    simulator = Simulator(answer_seconds=0)
    for model in DEMO_VEHICLE_MODELS:
        simulator.add_vehicle_model(model)
    simulator.add_box(GOLF_BOX)
    simulator.set_faults(BERLIN_GOLF, slow_seconds=0.5)
    url = served(SimServer(simulator))
    timeouts = Timeouts(connect=0.05, read=0.05, box=0.05)

    async with CloudBoxxClient(url, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, timeouts=timeouts) as slow:
        await slow.read_state(BERLIN_GOLF, flow_id="warm-up")  # the token, outside the timing
        started = time.monotonic()
        with pytest.raises(BoxTimeout) as raised:
            await slow.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f")
        waited = time.monotonic() - started

    assert 0.05 <= waited < 0.4
    assert raised.value.message.startswith("No answer within 0.05 seconds when asked to lock")


async def test_the_flow_id_travels_in_the_x_flow_id_header(
    client: CloudBoxxClient, transport: FlakyTransport
):
    await client.send_command(BERLIN_GOLF, Command.DRAW_ATTENTION, flow_id="job-9/attention")

    assert transport.requests[-1].headers["X-Flow-Id"] == "job-9/attention"
    assert transport.requests[-1].url == f"{BASE_URL}/boxes/{BERLIN_GOLF}/commands/draw-attention"


async def test_an_answer_that_cannot_be_read_is_reported_as_such(
    client: CloudBoxxClient, transport: FlakyTransport
):
    transport.failures = [httpx.Response(200, json={"qnr": BERLIN_GOLF, "online": "yes"})]

    with pytest.raises(GatewayUnavailable) as raised:
        await client.read_state(BERLIN_GOLF, flow_id="f")

    assert raised.value.message.startswith("The CloudBoxx service sent an answer FleetCrew")


async def test_vehicle_models_for_checking_a_configuration_are_kept_ten_minutes(
    client: CloudBoxxClient, transport: FlakyTransport, clock: ManualClock
):
    await client.apply_config(BERLIN_GOLF, GOLF_SETUP, flow_id="f")
    clock.advance(timedelta(minutes=9))
    await client.apply_config(BERLIN_GOLF, GOLF_SETUP, flow_id="f")
    fetched_within = len(transport.to("/vehicle-models"))
    clock.advance(timedelta(minutes=2))

    await client.apply_config(BERLIN_GOLF, GOLF_SETUP, flow_id="f")

    assert (fetched_within, len(transport.to("/vehicle-models"))) == (1, 2)
