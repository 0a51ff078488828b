"""Technicians walking their checklists at the same time, through the sandbox's HTTP Bot API.

FleetCrew runs as `fleetcrew run` does with a token and FLEETCREW_TELEGRAM_BASE_URL, but for the
web server: the bot long-polls the sandbox's Bot API (uvicorn on 127.0.0.1) with PTB's own HTTPX
requests, beside the box sender and the scheduler, on a migrated SQLite file. Each technician
walks whole installations as tests/bot/test_checklist.py does: /jobs, the job, Start, the VIN's
last six, the QNR, four Done, Apply to the box, five live tests, two photos (the second a box
label the bot reads), Complete; 18 updates a job. Each sends its next update once the bot's
answer to the last is in its chat (a new or changed message, and for a press its answer too),
as the sandbox shows it.

Measured: updates per second with every technician going as fast as the bot answers; the same
for a bare PTB echo bot (a MessageHandler that replies, a CallbackQueryHandler that answers and
edits) on the same sandbox, driven the same way; and each update's time from sent to answered
while the technicians together offer a steady 50 updates per second. The simulated boxes answer
at once by default (--box-seconds), so the figures are the code path's, not a simulated car's.

    python -m bench.bot_throughput [--technicians 20] [--jobs 2] [--paced-jobs 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import AnyHttpUrl, SecretStr
from sqlalchemy import func, select
from starlette.applications import Starlette
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, MessageHandler
from telegram.ext import filters as telegram_filters

from bench.crew import CrewJob, CrewMember, bench_simulator, seed_crew
from core.container import Services
from core.db.migrate import migrate
from core.db.models import Job
from core.label_images import label_png, photo_without_code_png
from core.settings import Settings, load_settings
from fleetcrew.box_sender import BoxSender
from fleetcrew.links import start_url
from fleetcrew.runtime import build_services
from fleetcrew.scheduler import build_scheduler
from fleetcrew.telegram import build_telegram
from telegram_sandbox import Sandbox, bot_api_routes
from tests.local_server import served

OFFERED_PER_S = 50.0
REPLY_WITHIN = 30.0  # seconds: longer, and something is broken, not slow
ECHO_BUTTON = "➡️ Next"
PLAIN_PHOTO = photo_without_code_png()

Action = tuple[str, Any]  # ("text", str), ("photo", bytes) or ("press", a button's label)


def checklist_walk(job: CrewJob) -> list[Action]:
    """A technician's updates for one installation, from /jobs to Complete."""
    return [
        ("text", "/jobs"),
        ("press", job.list_button),
        ("press", "▶️ Start"),
        ("text", job.vin[-6:]),
        ("text", job.qnr),
        *[("press", "✅ Done")] * 4,
        ("press", "📤 Apply to the box"),
        *[("press", "▶️ Run the test")] * 5,
        ("photo", PLAIN_PHOTO),
        ("photo", label_png(job.qnr)),
        ("press", "✅ Complete"),
    ]


def echo_walk(walk: Sequence[Action]) -> list[Action]:
    """The same updates for the echo bot: its one button for every press."""
    return [("press", ECHO_BUTTON) if kind == "press" else (kind, what) for kind, what in walk]


@dataclass
class Waiting:
    """A technician's update the bot has not answered yet."""

    version: int  # the chat's version once the update and the bot's answer are in it
    answers: int | None  # for a press: how many presses were answered before it
    answered: asyncio.Future[float]


