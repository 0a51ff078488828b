"""The start page: a manager lands on the Overview of their first fleet."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from admin_web.deps import ServicesDep, SessionDep
from admin_web.form_text import TextFormRoute
from admin_web.pages import render_page
from core.services import accounts

router = APIRouter(route_class=TextFormRoute)


@router.get("/", name="home")
async def open_first_fleet(
    request: Request, services: ServicesDep, session: SessionDep
) -> Response:
    """Redirect to the first fleet's Overview, or say there is no fleet yet."""
    async with services.uow.read_only() as uow:
        me = await accounts.describe_manager(uow, session.manager)
    if me.fleets:
        url = request.app.url_path_for("overview", fleet_id=str(me.fleets[0].id))
        return RedirectResponse(url, status_code=303)
    return render_page(
        request,
        "no_fleets.html",
        {"me": me, "current_fleet": None, "csrf_token": session.csrf_token, "active": None},
    )
