"""The BoxGateway over HTTP: OAuth2 client credentials, short timeouts, retries for reads only.

A read (vehicle models, a box, its state) that fails on the way is tried again after a short,
doubling pause. A command, an installation or a configuration is sent once and never repeated:
a second attempt could lock a car twice or undo what a technician did meanwhile. The one
exception is a 401: the service refused the token before doing anything, so the call is sent
once more with a fresh token. Whatever happens inside, each public call ends by its deadline
(Timeouts.read_total or box_total), so no call can hang the handler that made it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import httpx

from cloudboxx.clock import Clock, Sleep, SystemClock
from cloudboxx.errors import BoxError, GatewayUnavailable
from cloudboxx.http_answers import Progress, Transient, answer, decoded, timed_out
from cloudboxx.oauth import REFUSED, UNREACHABLE, AccessTokens, TokenServiceUnavailable
from cloudboxx.types import Box, BoxConfig, Command, Vehicle, VehicleModel, VehicleState
from cloudboxx.validation import check_config, check_flow_id, check_vehicle, parse_qnr
from cloudboxx.wire import (
    FLOW_ID_HEADER,
    Json,
    box_from_json,
    config_to_json,
    model_from_json,
    vehicle_to_json,
)
from cloudboxx.wire_state import state_from_json

T = TypeVar("T")
MODELS_KEPT = timedelta(minutes=10)
"""How long the vehicle models fetched to check a configuration are trusted."""


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait: to connect, for a read, for a call that waits for the box; and in all.

    connect, read and box bound one request; read_total and box_total bound one public call
    from start to end: token, retries, their pauses, checking a configuration, a resend after
    a 401. A read could otherwise take three timeouts and a token fetch, about 30 seconds.
    """

    connect: float = 3.0
    read: float = 5.0
    box: float = 12.0  # commands, installation, configuration: the service waits for the box
    read_total: float = 10.0
    box_total: float = 15.0


@dataclass(frozen=True)
class Retries:
    """How often a read is tried in all, and the pause before the second try (then doubled)."""

    attempts: int = 3
    backoff_seconds: float = 0.2


