"""The invitation e-mail: provider, fleet, the deep link and its QR code as an inline PNG."""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape

from core.mail import LinkInMail, Mailer
from core.mail.blanking import QR_FILENAME
from core.moments import show_moment
from core.qr import qr_png
from core.views import InvitationLink


def invitation_subject(link: InvitationLink) -> str:
    """The subject line of an invitation e-mail."""
    return f"{link.provider_name} invites you to service the fleet {link.fleet_name}"


def compose_invitation_mail(link: InvitationLink, *, sender: str, now: datetime) -> EmailMessage:
    """The invitation as plain text and HTML, the HTML showing the link's QR code inline."""
    message = EmailMessage()
    message["Subject"] = invitation_subject(link)
    message["From"] = sender
    message["To"] = link.email
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=_domain_of(message))
    message.set_content(_text_body(link))
    cid = make_msgid(domain="fleetcrew.invalid")
    message.add_alternative(_html_body(link, cid[1:-1]), subtype="html")
    html_part = message.get_body(preferencelist=("html",))
    assert html_part is not None
    html_part.add_related(
        qr_png(link.url),
        maintype="image",
        subtype="png",
        cid=cid,
        filename=QR_FILENAME,
        disposition="inline",
    )
    return message


async def send_invitation_mail(
    mailer: Mailer, link: InvitationLink, *, sender: str, now: datetime
) -> None:
    """Compose the invitation e-mail and hand it to the mailer (raises MailNotSent)."""
    await mailer.send(
        compose_invitation_mail(link, sender=sender, now=now),
        fleet_id=link.fleet_id,
        link=link_in_mail(link),
    )


def link_in_mail(link: InvitationLink) -> LinkInMail:
    """What the outbox keeps of the invitation link a mail holds."""
    return LinkInMail(token_hash=link.link_hash, expires_at=link.expires_at)


def _domain_of(message: EmailMessage) -> str:
    addresses: tuple[Address, ...] = getattr(message["From"], "addresses", ())
    domain = addresses[0].domain if addresses else ""
    return domain or "fleetcrew.invalid"


def _expiry(link: InvitationLink) -> str:
    return show_moment(link.expires_at, link.time_zone)


def _override_sentence(link: InvitationLink) -> str:
    if link.allow_override:
        return "Your technicians may override the job configuration and data in this fleet."
    return "Your technicians follow each job's configuration exactly as the fleet manager set it."


def _text_body(link: InvitationLink) -> str:
    return (
        f"Hello,\n\n"
        f"{link.provider_name} invites your company to install and maintain CloudBoxx "
        f"telematics units in its fleet {link.fleet_name}, with FleetCrew.\n\n"
        f"{_override_sentence(link)}\n\n"
        f"Open this link on the phone that has Telegram to accept or decline:\n"
        f"{link.url}\n\n"
        f"The link works once and is valid until {_expiry(link)}. The HTML version of this "
        f"e-mail shows it as a QR code, to scan with the phone's camera.\n\n"
        f"If you did not expect this invitation, ignore this e-mail.\n"
    )


def _html_body(link: InvitationLink, cid: str) -> str:
    provider, fleet, url = escape(link.provider_name), escape(link.fleet_name), escape(link.url)
    return f"""\
<!DOCTYPE html>
<html lang="en">
<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em;">
<p>Hello,</p>
<p><strong>{provider}</strong> invites your company to install and maintain CloudBoxx
telematics units in its fleet <strong>{fleet}</strong>, with FleetCrew.</p>
<p>{escape(_override_sentence(link))}</p>
<p><a href="{url}">Accept or decline in Telegram</a></p>
<p>Or scan this code with the phone that has Telegram:</p>
<p><img src="cid:{escape(cid)}" alt="QR code of the invitation link" width="240" height="240"></p>
<p>The link works once and is valid until {escape(_expiry(link))}:<br>
<a href="{url}">{url}</a></p>
<p style="color: #666;">If you did not expect this invitation, ignore this e-mail.</p>
</body>
</html>
"""
