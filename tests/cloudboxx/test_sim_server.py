"""sim_server as any HTTP client sees it: tokens, flow ids, faults over HTTP, plain refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from cloudboxx import ManualClock, Simulator
from cloudboxx.demo import BERLIN_GOLF
from cloudboxx.sim_server import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SimServer

TOKEN = "/auth/oauth/token?grant_type=client_credentials"


@pytest.fixture
async def http(simulator: Simulator, clock: ManualClock) -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client on sim_server over the demo fleet."""
    transport = httpx.ASGITransport(SimServer(simulator, clock=clock))
    async with httpx.AsyncClient(transport=transport, base_url="http://sim.test") as client:
        yield client


@pytest.fixture
async def headers(http: httpx.AsyncClient) -> dict[str, str]:
    """A valid token and a flow id."""
    answer = await http.post(TOKEN, auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET))
    return {"Authorization": f"Bearer {answer.json()['access_token']}", "X-Flow-Id": "test"}


async def test_the_client_credentials_get_a_bearer_token_for_fifteen_minutes(
    http: httpx.AsyncClient,
):
    answer = await http.post(TOKEN, auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET))

    assert answer.status_code == 200
    assert answer.json()["token_type"] == "bearer"
    assert answer.json()["expires_in"] == 900


async def test_the_grant_may_also_come_in_a_form_body(http: httpx.AsyncClient):
    answer = await http.post(
        "/auth/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
    )

    assert answer.status_code == 200


@pytest.mark.parametrize(
    "auth", [(DEMO_CLIENT_ID, "wrong secret"), ("someone", DEMO_CLIENT_SECRET), None]
)
async def test_wrong_client_credentials_get_no_token(
    http: httpx.AsyncClient, auth: tuple[str, str] | None
):
    answer = await http.post(TOKEN, auth=auth)

    assert answer.status_code == 401
    assert answer.json() == {"error": "invalid_client"}


async def test_only_the_client_credentials_grant_is_offered(http: httpx.AsyncClient):
    answer = await http.post(
        "/auth/oauth/token?grant_type=password", auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
    )

    assert (answer.status_code, answer.json()) == (400, {"error": "unsupported_grant_type"})


async def test_a_call_without_a_valid_token_is_refused(http: httpx.AsyncClient):
    answer = await http.get(
        "/vehicle-models", headers={"Authorization": "Bearer made-up", "X-Flow-Id": "f"}
    )

    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Bearer"


async def test_a_token_is_refused_once_its_fifteen_minutes_are_over(
    http: httpx.AsyncClient, headers: dict[str, str], clock: ManualClock
):
    clock.advance(timedelta(minutes=14, seconds=59))
    still = await http.get("/vehicle-models", headers=headers)
    clock.advance(timedelta(seconds=1))

    expired = await http.get("/vehicle-models", headers=headers)

    assert (still.status_code, expired.status_code) == (200, 401)


async def test_a_call_without_a_flow_id_is_refused(
    http: httpx.AsyncClient, headers: dict[str, str], simulator: Simulator
):
    answer = await http.get("/vehicle-models", headers={"Authorization": headers["Authorization"]})

    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == "Every call needs an X-Flow-Id header."
    assert simulator.calls == []


async def test_unknown_paths_and_methods_are_answered_plainly(
    http: httpx.AsyncClient, headers: dict[str, str]
):
    missing = await http.get("/vehicles", headers=headers)
    wrong_method = await http.delete(f"/boxes/{BERLIN_GOLF}/state", headers=headers)

    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "NOT_FOUND")
    assert (wrong_method.status_code, wrong_method.json()["error"]["message"]) == (
        405,
        "Use GET.",
    )


async def test_errors_carry_their_code_message_and_qnr(
    http: httpx.AsyncClient, headers: dict[str, str]
):
    answer = await http.get("/boxes/FFFFFFFFFFFFFFFF", headers=headers)

    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "UNKNOWN_BOX"
    assert answer.json()["error"]["qnr"] == "FFFFFFFFFFFFFFFF"


