"""Partners & Teams of a fleet: invite, show link and QR code, resend, override, remove."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from markupsafe import Markup
from starlette.responses import Response

from admin_web.deps import ManagerDep, PathId, ServicesDep, SessionDep
from admin_web.errors import show_errors_on
from admin_web.flash import Flash, redirect_with_flash
from admin_web.mailing import mail_invitation
from admin_web.pages import render_page
from core.qr import qr_png, qr_svg
from core.services import accounts, partners
from core.status import InvitationStatus

router = APIRouter(prefix="/fleets/{fleet_id}/partners")


@router.get("", name="partners")
async def show_partners(
    request: Request,
    fleet_id: PathId,
    services: ServicesDep,
    session: SessionDep,
    link: int | None = None,
) -> Response:
    """The invite form and the Available Installer Companies, with one link and QR if asked."""
    async with services.uow.read_only() as uow:
        rows = await partners.list_partner_connections(uow, session.manager, fleet_id=fleet_id)
        pending = {row.connection_id for row in rows if row.status == InvitationStatus.PENDING}
        invitation = None
        if link is not None and link in pending:
            invitation = await partners.show_invitation_link(
                uow, session.manager, fleet_id=fleet_id, connection_id=link, links=services.links
            )
        me = await accounts.describe_manager(uow, session.manager)
    return render_page(
        request,
        "partners.html",
        {
            "me": me,
            "current_fleet": next((f for f in me.fleets if f.id == fleet_id), None),
            "csrf_token": session.csrf_token,
            "active": "partners",
            "rows": rows,
            "invitation": invitation,
            "invitation_qr": _inline_svg(invitation.url) if invitation else None,
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
    page = _page(request, fleet_id)
    show_errors_on(request, page, email=email, allow_override="on" if allow_override else "")
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
    return redirect_with_flash(request, _page(request, fleet_id, link.connection_id), flash)


@router.get("/{connection_id}/qr.png", name="invitation_qr")
async def invitation_qr(
    fleet_id: PathId, connection_id: PathId, services: ServicesDep, manager: ManagerDep
) -> Response:
    """The QR code of a pending invitation's link as a PNG image."""
    async with services.uow.read_only() as uow:
        link = await partners.show_invitation_link(
            uow, manager, fleet_id=fleet_id, connection_id=connection_id, links=services.links
        )
    return Response(
        qr_png(link.url),
        media_type="image/png",
        headers={"Content-Disposition": 'inline; filename="invitation-qr.png"'},
    )


@router.post("/{connection_id}/resend", name="resend_invitation")
async def resend_invitation(
    request: Request,
    fleet_id: PathId,
    connection_id: PathId,
    services: ServicesDep,
    manager: ManagerDep,
) -> Response:
    """Give a pending invitation a new link, mail it and show it; the old link stops working."""
    show_errors_on(request, _page(request, fleet_id))
    async with services.uow() as uow:
        link = await partners.resend_invitation(
            uow, manager, fleet_id=fleet_id, connection_id=connection_id, links=services.links
        )
    flash = await mail_invitation(services, link, resent=True)
    return redirect_with_flash(request, _page(request, fleet_id, link.connection_id), flash)


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
    show_errors_on(request, _page(request, fleet_id))
    async with services.uow() as uow:
        await partners.set_partner_override(
            uow, manager, fleet_id=fleet_id, connection_id=connection_id, allowed=allowed
        )
    text = (
        "The partner may now override job configuration and data."
        if allowed
        else "The partner now follows each job's configuration exactly."
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
    show_errors_on(request, _page(request, fleet_id))
    async with services.uow() as uow:
        await partners.remove_partner_connection(
            uow, manager, fleet_id=fleet_id, connection_id=connection_id
        )
    text = "The partner entry was removed from this fleet."
    return redirect_with_flash(request, _page(request, fleet_id), Flash("success", text))


def _page(request: Request, fleet_id: int, link: int | None = None) -> str:
    url = request.app.url_path_for("partners", fleet_id=str(fleet_id))
    return f"{url}?link={link}#invitation-link" if link is not None else url


def _inline_svg(url: str) -> Markup:
    svg = qr_svg(url)
    svg = svg[svg.index("<svg") :].replace(
        "<svg ", '<svg role="img" aria-label="QR code of the invitation link" ', 1
    )
    # Safe to mark: qrcode drew it from our own link, and no user text is inside.
    return Markup(svg)
