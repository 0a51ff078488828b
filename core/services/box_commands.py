"""Commands for a CloudBoxx: the intent is a row, the call happens after commit, then the outcome.

Two kinds of command:

- **Asked for now** (a live test, Lock/Unlock/State on the job card): the row is written IN_FLIGHT
  and committed, the box is called outside any transaction, and the outcome is written. One
  IN_FLIGHT command per job at a time, so ten taps of Lock send one command. A process that dies
  mid-call leaves the row IN_FLIGHT; the sweep closes it as FAILED after STUCK_AFTER.
- **Follow-ups** (securing the vehicle once the access ends): the row is written PENDING in the
  transaction that ends the access, and sent after commit by the box sender, which retries with
  backoff while the box is unreachable, for as long as it takes, until the box confirms.

Every command is an audit event carrying its flow id, written with the intent.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Update, bindparam, select, update

from cloudboxx import (
    BoxError,
    BoxGateway,
    BoxRejected,
    Command,
    CommandNotSupported,
    InvalidBoxInput,
    VehicleModel,
)
from cloudboxx.wire_state import state_to_json
from core.db.models import BoxCommand, Job
from core.db.uow import UnitOfWork, UnitOfWorkFactory
from core.services.audit import record_event

LEASE = timedelta(seconds=30)  # how long a claimed follow-up waits before another claim
FIRST_RETRY = timedelta(seconds=2)  # then doubling, up to MAX_RETRY, forever
MAX_RETRY = timedelta(minutes=5)
STUCK_AFTER = timedelta(minutes=2)  # an IN_FLIGHT command without an outcome is given up
ERROR_LENGTH = 255


class BoxCommandStatus(StrEnum):
    """Where a box command stands."""

    IN_FLIGHT = "IN_FLIGHT"  # asked for now; the call is under way
    PENDING = "PENDING"  # a follow-up waiting for (another) attempt
    DONE = "DONE"  # the box carried it out
    FAILED = "FAILED"  # an asked-for command the box did not carry out


class Purpose(StrEnum):
    """Why a command was sent."""

    TEST = "test"  # a checklist step's live test
    VEHICLE = "vehicle"  # Lock, Unlock or State on the job card
    SECURE = "secure"  # the follow-up that secures the vehicle after the access ends


@dataclass(frozen=True, slots=True)
class CommandCall:
    """A command to send: which row, to which box, what, under which flow id."""

    id: int
    qnr: str
    command: Command
    flow_id: str


def new_flow_id(purpose: str) -> str:
    """A flow id that the gateway passes on and the audit log records."""
    return f"{purpose}-{secrets.token_hex(8)}"


def record_intent(
    uow: UnitOfWork,
    job: Job,
    *,
    qnr: str,
    command: Command,
    purpose: Purpose,
    actor: str,
    technician_id: int | None = None,
    grant_id: int | None = None,
    step: str | None = None,
) -> BoxCommand:
    """Write the command before it is sent (a follow-up waits for the sender), with its event."""
    now = uow.clock.now()
    follow_up = purpose == Purpose.SECURE
    row = BoxCommand(
        job_id=job.id,
        grant_id=grant_id,
        technician_id=technician_id,
        qnr=qnr,
        command=command,
        purpose=purpose,
        step=step,
        payload={},
        flow_id=new_flow_id(purpose),
        status=BoxCommandStatus.PENDING if follow_up else BoxCommandStatus.IN_FLIGHT,
        attempts=0 if follow_up else 1,
        requested_at=now,
        next_attempt_at=now if follow_up else None,
    )
    uow.session.add(row)
    record_event(
        uow,
        actor=actor,
        action="box.command",
        subject=f"job:{job.id}",
        fleet_id=job.fleet_id,
        details={"qnr": qnr, "command": command.value, "purpose": purpose.value, "step": step},
        flow_id=row.flow_id,
    )
    if follow_up:
        uow.wake_box_sender()
    return row


async def command_in_flight(uow: UnitOfWork, job_id: int) -> int | None:
    """The id of the job's asked-for command still under way, if any (a second tap waits)."""
    since = uow.clock.now() - STUCK_AFTER
    found: int | None = await uow.session.scalar(_IN_FLIGHT, {"job_id": job_id, "since": since})
    return found


# Asked before every live test and configuration, so built once.
_IN_FLIGHT = select(BoxCommand.id).where(
    BoxCommand.job_id == bindparam("job_id"),
    BoxCommand.status == BoxCommandStatus.IN_FLIGHT,
    BoxCommand.requested_at > bindparam("since"),
)


async def record_outcome(
    uow: UnitOfWork, command_id: int, *, observed: Mapping[str, Any] | None, error: str | None
) -> None:
    """What an asked-for command came to: DONE with what the box reported, or FAILED and why."""
    # One UPDATE, the row not read first; both observed and error are written, as a command
    # closed as stuck ("no answer") may still get its answer.
    outcome: dict[str, Any] = {
        "finished_at": uow.clock.now(),
        "error": error[:ERROR_LENGTH] if error else None,
        "observed": None if error or observed is None else dict(observed),
    }
    target = BoxCommandStatus.FAILED if error else BoxCommandStatus.DONE
    await uow.session.execute(
        _moving_to(update(BoxCommand).where(BoxCommand.id == command_id), target).values(outcome)
    )


