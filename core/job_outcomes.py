"""Why a job failed and why an access grant ended: the product's words for both — pure."""

from __future__ import annotations

from enum import StrEnum


class FailureReason(StrEnum):
    """Why a job FAILED: the technician's choice from the list, or what FleetCrew saw happen."""

    NO_COVERAGE = "no_coverage"
    WRONG_PARTS = "wrong_parts"
    VEHICLE_NOT_AVAILABLE = "vehicle_not_available"
    BOX_DEFECTIVE = "box_defective"
    OTHER = "other"
    # Not the technician's choice: the access to the vehicle ended before the job was done.
    ACCESS_WINDOW_ENDED = "access_window_ended"
    ACCESS_REVOKED = "access_revoked"
    PARTNER_REMOVED = "partner_removed"

    @property
    def label(self) -> str:
        """The reason in a manager's words."""
        return _FAILURE_LABELS[self]


TECHNICIAN_REASONS = (
    FailureReason.NO_COVERAGE,
    FailureReason.WRONG_PARTS,
    FailureReason.VEHICLE_NOT_AVAILABLE,
    FailureReason.BOX_DEFECTIVE,
    FailureReason.OTHER,
)
"""The reasons a technician picks from when they fail a job."""

_FAILURE_LABELS = {
    FailureReason.NO_COVERAGE: "No coverage / no heartbeat",
    FailureReason.WRONG_PARTS: "Wrong harness or missing parts",
    FailureReason.VEHICLE_NOT_AVAILABLE: "Vehicle not available",
    FailureReason.BOX_DEFECTIVE: "Box defective",
    FailureReason.OTHER: "Other",
    FailureReason.ACCESS_WINDOW_ENDED: "The access window ended before the job was done",
    FailureReason.ACCESS_REVOKED: "A fleet manager revoked the access",
    FailureReason.PARTNER_REMOVED: "The service partner was removed from the fleet",
}


def failure_label(reason: str | None) -> str | None:
    """A stored failure reason in words (one FleetCrew no longer knows, as it is)."""
    if reason is None:
        return None
    try:
        return FailureReason(reason).label
    except ValueError:
        return reason


class GrantEnd(StrEnum):
    """Why a technician's access to a vehicle ended."""

    COMPLETED = "completed"
    FAILED = "failed"
    WINDOW_CLOSED = "window_closed"
    TECHNICIAN_REMOVED = "technician_removed"
    PARTNER_REMOVED = "partner_removed"
    REVOKED = "revoked"
    TAKEN_BACK = "taken_back"

    @property
    def label(self) -> str:
        """The reason in a manager's words."""
        return _GRANT_END_LABELS[self]


_GRANT_END_LABELS = {
    GrantEnd.COMPLETED: "the job was completed",
    GrantEnd.FAILED: "the job failed",
    GrantEnd.WINDOW_CLOSED: "the access window closed",
    GrantEnd.TECHNICIAN_REMOVED: "the technician left the team",
    GrantEnd.PARTNER_REMOVED: "the partner was removed from the fleet",
    GrantEnd.REVOKED: "a fleet manager revoked it",
    GrantEnd.TAKEN_BACK: "the job was taken back",
}


def grant_end_label(reason: str | None) -> str | None:
    """A stored grant end reason in words."""
    if reason is None:
        return None
    try:
        return GrantEnd(reason).label
    except ValueError:
        return reason
