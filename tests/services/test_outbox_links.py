"""Kept e-mails hold live links only while the links work: once a link ends, it is blanked."""

from __future__ import annotations

from datetime import timedelta
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import select

from core.actors import TelegramUser
from core.clock import ManualClock
from core.container import Services
from core.db.models import OutboxMail
from core.mail.invitation import send_invitation_mail
from core.services import invitations, partners
from core.services.outbox import blank_expired_links, list_outbox
from core.status import LinkEnd
from core.views import InvitationLink
from tests.factories import database_contents, invite, token_of

ANNA = TelegramUser(id=4242, name="Anna Schmidt")


async def mailed_invitation(services: Services, manager, fleet_id: int) -> InvitationLink:
    link = await invite(services.uow, manager, services.links, fleet_id)
    await mail(services, link)
    return link


async def mail(services: Services, link: InvitationLink) -> None:
    await send_invitation_mail(
        services.mailer, link, sender="fleetcrew@test", now=services.clock.now()
    )


async def kept(services: Services, manager, fleet_id: int):
    async with services.uow.read_only() as work:
        return await list_outbox(work, manager, fleet_id=fleet_id)


async def test_a_mail_holds_its_live_link_and_qr_code(services, manager, fleets):
    link = await mailed_invitation(services, manager, fleets["Berlin"])

    (mail_view,) = await kept(services, manager, fleets["Berlin"])

    assert (mail_view.holds_link, mail_view.link_end) == (True, None)
    assert link.url in mail_view.text_body
    async with services.uow.read_only() as work:
        message = await work.session.scalar(select(OutboxMail.message))
    parsed = BytesParser(policy=policy.default).parsebytes(message)
    assert [p.get_filename() for p in parsed.walk() if p.get_content_maintype() == "image"] == [
        "invitation-qr.png"
    ]


async def test_resending_blanks_the_old_link_in_its_mail_and_keeps_the_rest(
    services, manager, fleets, clock: ManualClock
):
    old = await mailed_invitation(services, manager, fleets["Berlin"])
    clock.advance(timedelta(minutes=1))
    async with services.uow() as work:
        new = await partners.resend_invitation(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            connection_id=old.connection_id,
            links=services.links,
        )
    await mail(services, new)

    newest, oldest = await kept(services, manager, fleets["Berlin"])

    assert (newest.link_end, oldest.link_end) == (None, LinkEnd.REPLACED)
    assert new.url in newest.text_body
    assert old.url not in oldest.text_body
    assert "[link removed: a newer link replaced it]" in oldest.text_body
    assert "Demo Mobility invites your company" in oldest.text_body
    async with services.uow.read_only() as work:
        blanked = await work.session.scalar(select(OutboxMail.message).order_by(OutboxMail.id))
    parsed = BytesParser(policy=policy.default).parsebytes(blanked)
    assert token_of(old.url) not in blanked.decode("ascii", "replace")
    assert not [p for p in parsed.walk() if p.get_content_maintype() == "image"]
    html = parsed.get_body(preferencelist=("html",)).get_content()
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    assert "(QR code removed)" in html and "a newer link replaced it" in html
    assert token_of(old.url) not in html + text
    assert "[link removed: a newer link replaced it]" in text


@pytest.mark.parametrize(
    ("answer", "end"),
    [
        ("accept", LinkEnd.ANSWERED),
        ("decline", LinkEnd.ANSWERED),
        ("withdraw", LinkEnd.WITHDRAWN),
    ],
)
async def test_an_answered_or_withdrawn_invitation_blanks_its_mail(
    services, manager, fleets, answer, end
):
    link = await mailed_invitation(services, manager, fleets["Berlin"])
    token = token_of(link.url)

    async with services.uow() as work:
        if answer == "accept":
            await invitations.accept_invitation(work, ANNA, token=token, company_name="Anna GmbH")
        elif answer == "decline":
            await invitations.decline_invitation(work, ANNA, token=token)
        else:
            await partners.remove_partner_connection(
                work, manager, fleet_id=fleets["Berlin"], connection_id=link.connection_id
            )

    async with services.uow.read_only() as work:
        row = await work.session.scalar(select(OutboxMail))
        assert (row.link_end_reason, row.link_ended_at) == (end, services.clock.now())
        assert token not in row.text_body


async def test_the_sweep_blanks_links_once_they_expire(services, manager, fleets, clock):
    link = await mailed_invitation(services, manager, fleets["Berlin"])
    clock.advance(services.links.invitation_ttl - timedelta(seconds=1))
    before = await database_contents(services.uow)

    async with services.uow() as work:
        assert await blank_expired_links(work) == 0
    assert await database_contents(services.uow) == before

    clock.advance(timedelta(seconds=1))
    async with services.uow() as work:
        assert await blank_expired_links(work) == 1
    (mail_view,) = await kept(services, manager, fleets["Berlin"])
    assert mail_view.link_end == LinkEnd.EXPIRED
    assert token_of(link.url) not in mail_view.text_body


async def test_a_copy_of_the_database_opens_only_the_links_still_waiting_in_the_outbox(
    services, manager, fleets
):
    answered = await mailed_invitation(services, manager, fleets["Berlin"])
    waiting = await mailed_invitation(services, manager, fleets["Munich"])
    async with services.uow() as work:
        await invitations.decline_invitation(work, ANNA, token=token_of(answered.url))

    contents = await database_contents(services.uow)

    assert token_of(answered.url) not in repr(contents)
    holding = [t for t, rows in contents.items() if token_of(waiting.url) in repr(rows)]
    assert holding == ["outbox_mails"]


async def test_a_mail_kept_after_its_link_was_replaced_is_kept_blanked(services, manager, fleets):
    first = await invite(services.uow, manager, services.links, fleets["Berlin"])
    async with services.uow() as work:  # a second tab resends before the first tab's mail
        second = await partners.resend_invitation(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            connection_id=first.connection_id,
            links=services.links,
        )
    await mail(services, second)

    await mail(services, first)

    late, on_time = await kept(services, manager, fleets["Berlin"])
    assert (late.link_end, on_time.link_end) == (LinkEnd.REPLACED, None)
    assert token_of(first.url) not in late.text_body
    assert second.url in on_time.text_body
