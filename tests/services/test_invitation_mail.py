"""The invitation e-mail: sent through SMTP to a local sink, or kept in the outbox."""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import AsyncIterator, Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
import zxingcpp
from aiosmtpd.smtp import SMTP, Envelope, Session
from PIL import Image

from core.actors import Manager
from core.db.uow import UnitOfWorkFactory
from core.errors import NotFound
from core.links import DeepLinks
from core.mail import MailNotSent
from core.mail.invitation import compose_invitation_mail, send_invitation_mail
from core.mail.outbox import OutboxMailer
from core.mail.smtp import SmtpMailer
from core.passwords import Passwords
from core.services import partners
from core.services.outbox import list_outbox
from core.settings import Settings, load_settings
from core.views import InvitationLink
from tests.conftest import START
from tests.factories import make_manager

SENDER = "FleetCrew <fleetcrew@example.com>"
PARTNER = "partner@example.com"


class Sink:
    """An aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


@pytest.fixture
async def sink() -> AsyncIterator[tuple[Sink, int]]:
    """An SMTP server in the test's own event loop, on a port the system picks."""
    handler = Sink()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", 0)
    yield handler, int(server.sockets[0].getsockname()[1])
    server.close()
    await server.wait_closed()


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port that is bound but not listening, so connecting to it is refused at once."""
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        yield int(reserved.getsockname()[1])


@pytest.fixture
async def manager(uow: UnitOfWorkFactory, passwords: Passwords, fleets: dict[str, int]) -> Manager:
    return await make_manager(
        uow, passwords, organization_id=fleets["organization"], fleet_ids=[fleets["Munich"]]
    )


@pytest.fixture
async def invitation(
    uow: UnitOfWorkFactory, manager: Manager, links: DeepLinks, fleets: dict[str, int]
) -> InvitationLink:
    async with uow() as work:
        return await partners.invite_partner(
            work,
            manager,
            fleet_id=fleets["Munich"],
            email=PARTNER,
            allow_override=True,
            links=links,
        )


def smtp_settings(tmp_path: Path, port: int, **more: object) -> Settings:
    return load_settings(
        var_dir=tmp_path / "var", smtp_host="127.0.0.1", smtp_port=port, smtp_from=SENDER, **more
    )


def parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def body(message: EmailMessage, kind: str) -> str:
    part = message.get_body(preferencelist=(kind,))
    assert part is not None, f"no {kind} part"
    return str(part.get_content())


async def test_invitation_email_reaches_the_smtp_server_with_link_and_qr_code(
    sink, tmp_path, invitation, fleets
):
    handler, port = sink
    settings = smtp_settings(tmp_path, port)

    await send_invitation_mail(
        SmtpMailer(settings),
        invitation,
        sender=settings.smtp_from,
        now=START,
    )

    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == [PARTNER]
    assert envelope.mail_from == "fleetcrew@example.com"
    message = parse(envelope.original_content or b"")
    assert message["To"] == PARTNER
    assert message["Subject"] == "Demo Mobility invites you to service the fleet Munich"
    assert message["Date"].datetime == START
    text, html = body(message, "plain"), body(message, "html")
    for content in (text, html):
        assert invitation.url in content
        assert "Demo Mobility" in content
        assert "Munich" in content
        assert "override the job configuration" in content
    [png] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    content_id = str(png["Content-ID"]).strip("<>")
    assert f'src="cid:{content_id}"' in html
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.get_content())))
    assert code.text == invitation.url


async def test_unreachable_smtp_server_raises_mail_not_sent_without_secrets(
    tmp_path, invitation, closed_port
):
    port = closed_port
    settings = smtp_settings(
        tmp_path, port, smtp_username="fleetcrew", smtp_password="smtp secret 42"
    )

    with pytest.raises(MailNotSent) as caught:
        await send_invitation_mail(
            SmtpMailer(settings),
            invitation,
            sender=SENDER,
            now=START,
        )

    assert f"127.0.0.1:{port}" in str(caught.value)
    assert "smtp secret 42" not in str(caught.value)


async def test_without_smtp_the_invitation_waits_in_the_outbox(uow, invitation, manager, fleets):
    await send_invitation_mail(OutboxMailer(uow), invitation, sender=SENDER, now=START)

    async with uow.read_only() as work:
        [kept] = await list_outbox(work, manager, fleet_id=fleets["Munich"])
    assert kept.recipient == PARTNER
    assert kept.subject == "Demo Mobility invites you to service the fleet Munich"
    assert invitation.url in kept.text_body
    assert kept.holds_link
    assert kept.link_end is None


async def test_outbox_of_a_fleet_holds_only_that_fleets_mails(uow, passwords, invitation, fleets):
    await send_invitation_mail(OutboxMailer(uow), invitation, sender=SENDER, now=START)
    both = await make_manager(
        uow,
        passwords,
        organization_id=fleets["organization"],
        fleet_ids=[fleets["Berlin"], fleets["Munich"]],
        email="both@demo.test",
    )

    async with uow.read_only() as work:
        assert await list_outbox(work, both, fleet_id=fleets["Berlin"]) == []
        assert len(await list_outbox(work, both, fleet_id=fleets["Munich"])) == 1


async def test_outbox_of_a_fleet_the_manager_does_not_manage_is_refused(
    uow, passwords, invitation, fleets
):
    await send_invitation_mail(OutboxMailer(uow), invitation, sender=SENDER, now=START)
    berlin_only = await make_manager(
        uow,
        passwords,
        organization_id=fleets["organization"],
        fleet_ids=[fleets["Berlin"]],
        email="berlin@demo.test",
    )

    async with uow.read_only() as work:
        with pytest.raises(NotFound):
            await list_outbox(work, berlin_only, fleet_id=fleets["Munich"])


@pytest.mark.parametrize(
    ("allow_override", "sentence"),
    [
        (True, "may override the job configuration and data"),
        (False, "follow each job's configuration exactly"),
    ],
)
def test_invitation_email_says_whether_override_is_granted(allow_override, sentence):
    link = InvitationLink(
        connection_id=1,
        email=PARTNER,
        url="https://t.me/FleetCrewTestBot?start=inv_" + "A" * 32,
        link_hash="0" * 64,
        expires_at=START,
        provider_name="Bits & Bolts <Mobility>",
        fleet_id=1,
        fleet_name="Berlin",
        time_zone="Europe/Berlin",
        allow_override=allow_override,
    )

    message = compose_invitation_mail(link, sender=SENDER, now=START)

    assert sentence in body(message, "plain")
    html = body(message, "html")
    assert sentence.replace("'", "&#x27;") in html
    assert "Bits &amp; Bolts &lt;Mobility&gt;" in html
    assert "valid until 27 Nov 2026, 10:00 CET" in body(message, "plain")
    assert "valid until 27 Nov 2026, 10:00 CET" in html