class Replies:
    """Sees when the bot's answer to each technician's update is in their chat.

    An update changes its chat once (the message sent, the button pressed); the bot's answer is
    one more change (its message sent, or the pressed message edited) and, for a press, one
    more (the press answered), as both bots here answer. One task waits for the sandbox's
    changes and compares chat versions, rather than every technician re-reading its whole chat
    after every change anywhere: that reading would cost more than a bare bot's update.
    """

    def __init__(self, sandbox: Sandbox) -> None:
        self._sandbox = sandbox
        self._waiting: dict[int, Waiting] = {}
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Watch until stop()."""
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        """Stop watching."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def act(self, user_id: int, action: Action) -> float:
        """Do the action as the person; milliseconds until the bot's answer is in their chat."""
        kind, what = action
        sandbox = self._sandbox
        pressed: tuple[int, str] | None = None
        if kind == "press":  # the button is looked for before the clock runs
            message = next(
                m for m in reversed(sandbox.bot_messages(user_id)) if what in m.button_texts
            )
            data = message.button(what).callback_data
            assert data is not None
            pressed = message.message_id, data
        answered: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        press = kind == "press"
        self._waiting[user_id] = Waiting(
            version=sandbox.version(user_id) + (3 if press else 2),
            answers=len(sandbox.callback_answers(user_id)) if press else None,
            answered=answered,
        )
        started = time.perf_counter()
        if kind == "text":
            sandbox.send_text(user_id, what)
        elif kind == "photo":
            sandbox.send_photo(user_id, what)
        else:
            assert pressed is not None
            sandbox.press_button(user_id, *pressed)
        watching = self._task
        assert watching is not None
        either: list[asyncio.Future[Any]] = [answered, watching]
        await asyncio.wait(either, timeout=REPLY_WITHIN, return_when=asyncio.FIRST_COMPLETED)
        if watching.done():
            watching.result()  # the watcher failed: say why
        if not answered.done():
            last = sandbox.last_bot_message(user_id)
            raise RuntimeError(f"user {user_id}: no answer to {kind} {what!r:.40}; {last.text}")
        return (answered.result() - started) * 1000

    def _answered(self, user_id: int, waiting: Waiting) -> bool:
        if self._sandbox.version(user_id) < waiting.version:
            return False
        answers = waiting.answers
        return answers is None or len(self._sandbox.callback_answers(user_id)) > answers

    async def _watch(self) -> None:
        while True:
            await self._sandbox.wait_for_change(1.0)
            for user_id, waiting in list(self._waiting.items()):
                if self._answered(user_id, waiting):
                    del self._waiting[user_id]
                    waiting.answered.set_result(time.perf_counter())


class Pace:
    """Turns to send, spaced so that all technicians together offer a steady rate."""

    def __init__(self, per_second: float | None) -> None:
        self._interval = 1 / per_second if per_second else None
        self._next = time.perf_counter()

    async def turn(self) -> None:
        """Wait for the next free turn (at once when unpaced)."""
        if self._interval is None:
            return
        at, self._next = self._next, max(self._next, time.perf_counter()) + self._interval
        await asyncio.sleep(max(0.0, at - time.perf_counter()))


@dataclass(frozen=True)
class Walked:
    """A run of walks: each update's milliseconds, the wall and the CPU seconds it all took."""

    samples: list[float]
    seconds: float
    cpu_seconds: float  # this process's, every thread: the bot, the sandbox, the technicians

    @property
    def per_second(self) -> float:
        """Updates answered per second."""
        return len(self.samples) / self.seconds

    @property
    def cpu_ms_per_update(self) -> float:
        """CPU milliseconds per update (less swayed than per_second by a busy machine)."""
        return self.cpu_seconds * 1000 / len(self.samples)

    def __str__(self) -> str:
        return (
            f"{len(self.samples)} updates in {self.seconds:.2f} s: {self.per_second:.0f}/s, "
            f"{self.cpu_ms_per_update:.1f} ms CPU each"
        )


async def walk_all(replies: Replies, walks: dict[int, list[Action]], pace: Pace) -> Walked:
    """Every technician walks at once."""

    async def walk(user_id: int, actions: list[Action]) -> list[float]:
        samples = []
        for action in actions:
            await pace.turn()
            samples.append(await replies.act(user_id, action))
        return samples

    started, cpu = time.perf_counter(), time.process_time()
    done = await asyncio.gather(*(walk(user, actions) for user, actions in walks.items()))
    return Walked(
        [sample for samples in done for sample in samples],
        time.perf_counter() - started,
        time.process_time() - cpu,
    )


def walks_of(
    crew: list[CrewMember], jobs: slice, make: Callable[[CrewJob], list[Action]]
) -> dict[int, list[Action]]:
    """Each technician's updates for their jobs in this slice."""
    return {
        member.user.id: [action for job in member.jobs[jobs] for action in make(job)]
        for member in crew
    }


def say(text: str) -> None:
    """Progress, on stderr."""
    print(text, file=sys.stderr, flush=True)


async def fleetcrew_figures(
    services: Services, settings: Settings, sandbox: Sandbox, crew: list[CrewMember], jobs: int
) -> tuple[Walked, Walked]:
    """FleetCrew's walks: as fast as it goes, then at the steady offered rate."""
    face = build_telegram(settings, services)
    scheduler = build_scheduler(services)
    box_sender = BoxSender(services)
    replies = Replies(sandbox)
    await face.start()
    scheduler.start()
    box_sender.start()
    replies.start()
    try:
        for member in crew:  # the bot meets everyone once before the clock runs
            await replies.act(member.user.id, ("text", "/help"))
        say(f"FleetCrew: {len(crew)} technicians walk {jobs} job(s) each, as fast as it goes")
        fast = walks_of(crew, slice(0, jobs), checklist_walk)
        fastest = await walk_all(replies, fast, Pace(None))
        say(f"  {fastest}")
        say(f"FleetCrew: the rest of their jobs at {OFFERED_PER_S:g} updates/s offered")
        paced = walks_of(crew, slice(jobs, None), checklist_walk)
        steady = await walk_all(replies, paced, Pace(OFFERED_PER_S))
        say(f"  {steady}")
    finally:
        await replies.stop()
        scheduler.shutdown(wait=False)
        await box_sender.stop()
        await face.stop()
    return fastest, steady


