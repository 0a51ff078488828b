"""The words for where things stand, and which changes of job status are allowed — pure."""

from __future__ import annotations

from enum import StrEnum

from core.errors import InvalidTransition


class InvitationStatus(StrEnum):
    """A fleet connection: sent, taken up, or turned down."""

    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"


class JoinRequestStatus(StrEnum):
    """Someone's request to join a partner's team: waiting, let in, or turned away."""

    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class LinkEnd(StrEnum):
    """Why a deep link stopped working; a mail that held it says so."""

    ANSWERED = "answered"
    REPLACED = "replaced"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class TelegramMessageStatus(StrEnum):
    """A message in the Telegram outbox: waiting to go, sent, or given up on (and why)."""

    PENDING = "PENDING"
    SENT = "SENT"
    UNDELIVERABLE = "UNDELIVERABLE"  # the person blocked the bot, or the chat is gone
    FAILED = "FAILED"  # other failures, retried with backoff until the last attempt


class JobStatus(StrEnum):
    """Where a job stands, as the manager's job list shows it."""

    PENDING = "PENDING"
    ASSIGNED = "ASSIGNED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    JobStatus.PENDING: frozenset({JobStatus.ASSIGNED}),
    JobStatus.ASSIGNED: frozenset({JobStatus.PENDING, JobStatus.RUNNING}),
    JobStatus.RUNNING: frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.ASSIGNED}),
    JobStatus.SUCCEEDED: frozenset(),
    JobStatus.FAILED: frozenset({JobStatus.ASSIGNED}),
}


def ensure_transition(current: JobStatus, target: JobStatus) -> None:
    """Raise InvalidTransition unless a job may move from current to target."""
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(f"A {current} job cannot become {target}.")
