"""Mailing an invitation after it is saved, and telling the manager how that went.

The message carries the link just issued, so the page it leads to can show it once.
"""

from __future__ import annotations

from admin_web.flash import Flash
from core.container import Services
from core.mail import MailNotSent
from core.mail.invitation import send_invitation_mail
from core.views import InvitationLink


async def mail_invitation(services: Services, link: InvitationLink, *, resent: bool) -> Flash:
    """Send the invitation e-mail; a failure is a warning, since the link can still be shared."""
    try:
        await send_invitation_mail(
            services.mailer, link, sender=services.settings.smtp_from, now=services.clock.now()
        )
    except MailNotSent as exc:
        return Flash(
            "warning",
            f"Invitation saved, but the e-mail could not be sent: {exc}; "
            "share the link below or resend.",
            link=link,
        )
    what = "A new invitation link" if resent else "The invitation"
    old = " The previous link no longer works." if resent else ""
    if services.settings.smtp_host is None:
        return Flash(
            "success",
            f"{what} for {link.email} is saved.{old} No SMTP server is configured, so the "
            "e-mail is kept in the Outbox; share the link below.",
            link=link,
        )
    return Flash("success", f"{what} was e-mailed to {link.email}.{old}", link=link)
