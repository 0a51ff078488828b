"""Partners & Teams of a fleet: invite, a new link and QR code, resend, override, remove.

An invitation's link can be shown only right after it is issued (Invite, Resend, New link &
QR): the redirect to the page carries it in the flash cookie, and the page shows it once.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from admin_web.deps import ManagerDep, PathId, ServicesDep, SessionDep
from admin_web.errors import show_errors_on
from admin_web.flash import Flash, read_flash, redirect_with_flash
from admin_web.form_text import TextFormRoute
from admin_web.link_card import link_card
from admin_web.mailing import mail_invitation
from admin_web.pages import render_page
from admin_web.partner_list import partner_label, partner_list
from core.errors import Conflict, InvalidInput, NotFound
from core.services import accounts, partners
from core.status import InvitationStatus
from core.views import InvitationLink, PartnerRow

router = APIRouter(prefix="/fleets/{fleet_id}/partners", route_class=TextFormRoute)
# An old tab's form may name an entry removed since: say so on the page, not on a 404.
ON_AN_ENTRY = (InvalidInput, Conflict, NotFound)


@router.get("", name="partners")
async def show_partners(
    request: Request,
    fleet_id: PathId,
    services: ServicesDep,
    session: SessionDep,
    q: str = "",
) -> Response:
    """The invite form and the fleet's service partners; a link issued just now, once."""
    async with services.uow.read_only() as uow:
        rows = await partners.list_partner_connections(uow, session.manager, fleet_id=fleet_id)
        me = await accounts.describe_manager(uow, session.manager)
    flash = read_flash(request)
    link = flash.link if flash else None
    return render_page(
        request,
        "partners.html",
        {
            "me": me,
            "current_fleet": next((f for f in me.fleets if f.id == fleet_id), None),
            "csrf_token": session.csrf_token,
            "active": "partners",
            "entries": partner_list(rows, q),
            "card": link_card(link) if link and _still_pending(link, rows) else None,
        },
    )


@router.post("", name="invite_partner")
async def invite_partner(
    request: Request,
    fleet_id: PathId,
    services: ServicesDep,
    manager: ManagerDep,
    email: Annotated[str, Form()] = "",
    allow_override: Annotated[bool, Form()] = False,
) -> Response:
    """Invite a service partner by e-mail, mail the link and show it with its QR code."""
    show_errors_on(
        request,
        _page(request, fleet_id),
        email=email,
        allow_override="on" if allow_override else "",
    )
    async with services.uow() as uow:
        link = await partners.invite_partner(
            uow,
            manager,
            fleet_id=fleet_id,
            email=email,
            allow_override=allow_override,
            links=services.links,
        )
    flash = await mail_invitation(services, link, resent=False)
    return redirect_with_flash(request, _page(request, fleet_id), flash)


@router.post("/{connection_id}/link", name="renew_invitation_link")
async def renew_invitation_link(
    request: Request,
    fleet_id: PathId,
    connection_id: PathId,
    services: ServicesDep,
    manager: ManagerDep,
) -> Response:
    """Give a pending invitation a new link and QR code to hand over; the old link ends."""
    show_errors_on(request, _page(request, fleet_id), shows=ON_AN_ENTRY)
    async with services.uow() as uow:
        link = await partners.renew_invitation_link(
            uow, manager, fleet_id=fleet_id, connection_id=connection_id, links=services.links
        )
    text = (
        f"A new invitation link for {link.email} is ready below. "
        "The previous link no longer works. No e-mail was sent: hand this one over yourself."
    )
    return redirect_with_flash(request, _page(request, fleet_id), Flash("success", text, link=link))


@router.post("/{connection_id}/resend", name="resend_invitation")
async def resend_invitation(
    request: Request,
    fleet_id: PathId,
    connection_id: PathId,
    services: ServicesDep,
    manager: ManagerDep,
) -> Response:
    """Give a pending invitation a new link, mail it and show it; the old link stops working."""
    show_errors_on(request, _page(request, fleet_id), shows=ON_AN_ENTRY)
    async with services.uow() as uow:
        link = await partners.resend_invitation(
            uow, manager, fleet_id=fleet_id, connection_id=connection_id, links=services.links
        )
    flash = await mail_invitation(services, link, resent=True)
    return redirect_with_flash(request, _page(request, fleet_id), flash)


@router.post("/{connection_id}/override", name="set_partner_override")
async def set_partner_override(
    request: Request,
    fleet_id: PathId,
    connection_id: PathId,
    services: ServicesDep,
    manager: ManagerDep,
    allowed: Annotated[bool, Form()] = False,
) -> Response:
    """Allow or forbid the partner to override job configuration and data in this fleet."""
    show_errors_on(request, _page(request, fleet_id), shows=ON_AN_ENTRY)
    async with services.uow() as uow:
        row = await partners.set_partner_override(
            uow, manager, fleet_id=fleet_id, connection_id=connection_id, allowed=allowed
        )
    who = partner_label(row)
    text = (
        f"{who} may now override job configuration and data in this fleet."
        if allowed
        else f"{who} now follows each job's configuration exactly in this fleet."
    )
    return redirect_with_flash(request, _page(request, fleet_id), Flash("success", text))


@router.post("/{connection_id}/remove", name="remove_partner")
async def remove_partner(
    request: Request,
    fleet_id: PathId,
    connection_id: PathId,
    services: ServicesDep,
    manager: ManagerDep,
) -> Response:
    """Withdraw an invitation or end a partner's connection to this fleet."""
    show_errors_on(request, _page(request, fleet_id), shows=ON_AN_ENTRY)
    async with services.uow() as uow:
        row = await partners.remove_partner_connection(
            uow, manager, fleet_id=fleet_id, connection_id=connection_id
        )
    who = partner_label(row)
    if row.status == InvitationStatus.PENDING:
        text = f"The invitation to {who} was withdrawn; its link no longer works."
    else:
        text = f"{who} was removed from this fleet."
    return redirect_with_flash(request, _page(request, fleet_id), Flash("success", text))


def _page(request: Request, fleet_id: int) -> str:
    # No #anchor: the message at the top of the page is what the manager must see first.
    return str(request.app.url_path_for("partners", fleet_id=str(fleet_id)))


def _still_pending(link: InvitationLink, rows: list[PartnerRow]) -> bool:
    # A link for another fleet's page, or for an entry answered or removed since: not shown.
    return any(
        row.connection_id == link.connection_id and row.status == InvitationStatus.PENDING
        for row in rows
        if row.fleet_id == link.fleet_id
    )
