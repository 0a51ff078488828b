"""The running FleetCrew: picks the concrete implementations and serves them in one event loop."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import uvicorn

from admin_web.app import create_app
from cloudboxx import BoxGateway
from core.clock import SystemClock
from core.container import Services
from core.db.engine import create_engine
from core.db.migrate import migrate
from core.db.uow import UnitOfWorkFactory
from core.links import DeepLinks, telegram_start_url
from core.mail import Mailer
from core.mail.outbox import OutboxMailer
from core.mail.smtp import SmtpMailer
from core.passwords import Passwords
from core.settings import Settings
from fleetcrew.boxes import build_box_gateway
from fleetcrew.telegram import build_telegram

GRACEFUL_SHUTDOWN_SECONDS = 3  # long polls of the sandbox's chat would otherwise hold shutdown


def build_services(settings: Settings, boxes: BoxGateway) -> Services:
    """The Services for these settings: database, clock, links, mailer, passwords, box gateway."""
    engine = create_engine(settings.database_url.get_secret_value())
    clock = SystemClock()
    uow = UnitOfWorkFactory(engine, clock)
    links = DeepLinks(
        telegram_start_url(settings.telegram_bot_username),
        invitation_ttl=settings.invitation_ttl,
        team_ttl=settings.team_link_ttl,
    )
    mailer: Mailer = SmtpMailer(settings) if settings.smtp_host else OutboxMailer(uow)
    return Services(
        settings=settings,
        clock=clock,
        uow=uow,
        links=links,
        mailer=mailer,
        passwords=Passwords(),
        boxes=boxes,
    )


@asynccontextmanager
async def running_services(settings: Settings) -> AsyncIterator[Services]:
    """The Services, with the database engine and the box gateway closed on leaving."""
    async with AsyncExitStack() as stack:
        boxes, close_boxes = build_box_gateway(settings)
        stack.push_async_callback(close_boxes)
        services = build_services(settings, boxes)
        stack.push_async_callback(services.uow.engine.dispose)
        yield services


def configure_logging() -> None:
    """Log to the console at INFO; httpx at WARNING, since its request lines carry the bot token."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-7s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


async def serve(settings: Settings, *, sockets: list[socket.socket] | None = None) -> None:
    """Migrate the database, then serve the admin web and run the bot until told to stop.

    With sockets (already bound), serve on them instead of FLEETCREW_HOST:FLEETCREW_PORT.
    """
    configure_logging()
    async with running_services(settings) as services:
        await migrate(services.uow.engine)
        app = create_app(services)
        telegram = build_telegram(settings, services)
        app.router.routes.extend(telegram.routes)
        config = uvicorn.Config(
            app,
            host=settings.host,
            port=settings.port,
            log_level="info",
            log_config=None,
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        )
        try:
            await telegram.start()
            await uvicorn.Server(config).serve(sockets=sockets)
        finally:
            await telegram.stop()
