"""`fleetcrew run` in a process of its own, started as a user starts it, and what it prints."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

READY = "Uvicorn running on"
START_SECONDS = 60  # a busy two-core machine migrates, seeds and starts the bot in a few
CHECKOUT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Console:
    """One `fleetcrew` command in a subprocess: its output lines as they come, its exit status."""

    def __init__(self, folder: Path, *arguments: str, **variables: str) -> None:
        self.folder = folder
        self.arguments = arguments
        self.port = free_port()
        # Only this test's FLEETCREW_ variables count, never the developer's.
        self.environment = {
            name: value for name, value in os.environ.items() if not name.startswith("FLEETCREW_")
        } | {
            "FLEETCREW_VAR_DIR": str(folder / "var"),
            "FLEETCREW_PORT": str(self.port),
            "PYTHONUNBUFFERED": "1",
            # The code beside these tests, not the checkout an editable install points at (the
            # process starts in a folder of its own, so its working directory does not say).
            "PYTHONPATH": os.pathsep.join(
                [str(CHECKOUT), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
            **variables,
        }
        self.lines: list[str] = []
        self._process: asyncio.subprocess.Process | None = None
        self._reading: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    @property
    def url(self) -> str:
        """Where the admin web answers."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def output(self) -> str:
        """Everything printed so far, stdout and stderr together."""
        return "".join(self.lines)

    async def start(self) -> Console:
        """Start the command and wait until it serves (or has ended, e.g. refusing to start)."""
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "fleetcrew",
            *self.arguments,
            cwd=self.folder,
            env=self.environment,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reading = asyncio.create_task(self._read())
        async with asyncio.timeout(START_SECONDS):
            await asyncio.wait(
                [asyncio.create_task(self._ready.wait()), self._reading],
                return_when=asyncio.FIRST_COMPLETED,
            )
        return self

    async def interrupt(self) -> int:
        """Ctrl-C, as in the terminal; returns the exit status once the process has ended."""
        assert self._process is not None
        self._process.send_signal(signal.SIGINT)
        return await self.ended()

    async def ended(self) -> int:
        """The exit status, once the process has ended and all it printed is read."""
        assert self._process is not None and self._reading is not None
        async with asyncio.timeout(START_SECONDS):
            await self._reading
            return await self._process.wait()

    async def kill(self) -> None:
        """End the process if it still runs (a test that failed half-way)."""
        if self._process is not None and self._process.returncode is None:
            self._process.kill()
            await self._process.wait()

    async def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        async for raw in self._process.stdout:
            line = raw.decode(errors="replace")
            self.lines.append(line)
            if READY in line:
                self._ready.set()
