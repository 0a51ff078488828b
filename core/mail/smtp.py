"""The SMTP mailer: sends through the configured server with aiosmtplib."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import aiosmtplib

from core.mail import LinkInMail, MailNotSent
from core.settings import Settings

SMTP_TIMEOUT_SECONDS = 10.0
IMPLICIT_TLS_PORT = 465

log = logging.getLogger(__name__)


class SmtpMailer:
    """A Mailer that delivers through FLEETCREW_SMTP_HOST; implicit TLS on 465, else STARTTLS."""

    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host:
            raise ValueError("SmtpMailer needs FLEETCREW_SMTP_HOST")
        self._host = settings.smtp_host
        self._port = settings.smtp_port
        self._username = settings.smtp_username
        self._password = settings.smtp_password

    async def send(
        self, message: EmailMessage, *, fleet_id: int | None, link: LinkInMail | None = None
    ) -> None:
        """Deliver the message, or raise MailNotSent saying what went wrong (never a secret)."""
        implicit_tls = self._port == IMPLICIT_TLS_PORT
        try:
            await aiosmtplib.send(
                message,
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password.get_secret_value() if self._password else None,
                use_tls=implicit_tls,
                # None: upgrade with STARTTLS whenever the server offers it.
                start_tls=False if implicit_tls else None,
                timeout=SMTP_TIMEOUT_SECONDS,
            )
        except aiosmtplib.SMTPAuthenticationError:
            raise self._failed("refused the SMTP user name or password") from None
        except aiosmtplib.SMTPRecipientsRefused:
            raise self._failed(f"refused the recipient {message['To']}") from None
        except (aiosmtplib.SMTPConnectError, TimeoutError, OSError) as exc:
            log.warning("SMTP server unreachable: %s", type(exc).__name__)
            raise self._failed("could not be reached or did not answer in time") from None
        except aiosmtplib.SMTPResponseException as exc:
            raise self._failed(f"refused the e-mail (SMTP {exc.code})") from None
        except aiosmtplib.SMTPException as exc:
            log.warning("SMTP delivery failed: %s", type(exc).__name__)
            raise self._failed("could not take the e-mail") from None

    def _failed(self, what: str) -> MailNotSent:
        return MailNotSent(f"the mail server {self._host}:{self._port} {what}")
