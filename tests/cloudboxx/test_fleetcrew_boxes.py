"""FleetCrew's choice of gateway, and `fleetcrew cloudboxx-sim` serving the simulator over HTTP."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from cloudboxx import CloudBoxxClient, Command, Simulator, Vehicle
from cloudboxx.demo import BERLIN_GOLF, BERLIN_NEW_1, DEMO_BOXES, DEMO_VEHICLE_MODELS
from core.settings import SettingsError, load_settings
from fleetcrew.boxes import build_box_gateway
from fleetcrew.cli import main

GOLF_SETUP = next(box.config for box in DEMO_BOXES if box.qnr == BERLIN_GOLF)
assert GOLF_SETUP is not None


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only this test's FLEETCREW_ variables count; var/ and any .env live in tmp_path."""
    for name in list(os.environ):
        if name.startswith("FLEETCREW_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


async def test_without_a_cloudboxx_url_the_demo_fleet_is_simulated_and_kept_in_var(
    tmp_path: Path,
):
    settings = load_settings(var_dir=tmp_path / "var")
    gateway, close = build_box_gateway(settings)
    await gateway.bind_box(BERLIN_NEW_1, Vehicle(license_plate="B-FC 1"), GOLF_SETUP, flow_id="i")
    await close()

    again, _ = build_box_gateway(settings)

    assert isinstance(again, Simulator)
    assert (tmp_path / "var" / "cloudboxx-sim.json").exists()
    assert (await again.get_box(BERLIN_NEW_1, flow_id="f")).installed


async def test_with_a_cloudboxx_url_the_http_client_is_used(tmp_path: Path):
    settings = load_settings(
        var_dir=tmp_path / "var",
        cloudboxx_url="https://cloudboxx.example/",
        cloudboxx_client_id="fleetcrew",
        cloudboxx_client_secret="a secret",
    )

    gateway, close = build_box_gateway(settings)
    await close()

    assert isinstance(gateway, CloudBoxxClient)


def test_a_cloudboxx_url_without_client_credentials_stops_start_up(tmp_path: Path):
    settings = load_settings(var_dir=tmp_path / "var", cloudboxx_url="https://cloudboxx.example/")

    with pytest.raises(SettingsError) as raised:
        build_box_gateway(settings)

    assert str(raised.value) == (
        "FLEETCREW_CLOUDBOXX_URL: set FLEETCREW_CLOUDBOXX_CLIENT_ID and "
        "FLEETCREW_CLOUDBOXX_CLIENT_SECRET with it"
    )


def test_a_damaged_simulator_file_stops_start_up_saying_what_to_do(tmp_path: Path):
    settings = load_settings(var_dir=tmp_path / "var")
    (tmp_path / "var" / "cloudboxx-sim.json").write_text("{")

    with pytest.raises(SettingsError, match="remove the file to start the simulated fleet afresh"):
        build_box_gateway(settings)


async def test_cloudboxx_sim_serves_the_demo_fleet_with_the_credentials_it_prints(
    tmp_path: Path,
):
    state_file = tmp_path / "sim.json"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "fleetcrew",
        "cloudboxx-sim",
        "--port",
        "0",
        "--state-file",
        str(state_file),
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "FLEETCREW_VAR_DIR": str(tmp_path / "var")},
        cwd=Path(__file__).parents[2],
    )
    try:
        assert process.stdout is not None
        printed = [(await process.stdout.readline()).decode() for _ in range(5)]
        url = printed[0].split(" at ")[1].strip()
        client_id = printed[1].split(":", 1)[1].strip()
        secret = printed[2].split(":", 1)[1].strip()
        async with CloudBoxxClient(url, client_id, secret) as client:
            models = await client.list_vehicle_models(flow_id="cli")
            state = await client.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f")
    finally:
        process.send_signal(signal.SIGINT)
        await process.wait()

    assert printed[0].startswith("CloudBoxx simulator, demo fleets Berlin and Munich, at http")
    assert printed[3] == f"  Fleet state:   {state_file}\n"
    assert len(models) == len(DEMO_VEHICLE_MODELS)
    assert state.central_lock is not None and state.central_lock.value == "LOCKED"
    assert "LOCKED" in state_file.read_text()


def test_cloudboxx_sim_on_a_port_in_use_says_so(capsys: pytest.CaptureFixture[str]):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        status = main(["cloudboxx-sim", "--port", str(port)])

    assert status == 2
    assert (
        f"fleetcrew: --host/--port: cannot listen on 127.0.0.1:{port}:" in capsys.readouterr().err
    )
