"""Which CloudBoxx gateway FleetCrew uses: the simulated demo fleet, or the real CloudBoxx API.

Without FLEETCREW_CLOUDBOXX_URL, the simulator stands in, seeded with the demo fleet and kept in
var/cloudboxx-sim.json, so a restart still knows which boxes were installed. With it, the HTTP
client talks to that API with FLEETCREW_CLOUDBOXX_CLIENT_ID and _SECRET. `fleetcrew
cloudboxx-sim` serves the simulator over HTTP, for a FleetCrew (or anyone) to point at.
"""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable
from pathlib import Path

import uvicorn

from cloudboxx import BoxGateway, CloudBoxxClient
from cloudboxx.demo import DEMO_FLEETS, DEMO_SEED, demo_simulator
from cloudboxx.sim_server import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SimServer
from core.settings import Settings, SettingsError

SIMULATOR_STATE_FILE = "cloudboxx-sim.json"

CloseGateway = Callable[[], Awaitable[None]]


def build_box_gateway(settings: Settings) -> tuple[BoxGateway, CloseGateway]:
    """The gateway for these settings, and what to await when shutting down."""
    if settings.cloudboxx_url is None:
        state_file = settings.var_dir / SIMULATOR_STATE_FILE
        try:
            simulator = demo_simulator(state_file=state_file)
        except ValueError as error:
            raise SettingsError(
                f"FLEETCREW_VAR_DIR: {error}; remove the file to start the simulated fleet afresh"
            ) from None
        return simulator, _nothing_to_close
    secret = settings.cloudboxx_client_secret
    if not settings.cloudboxx_client_id or secret is None or not secret.get_secret_value():
        raise SettingsError(
            "FLEETCREW_CLOUDBOXX_URL: set FLEETCREW_CLOUDBOXX_CLIENT_ID and "
            "FLEETCREW_CLOUDBOXX_CLIENT_SECRET with it"
        )
    client = CloudBoxxClient(
        str(settings.cloudboxx_url), settings.cloudboxx_client_id, secret.get_secret_value()
    )
    return client, client.aclose


def serve_simulator(host: str, port: int, *, state_file: Path | None, seed: int | None) -> None:
    """Serve the demo fleet's simulator over HTTP until interrupted, printing how to reach it."""
    try:
        simulator = demo_simulator(seed=DEMO_SEED if seed is None else seed, state_file=state_file)
    except ValueError as error:
        raise SettingsError(f"--state-file: {error}") from None
    listening = _listening_socket(host, port)
    bound_host, bound_port = listening.getsockname()[:2]
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    url = f"http://{shown_host}:{bound_port}/"
    kept = str(state_file) if state_file else "in memory only (--state-file PATH keeps it)"
    print(f"CloudBoxx simulator, demo fleets {' and '.join(DEMO_FLEETS)}, at {url}")
    print(f"  Client id:     {DEMO_CLIENT_ID}")
    print(f"  Client secret: {DEMO_CLIENT_SECRET}")
    print(f"  Fleet state:   {kept}")
    print(
        f"Point FleetCrew at it: FLEETCREW_CLOUDBOXX_URL={url} "
        f"FLEETCREW_CLOUDBOXX_CLIENT_ID={DEMO_CLIENT_ID} "
        f"FLEETCREW_CLOUDBOXX_CLIENT_SECRET={DEMO_CLIENT_SECRET}",
        flush=True,
    )
    config = uvicorn.Config(
        SimServer(simulator), lifespan="off", log_level="warning", server_header=False
    )
    with listening:
        uvicorn.Server(config).run(sockets=[listening])


def _listening_socket(host: str, port: int) -> socket.socket:
    where = f"--host/--port: cannot listen on {host}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )[0]
    except OSError as error:
        raise SettingsError(f"{where}: {error}") from None
    # proto IPPROTO_TCP (not 0), so asyncio sets TCP_NODELAY on every accepted connection.
    listening = socket.socket(family, kind, proto)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as error:
        listening.close()
        raise SettingsError(f"{where}: {error.strerror or error}") from None
    return listening


async def _nothing_to_close() -> None:
    return None
