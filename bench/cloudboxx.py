"""Box commands per second through HTTP and in-process, and how long a state request takes.

sim_server runs under uvicorn in a process of its own on 127.0.0.1, as the CloudBoxx API would
run elsewhere; the CloudBoxxClient talks to it as FleetCrew does (token, flow id header, JSON).
The simulated boxes answer at once (answer_seconds=0), so the figures are the code path's, not
the simulated car's. Commands alternate lock and unlock over the demo's installed boxes.

    python -m bench.cloudboxx [--seconds 2] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import multiprocessing
import socket
import statistics
import time
from multiprocessing.connection import Connection

import uvicorn

from cloudboxx import BoxGateway, CloudBoxxClient, Command, Simulator
from cloudboxx.demo import DEMO_BOXES, OFFLINE_QNRS, seed_demo_fleet
from cloudboxx.sim_server import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SimServer

INSTALLED = [box.qnr for box in DEMO_BOXES if box.installed and box.qnr not in OFFLINE_QNRS]
LOCKING = (Command.LOCK_CENTRAL_LOCK, Command.UNLOCK_CENTRAL_LOCK)


def instant_fleet() -> Simulator:
    """The demo fleet with boxes that answer at once."""
    simulator = Simulator(seed=1, answer_seconds=0)
    seed_demo_fleet(simulator)
    return simulator


def serve(port_to: Connection) -> None:
    """Serve sim_server on a free port of 127.0.0.1 and send the port back; runs until stopped."""
    # IPPROTO_TCP, not 0: only then does asyncio set TCP_NODELAY on accepted connections.
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.bind(("127.0.0.1", 0))
    listening.listen()  # from here on, connections wait in the backlog until uvicorn accepts
    port_to.send(listening.getsockname()[1])
    config = uvicorn.Config(
        SimServer(instant_fleet()), lifespan="off", log_level="warning", access_log=False
    )
    uvicorn.Server(config).run(sockets=[listening])


async def commands_per_second(gateway: BoxGateway, seconds: float, concurrency: int) -> float:
    """Commands carried out per second by concurrency tasks sending one after another."""
    deadline = time.perf_counter() + seconds
    qnrs = itertools.cycle(INSTALLED)

    async def sender(commands: itertools.cycle[Command]) -> int:
        done = 0
        qnr = next(qnrs)
        while time.perf_counter() < deadline:
            await gateway.send_command(qnr, next(commands), flow_id="bench")
            done += 1
        return done

    started = time.perf_counter()
    counts = await asyncio.gather(*(sender(itertools.cycle(LOCKING)) for _ in range(concurrency)))
    return sum(counts) / (time.perf_counter() - started)


async def state_request_ms(gateway: BoxGateway, requests: int) -> list[float]:
    """Milliseconds each of a run of state requests took, one after another."""
    samples = []
    for qnr in itertools.islice(itertools.cycle(INSTALLED), requests):
        started = time.perf_counter()
        await gateway.read_state(qnr, flow_id="bench")
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def measure(url: str, seconds: float, concurrency: int) -> dict[str, float | int]:
    """Every figure, through the HTTP client against url and through an in-process simulator."""
    async with CloudBoxxClient(url, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET) as client:
        await state_request_ms(client, 200)  # warm up: token, connections
        http_commands = await commands_per_second(client, seconds, concurrency)
        http_sequential = await commands_per_second(client, seconds, 1)
        states = await state_request_ms(client, 1000)
    sim_commands = await commands_per_second(instant_fleet(), seconds, 1)
    return {
        "http_commands_per_s": round(http_commands),
        "http_concurrency": concurrency,
        "http_sequential_commands_per_s": round(http_sequential),
        "sim_commands_per_s": round(sim_commands),
        "http_state_p50_ms": round(statistics.median(states), 3),
        "http_state_p99_ms": round(statistics.quantiles(states, n=100)[98], 3),
    }


def main() -> None:
    """Start sim_server in its own process, measure, print one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench.cloudboxx", description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="per throughput figure")
    parser.add_argument("--concurrency", type=int, default=8, help="tasks sending commands")
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    port_from, port_to = context.Pipe(duplex=False)
    server = context.Process(target=serve, args=(port_to,), daemon=True)
    server.start()
    try:
        if not port_from.poll(30):
            raise SystemExit("sim_server did not start")
        url = f"http://127.0.0.1:{port_from.recv()}"
        figures = asyncio.run(measure(url, args.seconds, args.concurrency))
    finally:
        server.terminate()
        server.join()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
