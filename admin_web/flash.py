"""One-time messages after a redirect, kept in a short-lived signed cookie (no server memory).

A message may carry an invitation link (or a manager's own Telegram link) that was just issued:
the database keeps only the link's hash, so the page after Invite, Resend, New link or Link
Telegram can show it only if the redirect carries it.
The cookie is signed, HttpOnly, and its signed payload says when it was written: the server
refuses it after FLASH_MAX_AGE seconds even if a browser kept it longer.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from admin_web.cookies import FLASH_COOKIE, FLASH_MAX_AGE, Signer, clear_cookie, set_cookie
from core.container import Services
from core.manager_views import ManagerTelegramLink
from core.views import InvitationLink

FlashKind = Literal["success", "info", "warning", "error"]
MAX_VALUE_LENGTH = 254


@dataclass(frozen=True, slots=True)
class Flash:
    """A message for the next page, what the user had typed, and a link issued just now."""

    kind: FlashKind
    text: str
    values: dict[str, str] = field(default_factory=dict)
    link: InvitationLink | None = None
    telegram_link: ManagerTelegramLink | None = None


def redirect_with_flash(request: Request, url: str, flash: Flash | None) -> RedirectResponse:
    """A 303 redirect (POST-redirect-GET) that carries a message to the page it leads to."""
    response = RedirectResponse(url, status_code=303)
    if flash is not None:
        payload = {
            "at": _services(request).clock.now().timestamp(),
            "kind": flash.kind,
            "text": flash.text,
            "values": {k: v[:MAX_VALUE_LENGTH] for k, v in flash.values.items()},
            "link": _link_payload(flash.link) if flash.link else None,
            "telegram_link": _link_payload(flash.telegram_link) if flash.telegram_link else None,
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
    """The message left for this page, if there is a genuine and recent one."""
    cookie = request.cookies.get(FLASH_COOKIE)
    encoded = _signer(request).unsign("flash", cookie) if cookie else None
    if encoded is None:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(encoded))
        age = _services(request).clock.now().timestamp() - float(payload["at"])
        if not 0 <= age <= FLASH_MAX_AGE:
            return None
        link = payload["link"]
        telegram_link = payload.get("telegram_link")
        return Flash(
            kind=payload["kind"],
            text=payload["text"],
            values=payload["values"],
            link=_link_from(link) if link else None,
            telegram_link=_telegram_link_from(telegram_link) if telegram_link else None,
        )
    except (KeyError, TypeError, ValueError, binascii.Error):
        # Signed by us, so only a cookie of an older FleetCrew gets here: show no message.
        return None


def forget_flash(request: Request, response: Response) -> None:
    """Remove the message once a page has shown it."""
    if FLASH_COOKIE in request.cookies:
        clear_cookie(request, response, FLASH_COOKIE)


def _link_payload(link: InvitationLink | ManagerTelegramLink) -> dict[str, Any]:
    return {**asdict(link), "expires_at": link.expires_at.isoformat()}


def _link_from(payload: dict[str, Any]) -> InvitationLink:
    return InvitationLink(
        **{**payload, "expires_at": datetime.fromisoformat(payload["expires_at"])}
    )


def _telegram_link_from(payload: dict[str, Any]) -> ManagerTelegramLink:
    return ManagerTelegramLink(
        **{**payload, "expires_at": datetime.fromisoformat(payload["expires_at"])}
    )


def _signer(request: Request) -> Signer:
    signer: Signer = request.app.state.signer
    return signer


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services
