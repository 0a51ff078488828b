"""The Outbox of a fleet: the e-mails kept for it, and its Telegram messages that did not arrive.

Without SMTP, e-mails are kept here instead of sent. Such a mail may hold an invitation link
that still works: then the Outbox is how a link reaches a partner. Once a link ends, core has
blanked it in the kept mail. Beside the mails: the fleet's Telegram messages that could not be
delivered, or failed after every attempt.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from admin_web.deps import PathId, ServicesDep, SessionDep
from admin_web.form_text import TextFormRoute
from admin_web.pages import render_page
from admin_web.telegram_messages import reason, recipient, subject
from core.services import accounts
from core.services.outbox import list_outbox
from core.services.telegram_outbox import list_undelivered
from core.status import LinkEnd

router = APIRouter(route_class=TextFormRoute)
LINK_ENDS = {
    LinkEnd.ANSWERED: "Link used: the invitation was answered",
    LinkEnd.REPLACED: "Link replaced by a newer one",
    LinkEnd.WITHDRAWN: "Link ended: the invitation was withdrawn",
    LinkEnd.EXPIRED: "Link expired",
}


@router.get("/outbox", name="outbox_home")
async def open_first_outbox(
    request: Request, services: ServicesDep, session: SessionDep
) -> Response:
    """The Outbox of the manager's first fleet (the home page says when there is none)."""
    async with services.uow.read_only() as uow:
        me = await accounts.describe_manager(uow, session.manager)
    if not me.fleets:
        return RedirectResponse(request.app.url_path_for("home"), status_code=303)
    url = request.app.url_path_for("outbox", fleet_id=str(me.fleets[0].id))
    return RedirectResponse(url, status_code=303)


@router.get("/fleets/{fleet_id}/outbox", name="outbox")
async def show_outbox(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """The fleet's newest kept e-mails, and its Telegram messages that did not arrive."""
    async with services.uow.read_only() as uow:
        mails = await list_outbox(uow, session.manager, fleet_id=fleet_id)
        undelivered = await list_undelivered(uow, session.manager, fleet_id=fleet_id)
        me = await accounts.describe_manager(uow, session.manager)
    return render_page(
        request,
        "outbox.html",
        {
            "me": me,
            "current_fleet": next((f for f in me.fleets if f.id == fleet_id), None),
            "csrf_token": session.csrf_token,
            "active": "outbox",
            "mails": mails,
            "link_ends": LINK_ENDS,
            "undelivered": [
                (message, subject(message), recipient(message), reason(message))
                for message in undelivered
            ],
            "smtp_host": services.settings.smtp_host,
        },
    )
