"""The one place where errors become pages: status pages, form messages or the sign-in page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from admin_web.cookies import SESSION_COOKIE, clear_cookie
from admin_web.flash import Flash, redirect_with_flash
from admin_web.pages import error_page
from core.errors import (
    Conflict,
    DomainError,
    FleetNotFound,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    NotFound,
    ServiceUnavailable,
)
from core.services.accounts import SessionEnded

CSRF_MESSAGE = (
    "This form has expired or was not sent from FleetCrew, so nothing was changed. "
    "Go back, reload the page and try again."
)
NOT_TEXT_MESSAGE = (
    "A field held characters that are not text (it is not valid UTF-8), so nothing was saved. "
    "Type it again."
)


class SignInRequired(Exception):
    """The request has no session cookie: the visitor has to sign in first."""


class CsrfRejected(Exception):
    """A form arrived without the right CSRF token; nothing it asked for is done."""


class FormNotText(Exception):
    """A form field or query parameter is not valid UTF-8; nothing it asked for is done."""


class UploadTooBig(Exception):
    """An upload's body is over its limit: refused before it was read whole, nothing done."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class FormOrigin:
    """The page a form was sent from, where its domain errors are shown again."""

    url: str
    shows: tuple[type[DomainError], ...]
    values: dict[str, str]


def show_errors_on(
    request: Request,
    url: str,
    *,
    shows: tuple[type[DomainError], ...] = (InvalidInput, Conflict),
    **values: str,
) -> None:
    """Send domain errors of these kinds back to the form at url, with what was typed."""
    request.state.form_origin = FormOrigin(url=url, shows=shows, values=values)


def install_error_pages(app: FastAPI) -> None:
    """Register the handlers that turn every error into a page a manager can read."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)
    app.add_exception_handler(FormNotText, _form_not_text)
    app.add_exception_handler(UploadTooBig, _upload_too_big)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    if isinstance(exc, SessionEnded):
        return _to_sign_in(request, Flash("info", "Your session has ended. Please sign in again."))
    if isinstance(exc, FleetNotFound):  # not even a form's own page: that fleet is not theirs
        return error_page(request, 404, "Not found", exc.message)
    origin = getattr(request.state, "form_origin", None)
    if isinstance(origin, FormOrigin) and isinstance(exc, origin.shows):
        return redirect_with_flash(request, origin.url, Flash("error", exc.message, origin.values))
    if isinstance(exc, NotAllowed):
        return error_page(request, 403, "Not allowed", exc.message)
    if isinstance(exc, NotFound):
        return error_page(request, 404, "Not found", exc.message)
    if isinstance(exc, Conflict | InvalidTransition):
        return error_page(request, 409, "This cannot be done now", exc.message)
    if isinstance(exc, ServiceUnavailable):
        return error_page(request, 503, "The CloudBoxx service is not available", exc.message)
    return error_page(request, 400, "Please check your input", exc.message)


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    return _to_sign_in(request, None)


async def _csrf_rejected(request: Request, exc: Exception) -> Response:
    return error_page(request, 403, "Form not accepted", CSRF_MESSAGE)


async def _form_not_text(request: Request, exc: Exception) -> Response:
    sign_in_form = request.app.url_path_for("login_form")
    if request.method == "POST" and request.url.path == sign_in_form:
        return redirect_with_flash(request, sign_in_form, Flash("error", NOT_TEXT_MESSAGE))
    return error_page(request, 400, "Please check your input", NOT_TEXT_MESSAGE)


async def _upload_too_big(request: Request, exc: Exception) -> Response:
    # Back to the upload form the file was sent from, which says why and takes another file.
    assert isinstance(exc, UploadTooBig)
    return redirect_with_flash(request, request.url.path, Flash("error", exc.message))


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if any(error.get("loc", ("",))[0] == "path" for error in exc.errors()):
        return error_page(request, 404, "Not found", "This page does not exist.")
    return error_page(
        request,
        400,
        "Please check your input",
        "The form was incomplete or had a value FleetCrew cannot read. Go back and try again.",
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return error_page(request, 404, "Not found", "This page does not exist.")
    if exc.status_code == 405:
        return error_page(request, 405, "Not possible", "This address does not take that request.")
    return error_page(request, exc.status_code, "Request not possible", str(exc.detail))


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    # Starlette raises the exception again once this page is sent, so the server logs it.
    return error_page(
        request,
        500,
        "Something went wrong",
        "FleetCrew could not finish this request. Please try again in a moment; "
        "if it keeps happening, tell your administrator.",
    )


def _to_sign_in(request: Request, flash: Flash | None) -> Response:
    url = request.app.url_path_for("login_form")
    if request.method == "GET" and request.url.path != "/":
        # Back to the page that was asked for once signed in; a form's page is not known.
        asked = quote(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
        url = f"{url}?{urlencode({'next': asked})}"
    response = redirect_with_flash(request, url, flash)
    if SESSION_COOKIE in request.cookies:
        clear_cookie(request, response, SESSION_COOKIE)
    return response
