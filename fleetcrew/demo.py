"""The demo on the command line: its password, seeding it, and telling the user how to sign in."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from core.container import Services
from core.services.demo import DemoSeed, has_demo_manager, has_providers, seed_demo
from core.settings import Settings

PASSWORD_FILE = "demo_password"


def demo_password(settings: Settings) -> str:
    """FLEETCREW_DEMO_PASSWORD, else one generated once and kept in var_dir, so it never changes."""
    if settings.demo_password is not None:
        return settings.demo_password.get_secret_value()
    path: Path = settings.var_dir / PASSWORD_FILE
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(12)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
        file.write(password + "\n")
    return password


async def seed(services: Services, password: str) -> DemoSeed:
    """Seed the demo data (idempotent)."""
    async with services.uow() as uow:
        return await seed_demo(
            uow,
            services.passwords,
            links=services.links,
            password=password,
            sender=services.settings.smtp_from,
        )


async def seed_if_demo_database(services: Services, password: str) -> DemoSeed | None:
    """Seed into an empty database, or top up one that already holds the demo; else None."""
    async with services.uow.read_only() as uow:
        wanted = not await has_providers(uow) or await has_demo_manager(uow)
    return await seed(services, password) if wanted else None


def admin_web_url(settings: Settings) -> str:
    """Where a browser on this machine reaches the admin web."""
    if settings.public_url is not None:
        return str(settings.public_url)
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{settings.port}/"


def print_credentials(settings: Settings, seeded: DemoSeed, password: str) -> None:
    """Tell the user where to go and how to sign in as the demo manager."""
    state = "created" if seeded.created else "already there"
    print(f"Demo data: {state}.")
    print(f"  Admin web: {admin_web_url(settings)}")
    print(f"  E-mail:    {seeded.manager_email}")
    print(f"  Password:  {password}")
    if settings.sandbox_enabled:
        sandbox = admin_web_url(settings).rstrip("/") + "/sandbox"
        print(f"  Telegram:  {sandbox} (the local sandbox: be Petra Admin, Tom or Tina)")
    print(end="", flush=True)
