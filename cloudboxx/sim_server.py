"""The simulator over HTTP, in the shape CloudBoxxClient speaks: a small plain ASGI application.

    POST /auth/oauth/token                   grant_type=client_credentials (form or query), Basic
    GET  /vehicle-models
    GET  /boxes/{qnr}
    POST /boxes/{qnr}/binding                {"vehicle": {...}, "configuration": {...}}
    PUT  /boxes/{qnr}/configuration          {...}
    POST /boxes/{qnr}/commands/{command}     e.g. lock-central-lock
    GET  /boxes/{qnr}/state
    PUT  /sim/boxes/{qnr}/faults             {"offline": true, "slow_seconds": 2, ...}

Every call but the token's needs "Authorization: Bearer <token>" and an X-Flow-Id header.
Errors answer {"error": {"code", "message", "qnr"}}. Serve it with any ASGI server.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from cloudboxx.asgi import BodyTooLarge, Receive, Scope, Send, read_body, send_json, serve_lifespan
from cloudboxx.clock import Clock, SystemClock
from cloudboxx.errors import (
    BoxError,
    BoxRejected,
    BoxTimeout,
    BoxUnreachable,
    CommandNotSupported,
    GatewayUnavailable,
    InvalidBoxInput,
    UnknownBox,
)
from cloudboxx.simulator import Simulator
from cloudboxx.types import Command
from cloudboxx.wire import (
    FLOW_ID_HEADER,
    TOKEN_LIFETIME_SECONDS,
    TOKEN_PATH,
    Json,
    WireError,
    box_to_json,
    config_from_json,
    model_to_json,
    vehicle_from_json,
)
from cloudboxx.wire_state import error_to_json, state_to_json

DEMO_CLIENT_ID = "fleetcrew"
DEMO_CLIENT_SECRET = "cloudboxx-simulator-secret"
MAX_BODY_BYTES = 64 * 1024

_STATUS: list[tuple[type[BoxError], int]] = [
    (UnknownBox, 404),
    (InvalidBoxInput, 422),
    (BoxRejected, 409),
    (CommandNotSupported, 409),
    (BoxUnreachable, 503),
    (BoxTimeout, 504),
    (GatewayUnavailable, 503),
    (BoxError, 500),
]
_FAULT_FLAGS = ("offline", "deep_sleep", "heartbeat_lost")
_FAULT_NUMBERS = ("slow_seconds", "drop_rate")


@dataclass(frozen=True)
class _Request:
    headers: dict[str, str]
    query: dict[str, list[str]]
    body: bytes
    match: re.Match[str]

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            raise InvalidBoxInput("The request body is not JSON.") from None


class _Refused(Exception):
    """An answer other than a BoxError: status and body as they are."""

    def __init__(self, status: int, body: Json, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


Handler = Callable[["SimServer", _Request], Awaitable[Json]]


class SimServer:
    """An ASGI application serving a Simulator the way the CloudBoxx API would."""

    def __init__(
        self,
        simulator: Simulator,
        *,
        client_id: str = DEMO_CLIENT_ID,
        client_secret: str = DEMO_CLIENT_SECRET,
        clock: Clock | None = None,
        token_lifetime_seconds: int = TOKEN_LIFETIME_SECONDS,
    ) -> None:
        self.simulator = simulator
        self._credentials = (client_id, client_secret)
        self._clock: Clock = clock or SystemClock()
        self._token_lifetime = timedelta(seconds=token_lifetime_seconds)
        self._tokens: dict[str, datetime] = {}  # access token -> when it expires

    def revoke_tokens(self) -> None:
        """Make every token issued so far invalid, as if the service had restarted."""
        self._tokens.clear()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one HTTP request (and the lifespan protocol, with nothing to do)."""
        if scope["type"] == "lifespan":
            await serve_lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        headers: dict[str, str] = {}
        try:
            status, body = 200, await self._handle(scope, receive)
        except BoxError as error:
            status = next(code for kind, code in _STATUS if isinstance(error, kind))
            body = error_to_json(error)
        except _Refused as refused:
            status, body, headers = refused.status, refused.body, refused.headers
        await send_json(send, status, body, headers)

    async def _handle(self, scope: Scope, receive: Receive) -> Json:
        path, method = scope["path"], scope["method"]
        allowed = []
        for route_method, pattern, handler in _ROUTES:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            if route_method != method:
                allowed.append(route_method)
                continue
            request = _Request(
                headers={
                    name.decode("latin-1").lower(): value.decode("latin-1")
                    for name, value in scope["headers"]
                },
                query=parse_qs(scope.get("query_string", b"").decode("latin-1")),
                body=await self._body(receive),
                match=match,
            )
            return await handler(self, request)
        if allowed:
            raise _Refused(405, _problem("METHOD_NOT_ALLOWED", f"Use {', '.join(allowed)}."))
        raise _Refused(404, _problem("NOT_FOUND", f"There is no {path} here."))

    # -- routes --------------------------------------------------------------------------

    async def _issue_token(self, request: _Request) -> Json:
        form = parse_qs(request.body.decode("latin-1")) if request.body else {}
        grant = (request.query.get("grant_type") or form.get("grant_type") or [""])[0]
        if grant != "client_credentials":
            raise _Refused(400, {"error": "unsupported_grant_type"})
        if not self._client_authenticated(request.headers.get("authorization", "")):
            raise _Refused(401, {"error": "invalid_client"}, {"www-authenticate": "Basic"})
        now = self._clock.now()
        self._tokens = {token: end for token, end in self._tokens.items() if end > now}
        token = secrets.token_urlsafe(32)
        self._tokens[token] = now + self._token_lifetime
        return {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": int(self._token_lifetime.total_seconds()),
        }

    async def _vehicle_models(self, request: _Request) -> Json:
        models = await self.simulator.list_vehicle_models(flow_id=self._authorized_flow_id(request))
        return {"items": [model_to_json(model) for model in models]}

    async def _box(self, request: _Request) -> Json:
        qnr = request.match["qnr"]
        return box_to_json(
            await self.simulator.get_box(qnr, flow_id=self._authorized_flow_id(request))
        )

    async def _bind(self, request: _Request) -> Json:
        flow_id, body = self._authorized_flow_id(request), request.json()
        try:
            if not isinstance(body, dict):
                raise WireError("send a JSON object with vehicle and configuration")
            vehicle = vehicle_from_json(body.get("vehicle"))
            config = config_from_json(body.get("configuration"))
        except WireError as error:
            raise InvalidBoxInput(f"The installation request is not valid: {error}.") from None
        qnr = request.match["qnr"]
        return box_to_json(await self.simulator.bind_box(qnr, vehicle, config, flow_id=flow_id))

    async def _configure(self, request: _Request) -> Json:
        flow_id = self._authorized_flow_id(request)
        try:
            config = config_from_json(request.json())
        except WireError as error:
            raise InvalidBoxInput(f"The configuration is not valid: {error}.") from None
        qnr = request.match["qnr"]
        return box_to_json(await self.simulator.apply_config(qnr, config, flow_id=flow_id))

    async def _command(self, request: _Request) -> Json:
        flow_id, name = self._authorized_flow_id(request), request.match["command"]
        try:
            command = Command.from_path(name)
        except ValueError:
            known = ", ".join(command.path for command in Command)
            raise InvalidBoxInput(f"There is no command “{name[:40]}”; use {known}.") from None
        qnr = request.match["qnr"]
        return state_to_json(await self.simulator.send_command(qnr, command, flow_id=flow_id))

    async def _state(self, request: _Request) -> Json:
        qnr = request.match["qnr"]
        return state_to_json(
            await self.simulator.read_state(qnr, flow_id=self._authorized_flow_id(request))
        )

    async def _faults(self, request: _Request) -> Json:
        self._authorized_flow_id(request)
        body = request.json()
        if not isinstance(body, dict) or not set(body) <= set(_FAULT_FLAGS) | set(_FAULT_NUMBERS):
            names = ", ".join([*_FAULT_FLAGS, *_FAULT_NUMBERS])
            raise InvalidBoxInput(f"Send a JSON object with any of {names}.")
        for name in _FAULT_FLAGS:
            if name in body and not isinstance(body[name], bool):
                raise InvalidBoxInput(f"{name} must be true or false.")
        for name in _FAULT_NUMBERS:
            if name in body and (type(body[name]) not in (int, float)):
                raise InvalidBoxInput(f"{name} must be a number.")
        try:
            faults = self.simulator.set_faults(request.match["qnr"], **body)
        except ValueError as error:
            raise InvalidBoxInput(f"{error}.") from None
        return {name: getattr(faults, name) for name in [*_FAULT_FLAGS, *_FAULT_NUMBERS]}

    # -- checks --------------------------------------------------------------------------

    @staticmethod
    async def _body(receive: Receive) -> bytes:
        try:
            return await read_body(receive, MAX_BODY_BYTES)
        except BodyTooLarge:
            raise _Refused(413, _problem("TOO_LARGE", "The request body is too large.")) from None

    def _authorized_flow_id(self, request: _Request) -> str:
        """The caller's flow id, once its bearer token has been checked."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        expires = self._tokens.get(token) if scheme.lower() == "bearer" else None
        if expires is None or expires <= self._clock.now():
            raise _Refused(
                401,
                _problem("UNAUTHORIZED", "Send a valid access token."),
                {"www-authenticate": "Bearer"},
            )
        flow_id = request.headers.get(FLOW_ID_HEADER.lower())
        if not flow_id:
            raise InvalidBoxInput(f"Every call needs an {FLOW_ID_HEADER} header.")
        return flow_id

    def _client_authenticated(self, authorization: str) -> bool:
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            client_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected_id, expected_secret = self._credentials
        return secrets.compare_digest(client_id.encode(), expected_id.encode()) & (
            secrets.compare_digest(secret.encode(), expected_secret.encode())
        )


_QNR = r"(?P<qnr>[^/]+)"
_ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("POST", re.compile(re.escape(TOKEN_PATH)), SimServer._issue_token),
    ("GET", re.compile(r"/vehicle-models"), SimServer._vehicle_models),
    ("GET", re.compile(rf"/boxes/{_QNR}"), SimServer._box),
    ("POST", re.compile(rf"/boxes/{_QNR}/binding"), SimServer._bind),
    ("PUT", re.compile(rf"/boxes/{_QNR}/configuration"), SimServer._configure),
    ("POST", re.compile(rf"/boxes/{_QNR}/commands/(?P<command>[^/]+)"), SimServer._command),
    ("GET", re.compile(rf"/boxes/{_QNR}/state"), SimServer._state),
    ("PUT", re.compile(rf"/sim/boxes/{_QNR}/faults"), SimServer._faults),
]


def _problem(code: str, message: str) -> Json:
    return {"error": {"code": code, "message": message, "qnr": None}}
