"""CloudBoxx fixtures: a demo fleet on a manual clock, and `fleet`, the contract suite's gateway.

`fleet` runs each contract test twice: against the Simulator itself, and against the
CloudBoxxClient talking over HTTP to sim_server, served by uvicorn on 127.0.0.1, with the same
simulator behind it. Either way `fleet.simulator` is the simulator, for faults and inspection.
uvicorn runs once per session in a thread; each test hands it its own SimServer.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import uvicorn

from cloudboxx import BoxGateway, CloudBoxxClient, ManualClock, Simulator
from cloudboxx.asgi import Receive, Scope, Send
from cloudboxx.demo import demo_simulator
from cloudboxx.sim_server import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SimServer

START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Fleet:
    """A gateway under test and the simulator behind it."""

    gateway: BoxGateway
    simulator: Simulator
    clock: ManualClock
    over_http: bool


@pytest.fixture
def clock() -> ManualClock:
    """A clock standing at START; the simulator's sleeps move it instead of waiting."""
    return ManualClock(START)


@pytest.fixture
def simulator(clock: ManualClock) -> Simulator:
    """The demo fleet on the manual clock."""
    return demo_simulator(clock=clock, sleep=clock.sleep)


class SimServerHost:
    """uvicorn serving, on an ephemeral port of 127.0.0.1, whichever SimServer a test puts in."""

    def __init__(self) -> None:
        self.app: SimServer | None = None
        # IPPROTO_TCP, not the default 0: only then does asyncio set TCP_NODELAY on accepted
        # connections; without it every answer waits 40 ms for a delayed ACK.
        self._listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._listening.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listening.getsockname()[1]}"
        config = uvicorn.Config(self, lifespan="off", ws="none", log_config=None, access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._listening]}, daemon=True
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "no SimServer to serve"
        await self.app(scope, receive, send)

    def start(self) -> None:
        """Serve, in a thread of its own, with an event loop of its own."""
        self._thread.start()
        for _ in range(1000):
            if self._server.started:
                return
            time.sleep(0.005)
        raise AssertionError("uvicorn did not start")

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.should_exit = True
        self._thread.join()
        self._listening.close()


@pytest.fixture(scope="session")
def sim_server_host() -> Iterator[SimServerHost]:
    """One uvicorn for the whole run (starting one per test costs 0.2 s each to stop)."""
    host = SimServerHost()
    host.start()
    yield host
    host.stop()


@pytest.fixture
def served(sim_server_host: SimServerHost) -> Iterator[Callable[[SimServer], str]]:
    """Serve a SimServer for this test only; returns the URL it is served at."""

    def serve(app: SimServer) -> str:
        sim_server_host.app = app
        return sim_server_host.url

    yield serve
    sim_server_host.app = None


@pytest.fixture(params=["simulator", "http"])
async def fleet(
    request: pytest.FixtureRequest,
    simulator: Simulator,
    clock: ManualClock,
    served: Callable[[SimServer], str],
) -> AsyncIterator[Fleet]:
    """The demo fleet through the simulator itself, then through HTTP and sim_server."""
    if request.param == "simulator":
        yield Fleet(simulator, simulator, clock, over_http=False)
        return
    url = served(SimServer(simulator))
    async with CloudBoxxClient(url, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET) as client:
        yield Fleet(client, simulator, clock, over_http=True)
