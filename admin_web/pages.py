"""Rendering a page from its template, with the flash message left for it."""

from __future__ import annotations

from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from admin_web.flash import forget_flash, read_flash


def render_page(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    """Render a page with the flash message left for it, then forget the message."""
    templates: Jinja2Templates = request.app.state.templates
    flash = read_flash(request)
    response = templates.TemplateResponse(
        request, template, {"flash": flash, **context}, status_code=status_code
    )
    forget_flash(request, response)
    return response


def error_page(request: Request, status_code: int, title: str, message: str) -> Response:
    """A plain page that says what went wrong, in words a manager can act on."""
    return render_page(
        request, "error.html", {"title": title, "message": message}, status_code=status_code
    )
