"""The admin web's cookies: the session, the sign-in form's CSRF token and the flash message.

Values the server must be able to trust (the sign-in CSRF token, the flash message) are signed
with a key derived from the secret key; the session cookie is an opaque token checked by core.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "fleetcrew_session"
LOGIN_CSRF_COOKIE = "fleetcrew_login_csrf"
FLASH_COOKIE = "fleetcrew_flash"
LOGIN_CSRF_MAX_AGE = 2 * 60 * 60
FLASH_MAX_AGE = 60


class Signer:
    """Signs and checks short values with a key only this server knows."""

    def __init__(self, secret_key: str) -> None:
        self._key = hashlib.sha256(b"fleetcrew admin web\0" + secret_key.encode()).digest()

    def sign(self, purpose: str, value: str) -> str:
        """The value with its signature appended, for this purpose only."""
        return f"{value}.{self._mac(purpose, value)}"

    def unsign(self, purpose: str, signed: str) -> str | None:
        """The value if the signature is right for this purpose, else None."""
        value, _, mac = signed.rpartition(".")
        return value if value and tokens_match(mac, self._mac(purpose, value)) else None

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(self._key, f"{purpose}\0{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def tokens_match(sent: str | None, expected: str) -> bool:
    """Compare a token from a request with the expected one in constant time."""
    return sent is not None and hmac.compare_digest(sent.encode(), expected.encode())


def use_secure_cookies(request: Request) -> bool:
    """Cookies get the Secure flag when FleetCrew is served over HTTPS."""
    services = request.app.state.services
    return bool(services.settings.secure_cookies) or request.url.scheme == "https"


def set_cookie(
    request: Request, response: Response, name: str, value: str, *, max_age: int | None = None
) -> None:
    """Set an HttpOnly, SameSite=Lax cookie for the whole admin web."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=use_secure_cookies(request),
    )


def clear_cookie(request: Request, response: Response, name: str) -> None:
    """Tell the browser to forget a cookie."""
    response.delete_cookie(
        name, path="/", httponly=True, samesite="lax", secure=use_secure_cookies(request)
    )


def login_csrf_token(request: Request, signer: Signer) -> str:
    """The sign-in form's token: the one in the browser's cookie if valid, else a new one."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    if cookie and signer.unsign("login-csrf", cookie):
        return cookie
    return signer.sign("login-csrf", secrets.token_urlsafe(24))


def login_csrf_matches(request: Request, signer: Signer, sent: str) -> bool:
    """Double submit: the form's token equals the cookie's, and the cookie is ours."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    return (
        cookie is not None
        and signer.unsign("login-csrf", cookie) is not None
        and tokens_match(sent, cookie)
    )
