"""Domain errors; each carries a message a user of FleetCrew can read as it is."""

from __future__ import annotations


class DomainError(Exception):
    """Something the user asked for cannot be done; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing asked for does not exist, or is not visible to this user."""


class NotAllowed(DomainError):
    """The user may not do this."""


class InvalidInput(DomainError):
    """A value the user gave is not acceptable."""


class Conflict(DomainError):
    """The request clashes with what already exists (a second invitation, a used link)."""


class InvalidTransition(DomainError):
    """A status change that the rules do not allow."""


class LinkNotUsable(DomainError):
    """A deep link that is forged, used, replaced, withdrawn or expired."""
