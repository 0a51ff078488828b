"""The card that shows a link once: the link, its QR code, and the QR code as a PNG.

An invitation link, or a manager's link to their own Telegram account.

Everything is drawn from the link the redirect carried (admin_web/flash.py); nothing is served
later, because nothing could rebuild the link: the PNG to download is a data: URI on the page.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from markupsafe import Markup

from admin_web.downloads import name_part
from core.manager_views import ManagerTelegramLink
from core.qr import qr_png, qr_svg
from core.views import InvitationLink


@dataclass(frozen=True, slots=True)
class LinkCard:
    """What the page needs to show one freshly issued invitation link."""

    link: InvitationLink
    qr: Markup
    png_data_uri: str
    download_name: str


def link_card(link: InvitationLink) -> LinkCard:
    """The card of a link just issued: inline SVG to scan, a PNG to download, its file name."""
    return LinkCard(
        link=link,
        qr=_inline_svg(link.url, "QR code of the invitation link"),
        png_data_uri=_png_data_uri(link.url),
        download_name=download_name(link.email, link.fleet_name),
    )


@dataclass(frozen=True, slots=True)
class TelegramLinkCard:
    """What the page needs to show a manager's fresh link to their own Telegram account."""

    link: ManagerTelegramLink
    qr: Markup
    png_data_uri: str


def telegram_link_card(link: ManagerTelegramLink) -> TelegramLinkCard:
    """The card of a manager's Telegram link just issued, to open on the phone or scan."""
    return TelegramLinkCard(
        link=link,
        qr=_inline_svg(link.url, "QR code of the link to your Telegram account"),
        png_data_uri=_png_data_uri(link.url),
    )


def _png_data_uri(url: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode()


def download_name(partner: str, fleet: str) -> str:
    """`fleetcrew-invitation-<partner>-<fleet>.png`, in letters and digits a file system takes."""
    partner_part = name_part(partner, default="unnamed")
    return f"fleetcrew-invitation-{partner_part}-{name_part(fleet, default='unnamed')}.png"


def _inline_svg(url: str, label: str) -> Markup:
    svg = qr_svg(url)
    svg = svg[svg.index("<svg") :].replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    # Safe to mark: qrcode drew it from our own link, and no user text is inside.
    return Markup(svg)
