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
    # Back to ASSIGNED: the job is taken back from the technician (their access ended).
    JobStatus.RUNNING: frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.ASSIGNED}),
    JobStatus.SUCCEEDED: frozenset(),
    # Reopened: to the same partner again, or back to planning. Its history stays.
    JobStatus.FAILED: frozenset({JobStatus.ASSIGNED, JobStatus.PENDING}),
}

INVITATION_TRANSITIONS: dict[InvitationStatus, frozenset[InvitationStatus]] = {
    InvitationStatus.PENDING: frozenset({InvitationStatus.ACCEPTED, InvitationStatus.DECLINED}),
    InvitationStatus.ACCEPTED: frozenset(),
    InvitationStatus.DECLINED: frozenset(),
}


def with_article(status: str, *, starts_sentence: bool = False) -> str:
    """ "a PENDING", "an ASSIGNED" (or "An ASSIGNED" to start a sentence): a status in words."""
    article = "an" if status[:1] in "AEIOU" else "a"
    return f"{article.capitalize() if starts_sentence else article} {status}"


def ensure_transition(current: JobStatus, target: JobStatus) -> None:
    """Raise InvalidTransition unless a job may move from current to target."""
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(
            f"{with_article(current, starts_sentence=True)} job cannot become {target}."
        )


def ensure_invitation_transition(current: InvitationStatus, target: InvitationStatus) -> None:
    """Raise InvalidTransition unless an invitation may move from current to target."""
    if target not in INVITATION_TRANSITIONS[current]:
        raise InvalidTransition(
            f"{with_article(current, starts_sentence=True)} invitation cannot become {target}."
        )