async def test_faults_can_be_set_over_http(
    http: httpx.AsyncClient, headers: dict[str, str], simulator: Simulator
):
    faults = await http.put(
        f"/sim/boxes/{BERLIN_GOLF}/faults",
        json={"offline": True, "slow_seconds": 2},
        headers=headers,
    )
    lock = await http.post(f"/boxes/{BERLIN_GOLF}/commands/lock-central-lock", headers=headers)

    assert faults.json() == {
        "offline": True,
        "deep_sleep": False,
        "heartbeat_lost": False,
        "slow_seconds": 2,
        "drop_rate": 0.0,
    }
    assert simulator.faults(BERLIN_GOLF).offline
    assert (lock.status_code, lock.json()["error"]["code"]) == (503, "BOX_UNREACHABLE")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"drop_rate": 2}, "drop_rate is a share of the commands, from 0.0 to 1.0."),
        ({"slow_seconds": -1}, "slow_seconds cannot be negative."),
        ({"offline": "yes"}, "offline must be true or false."),
        ({"drop_rate": "half"}, "drop_rate must be a number."),
        (
            {"on_fire": True},
            "Send a JSON object with any of offline, deep_sleep, heartbeat_lost, slow_seconds, "
            "drop_rate.",
        ),
    ],
)
async def test_impossible_faults_are_refused_and_change_nothing(
    http: httpx.AsyncClient,
    headers: dict[str, str],
    simulator: Simulator,
    body: dict[str, object],
    message: str,
):
    before = simulator.snapshot()

    answer = await http.put(f"/sim/boxes/{BERLIN_GOLF}/faults", json=body, headers=headers)

    assert (answer.status_code, answer.json()["error"]["message"]) == (422, message)
    assert simulator.snapshot() == before


async def test_an_unknown_command_is_refused_naming_the_commands(
    http: httpx.AsyncClient, headers: dict[str, str]
):
    answer = await http.post(f"/boxes/{BERLIN_GOLF}/commands/self-destruct", headers=headers)

    assert answer.status_code == 422
    assert answer.json()["error"]["message"].startswith(
        "There is no command “self-destruct”; use request-vehicle-state, lock-central-lock,"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "The request body is not JSON."),
        (
            b'{"vehicle": {"license_plate": "B-X 1"}}',
            "The installation request is not valid: configuration must be a JSON object.",
        ),
        (
            b'{"vehicle": {"license_plate": "B-X 1"}, "configuration": {"vehicle_model_id": '
            b'"vw-golf-8", "installation_variant": "ROOF", "central_lock_connection_type": "CAN",'
            b' "fuel_type": "PETROL"}}',
            "The installation request is not valid: installation_variant must be one of "
            "STANDARD, OBD, KEY_HOLDER, CUSTOM, not 'ROOF'.",
        ),
    ],
)
async def test_an_installation_request_that_is_not_valid_is_refused(
    http: httpx.AsyncClient,
    headers: dict[str, str],
    simulator: Simulator,
    body: bytes,
    message: str,
):
    before = simulator.snapshot()

    answer = await http.post(f"/boxes/{BERLIN_GOLF}/binding", content=body, headers=headers)

    assert (answer.status_code, answer.json()["error"]["message"]) == (422, message)
    assert simulator.snapshot() == before


async def test_enumerations_are_matched_whatever_their_case(
    http: httpx.AsyncClient, headers: dict[str, str]
):
    configuration = {
        "vehicle_model_id": "vw-golf-8",
        "installation_variant": "standard",
        "central_lock_connection_type": "Can",
        "fuel_type": "diesel",
    }

    answer = await http.put(
        f"/boxes/{BERLIN_GOLF}/configuration", json=configuration, headers=headers
    )

    assert answer.status_code == 200
    assert answer.json()["configuration"]["central_lock_connection_type"] == "CAN"


async def test_a_request_body_over_64_kib_is_refused(
    http: httpx.AsyncClient, headers: dict[str, str]
):
    answer = await http.put(
        f"/boxes/{BERLIN_GOLF}/configuration", content=b" " * (65 * 1024), headers=headers
    )

    assert answer.status_code == 413
