"""Services: what the bot, the admin web and the scheduler are handed by the composition root."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from cloudboxx import BoxGateway
from core.catalogue import ModelCatalogue
from core.clock import Clock, Sleep
from core.db.uow import UnitOfWorkFactory
from core.links import DeepLinks
from core.mail import Mailer
from core.passwords import Passwords
from core.photo_store import PhotoStore
from core.settings import Settings


@dataclass(frozen=True, slots=True)
class Services:
    """The running FleetCrew's collaborators, chosen once by fleetcrew/ and passed down."""

    settings: Settings
    clock: Clock
    uow: UnitOfWorkFactory
    links: DeepLinks
    mailer: Mailer
    passwords: Passwords
    boxes: BoxGateway
    catalogue: ModelCatalogue  # the gateway's vehicle models, asked for once a minute
    photos: PhotoStore  # the job photos technicians send, stored once each
    sleep: Sleep = asyncio.sleep  # waits that tests take without waiting (ManualClock.sleep)
