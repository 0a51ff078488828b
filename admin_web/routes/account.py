"""The signed-in manager's own Telegram account: link it (a link and QR code, shown once), unlink
it, and switch the daily summary on or off.

Linked, FleetCrew tells the manager there of every failed job of their fleets. The link is
shown only right after it is issued: the redirect carries it in the flash cookie.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from admin_web.deps import ManagerDep, ServicesDep, SessionDep
from admin_web.flash import Flash, read_flash, redirect_with_flash
from admin_web.form_text import TextFormRoute
from admin_web.link_card import telegram_link_card
from admin_web.pages import render_page
from core.services import accounts, manager_telegram

router = APIRouter(prefix="/account/telegram", route_class=TextFormRoute)


@router.get("", name="account_telegram")
async def show_telegram(request: Request, services: ServicesDep, session: SessionDep) -> Response:
    """Whether the manager's Telegram is linked; a link issued just now, once."""
    async with services.uow.read_only() as uow:
        telegram = await manager_telegram.show_manager_telegram(uow, session.manager)
        me = await accounts.describe_manager(uow, session.manager)
    flash = read_flash(request)
    link = flash.telegram_link if flash else None
    return render_page(
        request,
        "account_telegram.html",
        {
            "me": me,
            "current_fleet": None,
            "csrf_token": session.csrf_token,
            "active": "account_telegram",
            "telegram": telegram,
            "card": telegram_link_card(link) if link else None,
            "summary_hour": manager_telegram.SUMMARY_HOUR,
        },
    )


@router.post("/link", name="link_telegram")
async def link_telegram(request: Request, services: ServicesDep, manager: ManagerDep) -> Response:
    """Issue a new link to the manager's Telegram account and show it with its QR code."""
    async with services.uow() as uow:
        link = await manager_telegram.issue_telegram_link(uow, manager, links=services.links)
    text = "Open the link below on your phone, or scan its QR code, and tap Start in Telegram."
    return redirect_with_flash(request, _page(request), Flash("success", text, telegram_link=link))


@router.post("/unlink", name="unlink_telegram")
async def unlink_telegram(request: Request, services: ServicesDep, manager: ManagerDep) -> Response:
    """Unlink the manager's Telegram account: FleetCrew writes nothing more there."""
    async with services.uow() as uow:
        await manager_telegram.unlink_telegram_account(uow, manager)
    text = "Your Telegram account is unlinked; FleetCrew will not write to it any more."
    return redirect_with_flash(request, _page(request), Flash("success", text))


@router.post("/summary", name="set_daily_summary")
async def set_daily_summary(
    request: Request,
    services: ServicesDep,
    manager: ManagerDep,
    daily_summary: Annotated[bool, Form()] = False,
) -> Response:
    """Switch the daily summary in Telegram on or off."""
    async with services.uow() as uow:
        await manager_telegram.set_daily_summary(uow, manager, on=daily_summary)
    text = (
        f"You will get a summary of your fleets' day in Telegram every evening after "
        f"{manager_telegram.SUMMARY_HOUR}:00."
        if daily_summary
        else "The daily summary is switched off."
    )
    return redirect_with_flash(request, _page(request), Flash("success", text))


def _page(request: Request) -> str:
    return str(request.app.url_path_for("account_telegram"))