def securing_command(model: VehicleModel | None, lock_connected: bool = True) -> Command | None:
    """What secures a vehicle of this model: lock and disable driving, or what of it it can."""
    if model is None:
        return Command.LOCK_AND_DISABLE_DRIVING
    commands = model.commands
    if lock_connected and Command.LOCK_AND_DISABLE_DRIVING in commands:
        return Command.LOCK_AND_DISABLE_DRIVING
    if lock_connected and Command.LOCK_CENTRAL_LOCK in commands:
        return Command.LOCK_CENTRAL_LOCK
    if Command.DISABLE_DRIVING in commands:
        return Command.DISABLE_DRIVING
    return None


async def claim_due_follow_ups(uow: UnitOfWork, *, limit: int = 50) -> list[CommandCall]:
    """Follow-ups due now, leased to this sender (another sender skips them for LEASE)."""
    now = uow.clock.now()
    rows = list(
        await uow.session.scalars(
            select(BoxCommand)
            .where(
                BoxCommand.status == BoxCommandStatus.PENDING,
                BoxCommand.next_attempt_at <= now,
            )
            .order_by(BoxCommand.next_attempt_at, BoxCommand.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + LEASE
    return [CommandCall(row.id, row.qnr, Command(row.command), row.flow_id) for row in rows]


async def record_follow_up(
    uow: UnitOfWork,
    command_id: int,
    *,
    observed: Mapping[str, Any] | None,
    error: str | None,
    final: bool = False,
) -> None:
    """A follow-up got through (DONE), or waits for its next attempt with a longer backoff;
    final: the box refused it for good (it cannot do it), so it is FAILED, not retried."""
    row = await uow.session.get_one(BoxCommand, command_id)
    if row.status != BoxCommandStatus.PENDING:
        return
    now = uow.clock.now()
    if error is not None and final:
        _move_to(row, BoxCommandStatus.FAILED)
        row.error, row.finished_at, row.next_attempt_at = error[:ERROR_LENGTH], now, None
        return
    if error is None:
        _move_to(row, BoxCommandStatus.DONE)
        row.observed = dict(observed) if observed is not None else None
        row.finished_at, row.next_attempt_at, row.error = now, None, None
        return
    row.error = error[:ERROR_LENGTH]
    row.next_attempt_at = now + retry_after(row.attempts)


def retry_after(attempts: int) -> timedelta:
    """How long a follow-up waits after its attempt number `attempts` failed."""
    wait: timedelta = FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16)
    return min(wait, MAX_RETRY)


async def next_follow_up_at(uow: UnitOfWork) -> datetime | None:
    """When the earliest follow-up falls due (None: nothing waits)."""
    moment: datetime | None = await uow.session.scalar(
        select(BoxCommand.next_attempt_at)
        .where(BoxCommand.status == BoxCommandStatus.PENDING)
        .order_by(BoxCommand.next_attempt_at)
        .limit(1)
    )
    return moment


async def close_stuck_commands(uow: UnitOfWork) -> int:
    """Asked-for commands whose process died mid-call: FAILED, so the job may ask again."""
    now = uow.clock.now()
    stuck = list(
        await uow.session.scalars(
            select(BoxCommand).where(
                BoxCommand.status == BoxCommandStatus.IN_FLIGHT,
                BoxCommand.requested_at <= now - STUCK_AFTER,
            )
        )
    )
    for row in stuck:
        _move_to(row, BoxCommandStatus.FAILED)
        row.error, row.finished_at = "no answer", now
    return len(stuck)


def _move_to(row: BoxCommand, target: BoxCommandStatus) -> None:
    """The one place a box command's status changes."""
    row.status = target


def _moving_to(query: Update, target: BoxCommandStatus) -> Update:
    """_move_to for an UPDATE of box commands (set-based, the rows not loaded)."""
    return query.values(status=target)


async def pending_follow_ups(uow: UnitOfWork, job_ids: Collection[int]) -> set[int]:
    """Which of the jobs still wait for the box to confirm their follow-up."""
    if not job_ids:
        return set()
    rows = await uow.session.scalars(
        select(BoxCommand.job_id).where(
            BoxCommand.job_id.in_(list(job_ids)),
            BoxCommand.status == BoxCommandStatus.PENDING,
            BoxCommand.purpose == Purpose.SECURE,
        )
    )
    return {job_id for job_id in rows if job_id is not None}


def error_text(error: BoxError) -> str:
    """A gateway error as the command's row and the technician see it."""
    return str(error) or type(error).__name__


async def send_due_follow_ups(work: UnitOfWorkFactory, boxes: BoxGateway) -> int:
    """One round of the box sender: claim the due follow-ups, send them, record each outcome."""
    async with work.read_only() as uow:
        due = await next_follow_up_at(uow)
    if due is None or due > work.clock.now():
        return 0
    async with work() as uow:
        calls = await claim_due_follow_ups(uow)
        await uow.commit()
    outcomes = await asyncio.gather(*(_send(boxes, call) for call in calls))
    async with work() as uow:
        for call, (seen, error, final) in zip(calls, outcomes, strict=True):
            await record_follow_up(uow, call.id, observed=seen, error=error, final=final)
        await uow.commit()
    return len(calls)


async def _send(
    boxes: BoxGateway, call: CommandCall
) -> tuple[dict[str, Any] | None, str | None, bool]:
    """What the box reported, or the error and whether trying again cannot help."""
    try:
        state = await boxes.send_command(call.qnr, call.command, flow_id=call.flow_id)
    except (BoxRejected, CommandNotSupported, InvalidBoxInput) as error:
        return None, error_text(error), True
    except BoxError as error:  # unreachable, timed out, gateway down: again after the backoff
        return None, error_text(error), False
    return state_to_json(state), None, False