async def echo_message(update: Update, _context: object) -> None:
    """Any message: an answer with one button."""
    assert update.effective_chat is not None
    await update.effective_chat.send_message(
        f"echo {update.update_id}",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(ECHO_BUTTON, callback_data="n")]]),
    )


async def echo_press(update: Update, _context: object) -> None:
    """A press: answered, and its message edited (with the button again)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(
        f"pressed {update.update_id}",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(ECHO_BUTTON, callback_data="n")]]),
    )


async def echo_figure(server: str, sandbox: Sandbox, crew: list[CrewMember], jobs: int) -> Walked:
    """A bare PTB echo bot's walks, polling the same sandbox, driven the same way."""
    application: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(sandbox.token)
        .base_url(f"{server}/bot")
        .base_file_url(f"{server}/file/bot")
        .build()
    )
    application.add_handler(CallbackQueryHandler(echo_press))
    application.add_handler(MessageHandler(telegram_filters.ALL, echo_message))
    replies = Replies(sandbox)
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling()
    replies.start()
    try:
        for member in crew:
            await replies.act(member.user.id, ("text", "/help"))
        say(f"Echo bot: {len(crew)} technicians, the same updates, as fast as it goes")
        walks = walks_of(crew, slice(0, jobs), lambda job: echo_walk(checklist_walk(job)))
        fastest = await walk_all(replies, walks, Pace(None))
        say(f"  {fastest}")
    finally:
        await replies.stop()
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
    return fastest


async def succeeded(services: Services) -> int:
    """How many jobs are SUCCEEDED."""
    async with services.uow.read_only() as uow:
        found = await uow.session.scalar(
            select(func.count()).select_from(Job).where(Job.status == "SUCCEEDED")
        )
        return int(found or 0)


async def measure(
    technicians: int, jobs: int, paced_jobs: int, box_seconds: float, var_dir: Path
) -> dict[str, Any]:
    """Every figure, FleetCrew's first, then the echo bot's on the same sandbox."""
    sandbox = Sandbox(bot_username="FleetCrewBot")
    simulator = bench_simulator(box_seconds)
    async with served(Starlette(routes=bot_api_routes(sandbox))) as server:
        settings = load_settings(
            var_dir=var_dir,
            telegram_token=SecretStr(sandbox.token),
            telegram_base_url=AnyHttpUrl(server),
        )
        services = build_services(settings, simulator, links_start_url=await start_url(settings))
        try:
            await migrate(services.uow.engine)
            crew = await seed_crew(
                services, simulator, technicians=technicians, jobs_each=jobs + paced_jobs
            )
            for member in crew:
                sandbox.add_user(member.user.name, user_id=member.user.id, language_code="en")
            say(f"Seeded {technicians} technicians with {jobs + paced_jobs} job(s) each")
            fastest, steady = await fleetcrew_figures(services, settings, sandbox, crew, jobs)
            done = await succeeded(services)
            if done != technicians * (jobs + paced_jobs):
                raise RuntimeError(f"only {done} jobs SUCCEEDED")
        finally:
            await services.uow.engine.dispose()
        baseline = await echo_figure(server, sandbox, crew, jobs)
        await sandbox.aclose()
    ordered = sorted(steady.samples)
    return {
        "benchmark": "bot_throughput",
        "technicians": technicians,
        "updates": len(fastest.samples),
        "updates_per_s": round(fastest.per_second, 1),
        "baseline_updates_per_s": round(baseline.per_second, 1),
        "ratio_to_baseline": round(fastest.per_second / baseline.per_second, 3),
        "cpu_ms_per_update": round(fastest.cpu_ms_per_update, 2),
        "baseline_cpu_ms_per_update": round(baseline.cpu_ms_per_update, 2),
        "paced_updates": len(ordered),
        "offered_per_s": OFFERED_PER_S,
        "paced_achieved_per_s": round(steady.per_second, 1),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 2),
        "box_seconds": box_seconds,
    }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Measure and print the figures, the last line one JSON object; returns them too."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--technicians", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2, help="jobs each, as fast as it goes")
    parser.add_argument("--paced-jobs", type=int, default=2, help="jobs each, at 50 updates/s")
    parser.add_argument("--box-seconds", type=float, default=0.0, help="a box's answer time")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as var_dir:
        result = asyncio.run(
            measure(args.technicians, args.jobs, args.paced_jobs, args.box_seconds, Path(var_dir))
        )
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
