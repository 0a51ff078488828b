"""The running FleetCrew: picks the concrete implementations and serves them in one event loop."""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager

import uvicorn

from admin_web.app import create_app
from cloudboxx import BoxGateway
from core.catalogue import ModelCatalogue
from core.clock import SystemClock
from core.container import Services
from core.db.engine import create_engine
from core.db.migrate import migrate
from core.db.uow import UnitOfWorkFactory
from core.links import DeepLinks
from core.mail import Mailer
from core.mail.outbox import OutboxMailer
from core.mail.smtp import SmtpMailer
from core.passwords import Passwords
from core.photo_store import FilePhotoStore
from core.settings import Settings, ensure_sandbox_is_safe
from fleetcrew.box_sender import BoxSender
from fleetcrew.boxes import build_box_gateway
from fleetcrew.links import start_url
from fleetcrew.scheduler import build_scheduler
from fleetcrew.telegram import build_telegram

GRACEFUL_SHUTDOWN_SECONDS = 3
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

Prepare = Callable[[Services], Awaitable[None]]
log = logging.getLogger(__name__)


def build_services(settings: Settings, boxes: BoxGateway, *, links_start_url: str) -> Services:
    """The Services for these settings: database, clock, links, mailer, passwords, boxes, photos."""
    engine = create_engine(settings.database_url.get_secret_value())
    clock = SystemClock()
    uow = UnitOfWorkFactory(engine, clock)
    links = DeepLinks(
        links_start_url, invitation_ttl=settings.invitation_ttl, team_ttl=settings.team_link_ttl
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
        catalogue=ModelCatalogue(boxes, clock),
        photos=FilePhotoStore(settings.photos_dir),
    )


@asynccontextmanager
async def running_services(settings: Settings) -> AsyncIterator[Services]:
    """The Services, with the database engine and the box gateway closed on leaving.

    Asks Telegram for the bot's username first when a token is set (links lead to that bot).
    """
    links_start_url = await start_url(settings)
    async with AsyncExitStack() as stack:
        boxes, close_boxes = build_box_gateway(settings)
        stack.push_async_callback(close_boxes)
        services = build_services(settings, boxes, links_start_url=links_start_url)
        stack.push_async_callback(services.uow.engine.dispose)
        yield services


@asynccontextmanager
async def opened_database(settings: Settings) -> AsyncIterator[UnitOfWorkFactory]:
    """Units of work on the migrated database, for commands that need no links and no boxes."""
    engine = create_engine(settings.database_url.get_secret_value())
    try:
        await migrate(engine)
        yield UnitOfWorkFactory(engine, SystemClock())
    finally:
        await engine.dispose()


def configure_logging() -> None:
    """Log to the console at INFO; httpx at WARNING, since its request lines carry the bot token."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-7s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # Every run of every job would be two INFO lines; failures still show (and ours say more).
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


async def serve(
    settings: Settings,
    *,
    sockets: list[socket.socket] | None = None,
    prepare: Prepare | None = None,
) -> None:
    """Migrate the database, then serve the admin web and run the bot and the scheduler.

    With sockets (already bound), serve on them instead of FLEETCREW_HOST:FLEETCREW_PORT.
    prepare runs after the migration, before anything is served (the demo seeds itself there).
    """
    ensure_sandbox_is_safe(settings)
    configure_logging()
    async with running_services(settings) as services:
        await migrate(services.uow.engine)
        if prepare is not None:
            await prepare(services)
        app = create_app(services)
        telegram = build_telegram(settings, services)
        app.router.routes.extend(telegram.routes)
        scheduler = build_scheduler(services)
        box_sender = BoxSender(services)
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
            scheduler.start()
            box_sender.start()
            jobs = ", ".join(job.name for job in scheduler.get_jobs())
            log.info("The scheduler runs: %s.", jobs)
            await WebServer(config, stopping=telegram.stop_web_chat).serve(sockets=sockets)
        finally:
            if scheduler.running:
                scheduler.shutdown(wait=False)
            await box_sender.stop()
            await telegram.stop()


class WebServer(uvicorn.Server):
    """uvicorn's server, which tells FleetCrew when it begins to stop."""

    def __init__(self, config: uvicorn.Config, *, stopping: Callable[[], None]) -> None:
        super().__init__(config)
        self._stopping = stopping

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """End what would hold the graceful shutdown (the web chat's long polls), then stop."""
        self._stopping()
        await super().shutdown(sockets)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Ctrl-C or SIGTERM stops serving; unlike uvicorn, the signal is not raised again after.

        Raised again, asyncio.run would cancel the rest of FleetCrew's shutdown (the bot, the
        sandbox's state file) half-way through.
        """
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
