"""One-time messages after a redirect, kept in a short-lived signed cookie (no server memory)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Literal

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from admin_web.cookies import FLASH_COOKIE, FLASH_MAX_AGE, Signer, clear_cookie, set_cookie

FlashKind = Literal["success", "info", "warning", "error"]
MAX_VALUE_LENGTH = 254


@dataclass(frozen=True, slots=True)
class Flash:
    """A message for the next page, and what the user had typed into the form."""

    kind: FlashKind
    text: str
    values: dict[str, str] = field(default_factory=dict)


def redirect_with_flash(request: Request, url: str, flash: Flash | None) -> RedirectResponse:
    """A 303 redirect (POST-redirect-GET) that carries a message to the page it leads to."""
    response = RedirectResponse(url, status_code=303)
    if flash is not None:
        payload = {
            "kind": flash.kind,
            "text": flash.text,
            "values": {k: v[:MAX_VALUE_LENGTH] for k, v in flash.values.items()},
        }
        encoded = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
        set_cookie(
            request,
            response,
            FLASH_COOKIE,
            _signer(request).sign("flash", encoded),
            max_age=FLASH_MAX_AGE,
        )
    return response


def read_flash(request: Request) -> Flash | None:
    """The message left for this page, if there is a genuine one."""
    cookie = request.cookies.get(FLASH_COOKIE)
    encoded = _signer(request).unsign("flash", cookie) if cookie else None
    if encoded is None:
        return None
    payload = json.loads(base64.urlsafe_b64decode(encoded))
    return Flash(kind=payload["kind"], text=payload["text"], values=payload["values"])


def forget_flash(request: Request, response: Response) -> None:
    """Remove the message once a page has shown it."""
    if FLASH_COOKIE in request.cookies:
        clear_cookie(request, response, FLASH_COOKIE)


def _signer(request: Request) -> Signer:
    signer: Signer = request.app.state.signer
    return signer
