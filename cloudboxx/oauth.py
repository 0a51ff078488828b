"""OAuth2 client credentials: one access token at a time, renewed shortly before it expires."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import httpx

from cloudboxx.clock import Clock
from cloudboxx.errors import GatewayUnavailable
from cloudboxx.wire import TOKEN_PATH

REFRESH_MARGIN_SECONDS = 60
"""A token is renewed once less than this is left of it (or half, for a shorter-lived one)."""

UNREACHABLE = (
    "The CloudBoxx service cannot be reached right now. Try again in a minute; if it keeps "
    "failing, tell the fleet manager."
)
REFUSED = (
    "The CloudBoxx service refused FleetCrew's API credentials (client id and secret). "
    "Tell the fleet manager: box commands cannot work until they are corrected."
)


class TokenServiceUnavailable(GatewayUnavailable):
    """The token endpoint failed in a way that may pass (busy, down): a read may try again."""


class AccessTokens:
    """Fetches and keeps the access token; concurrent callers share one renewal."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        client_id: str,
        client_secret: str,
        *,
        clock: Clock,
        timeout: httpx.Timeout,
    ) -> None:
        self._http = http
        self._credentials = (client_id, client_secret)
        self._clock = clock
        self._timeout = timeout
        self._token: tuple[str, datetime] | None = None  # the token and when to renew it
        self._lock = asyncio.Lock()

    async def current(self) -> str:
        """A token that is not about to expire, fetched when there is none."""
        # httpx.TransportError passes through: the caller treats it like a failure of its call.
        async with self._lock:
            if self._token is None or self._clock.now() >= self._token[1]:
                self._token = await self._fetch()
            return self._token[0]

    def discard(self, token: str) -> None:
        """Forget token (the service refused it), unless another call already replaced it."""
        if self._token is not None and self._token[0] == token:
            self._token = None

    async def _fetch(self) -> tuple[str, datetime]:
        fetched_at = self._clock.now()
        # RFC 6749 4.4: the grant as an application/x-www-form-urlencoded body, the client
        # authenticated with HTTP Basic (2.3.1); nothing secret or otherwise in the URL.
        response = await self._http.post(
            TOKEN_PATH,
            data={"grant_type": "client_credentials"},
            auth=self._credentials,
            timeout=self._timeout,
        )
        if response.status_code in (400, 401, 403):
            raise GatewayUnavailable(REFUSED)
        if response.status_code == 429 or response.status_code >= 500:
            raise TokenServiceUnavailable(UNREACHABLE)
        try:
            response.raise_for_status()
            body = response.json()
            token, lifetime = body["access_token"], body["expires_in"]
        except (httpx.HTTPStatusError, ValueError, TypeError, KeyError):
            raise GatewayUnavailable(UNREACHABLE) from None
        if not isinstance(token, str) or not token or type(lifetime) is not int or lifetime <= 0:
            raise GatewayUnavailable(UNREACHABLE)
        usable = max(lifetime - REFRESH_MARGIN_SECONDS, lifetime / 2)
        return token, fetched_at + timedelta(seconds=usable)
