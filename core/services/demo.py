"""Demo data: a provider, its manager, a partner with a team, an invitation, templates and jobs.

Two ways to seed. `seed_demo` is idempotent: whatever is missing is created, always with the
same names, ids and settings; what exists is left as it is (only a demo manager whose password
no longer matches gets the configured one back). A demo fleet's jobs count as missing only while
the fleet has no job at all, so seeding again never plans a second batch. `seed_demo_once` seeds
an empty database and, once the demo was seeded (its `demo.seeded` audit event says so), never
again: what a user deleted stays deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, or_, select

from core.actors import TeamRole
from core.db.models import (
    AuditEvent,
    Fleet,
    FleetConnection,
    ManagerFleet,
    Organization,
    ServicePartner,
    Technician,
    TelegramChat,
)
from core.db.models import Manager as ManagerRow
from core.db.uow import UnitOfWork
from core.errors import InvalidInput
from core.links import DeepLinks
from core.mail.invitation import compose_invitation_mail, link_in_mail
from core.passwords import MIN_PASSWORD_LENGTH, Passwords
from core.photo_store import PhotoStore
from core.services.audit import record_event
from core.services.demo_jobs import seed_jobs, seed_templates
from core.services.demo_work import seed_work
from core.services.organizations import ensure_organization
from core.services.outbox import keep_mail
from core.services.partners import invitation_link, issue_invitation_link
from core.status import InvitationStatus

DEMO_PROVIDER = "Demo Mobility"
DEMO_TIME_ZONE = "Europe/Berlin"
DEMO_OVERRIDE = {"Berlin": False, "Munich": True}  # fleet name -> partner may override
DEMO_MANAGER_EMAIL = "manager@demo.test"
DEMO_PARTNER_NAME = "Demo Installers"
DEMO_PARTNER_CODE = "DEMO1"
DEMO_PARTNER_EMAIL = "installers@demo.test"
DEMO_TEAM = (
    (700001, TeamRole.PARTNER_ADMIN, "Petra Admin"),
    (700002, TeamRole.TECHNICIAN, "Tom Technician"),
    (700003, TeamRole.TECHNICIAN, "Tina Technician"),
)
DEMO_INVITATION_EMAIL = "newpartner@demo.test"
DEMO_INVITATION_FLEET = "Berlin"
DEMO_WORK_FLEET = "Berlin"  # where Tom has a job under way, one done and one failed
SEED_ACTOR = "system:demo-seed"
SEEDED = "demo.seeded"
DEMO_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class DemoSeed:
    """The outcome of seeding: whom to sign in as, and whether anything was new."""

    manager_email: str
    created: bool


async def has_providers(uow: UnitOfWork) -> bool:
    """Whether any mobility provider exists yet (the demo is only seeded into an empty database)."""
    return bool(await uow.session.scalar(select(exists().select_from(Organization))))


async def was_seeded(uow: UnitOfWork) -> bool:
    """Whether the demo was ever seeded into this database, whatever was deleted since."""
    return bool(await uow.session.scalar(select(exists().where(AuditEvent.action == SEEDED))))


async def seed_demo_once(
    uow: UnitOfWork,
    passwords: Passwords,
    *,
    links: DeepLinks,
    password: str,
    sender: str,
    photos: PhotoStore | None = None,
) -> DemoSeed | None:
    """Seed the demo into an empty database; None when it holds other providers and no demo.

    Once seeded, nothing is recreated; only the demo manager, while there, keeps the
    configured password, so the password FleetCrew prints is the one that signs in.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"The demo password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if await was_seeded(uow):
        manager = await uow.session.scalar(
            select(ManagerRow)
            .join(Organization)
            .where(ManagerRow.email == DEMO_MANAGER_EMAIL, Organization.name == DEMO_PROVIDER)
        )
        if manager is not None and not await passwords.verify(manager.password_hash, password):
            manager.password_hash = passwords.hash(password)
            await uow.commit()
        return DemoSeed(manager_email=DEMO_MANAGER_EMAIL, created=False)
    if await has_providers(uow):
        return None
    return await seed_demo(
        uow, passwords, links=links, password=password, sender=sender, photos=photos
    )


