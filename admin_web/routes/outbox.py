"""The outbox: e-mails kept for the manager's fleets when no SMTP server is configured."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from admin_web.deps import ServicesDep, SessionDep
from admin_web.pages import render_page
from core.services import accounts
from core.services.outbox import list_outbox

router = APIRouter()


@router.get("/outbox", name="outbox")
async def show_outbox(request: Request, services: ServicesDep, session: SessionDep) -> Response:
    """The newest e-mails FleetCrew kept instead of sending them, for the manager's fleets."""
    async with services.uow.read_only() as uow:
        mails = await list_outbox(uow, session.manager)
        me = await accounts.describe_manager(uow, session.manager)
    return render_page(
        request,
        "outbox.html",
        {
            "me": me,
            "current_fleet": None,
            "csrf_token": session.csrf_token,
            "active": "outbox",
            "mails": mails,
            "smtp_host": services.settings.smtp_host,
        },
    )
