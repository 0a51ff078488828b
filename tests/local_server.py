"""Serving an ASGI app with uvicorn on a free port of 127.0.0.1, in the caller's event loop.

For tests and benchmarks that talk to FleetCrew's servers (the sandbox's Bot API, sim_server)
over real HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable

import uvicorn
from starlette.types import ASGIApp


def free_socket() -> socket.socket:
    """A TCP socket bound to a free port of 127.0.0.1, for served() or runtime.serve()."""
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on accepted sockets that say TCP, and
    # without it every response waits some 40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def base_url(sock: socket.socket) -> str:
    """The URL of a socket from free_socket()."""
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextlib.asynccontextmanager
async def served(
    app: ASGIApp,
    *,
    stopping: Callable[[], None] | None = None,
    sock: socket.socket | None = None,
) -> AsyncIterator[str]:
    """Serve app on a free port of 127.0.0.1 (or on sock); yields its base URL, stops on leaving.

    stopping is called first when leaving, to end what would hold the shutdown (the sandbox's
    web chat long polls), as FleetCrew's own server does.
    """
    sock = sock or free_socket()
    # Long polls (getUpdates, the web chat) may still be open: give them a second, not their
    # whole timeout.
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="off", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(10):
            while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
                await asyncio.sleep(0.01)
        yield base_url(sock)
    finally:
        if stopping is not None:
            stopping()
        server.should_exit = True
        await task
        sock.close()