async def seed_demo(
    uow: UnitOfWork,
    passwords: Passwords,
    *,
    links: DeepLinks,
    password: str,
    sender: str,
    photos: PhotoStore | None = None,
) -> DemoSeed:
    """Create whatever of the demo data is missing; running it again changes nothing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"The demo password needs at least {MIN_PASSWORD_LENGTH} characters.")
    organization_id, created = await ensure_organization(
        uow, DEMO_PROVIDER, list(DEMO_OVERRIDE), DEMO_TIME_ZONE
    )
    fleet_rows = list(
        await uow.session.scalars(
            select(Fleet).where(Fleet.organization_id == organization_id).order_by(Fleet.id)
        )
    )
    fleets = {fleet.name: fleet.id for fleet in fleet_rows}
    manager_id, manager_created = await _manager(uow, passwords, organization_id, fleets, password)
    created |= manager_created
    created |= await _partner(uow, fleets)
    created |= await _pending_invitation(
        uow, links, fleets[DEMO_INVITATION_FLEET], manager_id, sender
    )
    for fleet in (fleet for fleet in fleet_rows if fleet.name in DEMO_OVERRIDE):
        templates, templates_created = await seed_templates(uow, fleet, actor=SEED_ACTOR)
        created |= templates_created
        jobs_created = await seed_jobs(
            uow,
            fleet,
            templates=templates,
            partner_code=DEMO_PARTNER_CODE,
            created_by_id=manager_id,
            actor=SEED_ACTOR,
        )
        created |= jobs_created
        if jobs_created and fleet.name == DEMO_WORK_FLEET:
            partner_id = await uow.session.scalar(
                select(ServicePartner.id).where(ServicePartner.partner_code == DEMO_PARTNER_CODE)
            )
            if partner_id is not None:
                await seed_work(uow, fleet, partner_id=partner_id, photos=photos)
    if created:
        record_event(
            uow, actor=SEED_ACTOR, action=SEEDED, subject=f"organization:{organization_id}"
        )
    await uow.commit()
    return DemoSeed(manager_email=DEMO_MANAGER_EMAIL, created=created)


async def _manager(
    uow: UnitOfWork,
    passwords: Passwords,
    organization_id: int,
    fleets: dict[str, int],
    password: str,
) -> tuple[int | None, bool]:
    manager = await uow.session.scalar(
        select(ManagerRow).where(ManagerRow.email == DEMO_MANAGER_EMAIL)
    )
    if manager is not None and manager.organization_id != organization_id:
        return None, False  # the address belongs to a real provider's manager: leave it be
    created = manager is None
    if manager is None:
        manager = ManagerRow(
            organization_id=organization_id,
            email=DEMO_MANAGER_EMAIL,
            password_hash=passwords.hash(password),
            created_at=uow.clock.now(),
        )
        uow.session.add(manager)
        await uow.session.flush()
    elif not await passwords.verify(manager.password_hash, password):
        manager.password_hash = passwords.hash(password)
    managed = set(
        await uow.session.scalars(
            select(ManagerFleet.fleet_id).where(ManagerFleet.manager_id == manager.id)
        )
    )
    missing = [fleet_id for fleet_id in fleets.values() if fleet_id not in managed]
    uow.session.add_all(ManagerFleet(manager_id=manager.id, fleet_id=f) for f in missing)
    return manager.id, created or bool(missing)


async def _partner(uow: UnitOfWork, fleets: dict[str, int]) -> bool:
    now = uow.clock.now()
    partner = await uow.session.scalar(
        select(ServicePartner).where(ServicePartner.partner_code == DEMO_PARTNER_CODE)
    )
    created = partner is None
    if partner is None:
        partner = ServicePartner(
            partner_code=DEMO_PARTNER_CODE, name=DEMO_PARTNER_NAME, created_at=now
        )
        uow.session.add(partner)
        await uow.session.flush()
    for fleet_name, allow_override in DEMO_OVERRIDE.items():
        fleet_id = fleets[fleet_name]
        taken = await uow.session.scalar(
            select(
                exists().where(
                    FleetConnection.fleet_id == fleet_id,
                    or_(
                        FleetConnection.partner_id == partner.id,
                        FleetConnection.email == DEMO_PARTNER_EMAIL,
                    ),
                )
            )
        )
        if taken:
            continue
        created = True
        uow.session.add(
            FleetConnection(
                fleet_id=fleet_id,
                email=DEMO_PARTNER_EMAIL,
                status=InvitationStatus.ACCEPTED,
                allow_override=allow_override,
                partner_id=partner.id,
                invited_at=now,
                answered_at=now,
            )
        )
    known = set(
        await uow.session.scalars(
            select(Technician.telegram_user_id).where(
                Technician.telegram_user_id.in_([user_id for user_id, _, _ in DEMO_TEAM])
            )
        )
    )
    for user_id, role, name in DEMO_TEAM:
        if await uow.session.get(TelegramChat, user_id) is None:
            uow.session.add(
                TelegramChat(id=user_id, name=name, language=DEMO_LANGUAGE, first_seen_at=now)
            )
        if user_id in known:
            continue
        created = True
        uow.session.add(
            Technician(
                telegram_user_id=user_id,
                partner_id=partner.id,
                role=role,
                display_name=name,
                joined_at=now,
            )
        )
    await uow.session.flush()
    return created


async def _pending_invitation(
    uow: UnitOfWork, links: DeepLinks, fleet_id: int, manager_id: int | None, sender: str
) -> bool:
    there = await uow.session.scalar(
        select(
            exists().where(
                FleetConnection.fleet_id == fleet_id,
                FleetConnection.email == DEMO_INVITATION_EMAIL,
            )
        )
    )
    if there:
        return False
    invitation = FleetConnection(
        fleet_id=fleet_id,
        email=DEMO_INVITATION_EMAIL,
        status=InvitationStatus.PENDING,
        allow_override=False,
        invited_by_id=manager_id,
    )
    now = uow.clock.now()
    link = issue_invitation_link(invitation, links, now)
    uow.session.add(invitation)
    await uow.session.flush()
    # Its mail waits in the outbox, as an invitation's would without an SMTP server; the demo
    # mails nobody, since its addresses are not real ones.
    fleet = await uow.session.get_one(Fleet, fleet_id)
    provider = await uow.session.get_one(Organization, fleet.organization_id)
    view = invitation_link(invitation, link, fleet, provider)
    message = compose_invitation_mail(view, sender=sender, now=now)
    await keep_mail(uow, message, fleet_id=fleet_id, link=link_in_mail(view))
    return True
