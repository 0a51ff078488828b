"""The demo on the command line: its password, seeding it, and telling the user how to sign in."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from core.container import Services
from core.services.demo import DemoSeed, seed_demo, seed_demo_once
from core.settings import ENV_PREFIX, Settings, admin_web_url

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
    """`seed-demo`: create whatever of the demo data is missing, also what was deleted."""
    async with services.uow() as uow:
        return await seed_demo(
            uow,
            services.passwords,
            links=services.links,
            password=password,
            sender=services.settings.smtp_from,
            photos=services.photos,
        )


async def seed_once(services: Services, password: str) -> None:
    """`run --demo`: seed an empty database once, then say so; a seeded demo is left as it is."""
    async with services.uow() as uow:
        seeded = await seed_demo_once(
            uow,
            services.passwords,
            links=services.links,
            password=password,
            sender=services.settings.smtp_from,
            photos=services.photos,
        )
    if seeded is None:
        print("The database already holds a mobility provider: no demo data seeded.", flush=True)
    else:
        print_credentials(services.settings, seeded, password)


def print_credentials(settings: Settings, seeded: DemoSeed, password: str) -> None:
    """Tell the user where to go and how to sign in as the demo manager."""
    state = "created" if seeded.created else "already there"
    print(f"Demo data: {state}.")
    print(f"  Admin web: {admin_web_url(settings)}")
    print(f"  E-mail:    {seeded.manager_email}")
    if settings.demo_password is not None:
        # A password the user chose is theirs to know; a console or its log need not repeat it.
        print(f"  Password:  the one in {ENV_PREFIX}DEMO_PASSWORD")
    else:
        print(f"  Password:  {password}")
    if settings.sandbox_enabled:
        sandbox = admin_web_url(settings).rstrip("/") + "/sandbox"
        print(f"  Telegram:  {sandbox} (the local sandbox: be Petra Admin, Tom or Tina)")
    print(end="", flush=True)
