"""Browser fixtures: the admin web served by uvicorn in the test's loop, and Debian's Chromium."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright

from admin_web.app import create_app
from core.container import Services
from tests.local_server import served

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def artifacts() -> Path:
    """test-artifacts/ at the repository root, where browser tests leave screenshots."""
    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
async def live_server(services: Services) -> AsyncIterator[str]:
    """The admin web on a free port of 127.0.0.1, until the test ends; yields its base URL."""
    async with served(create_app(services)) as url:
        yield url


@pytest.fixture
def chromium() -> Path:
    """Debian's Chromium; the test is skipped where it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    """Chromium driven by Playwright, closed when the test ends."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            await browser.close()
