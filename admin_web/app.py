"""The admin web: `create_app(services)` builds the FastAPI app; nothing exists at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from admin_web import job_paths
from admin_web.cookies import Signer
from admin_web.errors import install_error_pages
from admin_web.headers import SecurityHeaders
from admin_web.job_table import show_day
from admin_web.job_words import install_job_words
from admin_web.routes import (
    account,
    box_state,
    fleets,
    job_edit,
    job_export,
    job_form,
    job_import,
    job_page,
    jobs_bulk,
    jobs_table,
    outbox,
    overview,
    partners,
    sessions,
)
from admin_web.routes import templates as template_pages
from core.container import Services
from core.moments import show_moment

HERE = Path(__file__).parent


def create_app(services: Services) -> FastAPI:
    """The admin web over these Services: pages, static files and the error pages."""
    app = FastAPI(title="FleetCrew admin", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.services = services
    app.state.signer = Signer(services.settings.secret_key.get_secret_value())
    app.state.templates = _templates(services)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # The job tables before any /jobs/{job_id} route: "installation" and "bulk" are no job ids
    # (and /jobs/{job_id} takes digits only, so either order would hold).
    for routes in (
        sessions,
        fleets,
        overview,
        jobs_table,
        jobs_bulk,
        job_import,
        job_export,
        job_form,
        box_state,
        job_page,
        job_edit,
        template_pages,
        partners,
        outbox,
        account,
    ):
        app.include_router(routes.router)
    app.add_api_route("/favicon.ico", _favicon, include_in_schema=False)
    install_error_pages(app)
    return app


def _templates(services: Services) -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["sandbox_on"] = services.settings.sandbox_enabled
    templates.env.globals["path_for"] = _path_for
    templates.env.globals["job_paths"] = job_paths
    templates.env.filters["when"] = show_moment
    templates.env.filters["day"] = show_day
    install_job_words(templates.env)
    return templates


@pass_context
def _path_for(context: dict[str, Any], name: str, /, **params: object) -> str:
    # Paths, not absolute URLs: right behind any proxy, whatever Host it forwards.
    return str(context["request"].app.url_path_for(name, **{k: str(v) for k, v in params.items()}))


async def _favicon(request: Request) -> Response:
    # Pages link the icon; this is for clients that ask for /favicon.ico all the same.
    return RedirectResponse(request.app.url_path_for("static", path="favicon.svg"), 308)