class CloudBoxxClient:
    """A BoxGateway talking to the CloudBoxx API (or sim_server) at base_url."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        timeouts: Timeouts = Timeouts(),
        retries: Retries = Retries(),
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "cloudboxx-sdk"},
        )
        self._clock: Clock = clock or SystemClock()
        self._sleep: Sleep = sleep or asyncio.sleep
        self._timeouts = timeouts
        self._retries = retries
        self._tokens = AccessTokens(
            self._http,
            client_id,
            client_secret,
            clock=self._clock,
            timeout=self._timeout(timeouts.read),
        )
        self._models: dict[str, VehicleModel] = {}
        self._models_until: datetime | None = None

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def __aenter__(self) -> CloudBoxxClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def list_vehicle_models(self, *, flow_id: str) -> list[VehicleModel]:
        """Every vehicle model a box can be set up for."""
        check_flow_id(flow_id)
        data = await self._read("/vehicle-models", flow_id)
        models = decoded(lambda: [model_from_json(item) for item in data["items"]])
        self._models = {model.id: model for model in models}
        self._models_until = self._clock.now() + MODELS_KEPT
        return models

    async def get_box(self, qnr: str, *, flow_id: str) -> Box:
        """The box with this QNR."""
        qnr, flow_id = parse_qnr(qnr), check_flow_id(flow_id)
        data = await self._read(f"/boxes/{qnr}", flow_id)
        return decoded(lambda: box_from_json(data))

    async def bind_box(self, qnr: str, vehicle: Vehicle, config: BoxConfig, *, flow_id: str) -> Box:
        """Install the box in a vehicle with a configuration (again: re-apply it)."""
        qnr, flow_id = parse_qnr(qnr), check_flow_id(flow_id)
        vehicle = check_vehicle(vehicle)
        body = {"vehicle": vehicle_to_json(vehicle), "configuration": config_to_json(config)}
        path, task = f"/boxes/{qnr}/binding", "install the box"
        data = await self._change("POST", path, flow_id, body, task, checking=config)
        return decoded(lambda: box_from_json(data))

    async def apply_config(self, qnr: str, config: BoxConfig, *, flow_id: str) -> Box:
        """Set up an installed box anew."""
        qnr, flow_id = parse_qnr(qnr), check_flow_id(flow_id)
        path, task = f"/boxes/{qnr}/configuration", "apply the configuration"
        data = await self._change(
            "PUT", path, flow_id, config_to_json(config), task, checking=config
        )
        return decoded(lambda: box_from_json(data))

    async def send_command(self, qnr: str, command: Command, *, flow_id: str) -> VehicleState:
        """Have the box carry out a command; returns the state it reports afterwards."""
        qnr, flow_id = parse_qnr(qnr), check_flow_id(flow_id)
        path = f"/boxes/{qnr}/commands/{command.path}"
        data = await self._change("POST", path, flow_id, None, command.label)
        return decoded(lambda: state_from_json(data))

    async def read_state(self, qnr: str, *, flow_id: str) -> VehicleState:
        """The latest state the service knows, without waking the box."""
        qnr, flow_id = parse_qnr(qnr), check_flow_id(flow_id)
        data = await self._read(f"/boxes/{qnr}/state", flow_id)
        return decoded(lambda: state_from_json(data))

    # -- inside --------------------------------------------------------------------------

    async def _check_config(self, config: BoxConfig, flow_id: str) -> None:
        """Refuse a configuration the model does not allow before anything is sent."""
        fresh = self._models_until is not None and self._clock.now() < self._models_until
        if not fresh or config.vehicle_model_id not in self._models:
            await self.list_vehicle_models(flow_id=flow_id)
        check_config(config, self._models.get(config.vehicle_model_id))

    async def _read(self, path: str, flow_id: str) -> Any:
        """GET path, trying again with backoff when it fails on the way, within read_total."""
        attempts, total = max(1, self._retries.attempts), self._timeouts.read_total
        last: BoxError | None = None
        deadline = asyncio.timeout(total)
        try:
            async with deadline:
                for attempt in range(1, attempts + 1):
                    try:
                        return await self._call("GET", path, flow_id, None, self._timeouts.read)
                    except Transient as failure:
                        if attempt == attempts:
                            raise failure.error from None
                        last = failure.error
                    await self._sleep(self._retries.backoff_seconds * 2 ** (attempt - 1))
        except TimeoutError:
            if not deadline.expired():
                raise
            if isinstance(last, GatewayUnavailable):  # it was failing, not slow: say so
                raise last from None
            raise timed_out(total, None) from None
        raise AssertionError("unreachable")  # the loop returns or raises

    async def _change(
        self,
        method: str,
        path: str,
        flow_id: str,
        body: Json | None,
        task: str,
        *,
        checking: BoxConfig | None = None,
    ) -> Any:
        """Send a call that changes something (task, in words) exactly once, within box_total.

        checking: a configuration to check against the vehicle models first, in the same time.
        """
        progress, total = Progress(), self._timeouts.box_total
        deadline = asyncio.timeout(total)
        try:
            async with deadline:
                if checking is not None:
                    await self._check_config(checking, flow_id)
                return await self._call(
                    method, path, flow_id, body, self._timeouts.box, task, progress
                )
        except Transient as failure:
            raise failure.error from None
        except TimeoutError:
            if not deadline.expired():
                raise
            raise timed_out(total, task, sent=progress.sent) from None

    async def _call(
        self,
        method: str,
        path: str,
        flow_id: str,
        body: Json | None,
        seconds: float,
        task: str | None = None,
        progress: Progress | None = None,
    ) -> Any:
        progress = progress or Progress()
        try:
            token = await self._tokens.current()
            progress.sent = True
            response = await self._send(method, path, flow_id, body, seconds, token)
            if response.status_code == 401:  # refused before anything was done
                progress.sent = False
                self._tokens.discard(token)
                token = await self._tokens.current()
                progress.sent = True
                response = await self._send(method, path, flow_id, body, seconds, token)
                if response.status_code == 401:
                    raise GatewayUnavailable(REFUSED)
        except httpx.TimeoutException as error:
            unsent = isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout)  # never went out
            raise Transient(timed_out(seconds, task, sent=progress.sent and not unsent)) from None
        except (httpx.TransportError, TokenServiceUnavailable):
            raise Transient(GatewayUnavailable(UNREACHABLE)) from None
        return answer(response)

    async def _send(
        self,
        method: str,
        path: str,
        flow_id: str,
        body: Json | None,
        seconds: float,
        token: str,
    ) -> httpx.Response:
        return await self._http.request(
            method,
            path,
            json=body,
            headers={"Authorization": f"Bearer {token}", FLOW_ID_HEADER: flow_id},
            timeout=self._timeout(seconds),
        )

    def _timeout(self, seconds: float) -> httpx.Timeout:
        return httpx.Timeout(seconds, connect=min(seconds, self._timeouts.connect))
