"""Domain errors; each carries a message a user of FleetCrew can read as it is.

The message is English. An error the bot shows also carries a code (and the values its message
names), so that the bot can say the same in the user's own language.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Errors a Telegram user can meet; the bot has a translation of each."""

    NOT_A_FLEETCREW_LINK = "not_a_fleetcrew_link"
    INVITATION_NOT_VALID = "invitation_not_valid"
    INVITATION_USED = "invitation_used"
    INVITATION_DECLINED = "invitation_declined"
    INVITATION_EXPIRED = "invitation_expired"
    INVITATION_ACCEPTED_BY_YOU = "invitation_accepted_by_you"
    TECHNICIAN_CANNOT_ANSWER = "technician_cannot_answer"
    ALREADY_CONNECTED = "already_connected"
    COMPANY_NAME_LENGTH = "company_name_length"
    NO_INVITATION_AWAITING_NAME = "no_invitation_awaiting_name"
    TEAM_LINK_NOT_VALID = "team_link_not_valid"
    TEAM_LINK_REPLACED = "team_link_replaced"
    TEAM_LINK_EXPIRED = "team_link_expired"
    JOIN_REQUEST_WAITING = "join_request_waiting"
    JOIN_REQUEST_REJECTED = "join_request_rejected"
    JOIN_REQUEST_ANSWERED = "join_request_answered"
    JOIN_REQUEST_GONE = "join_request_gone"
    ALREADY_IN_THIS_TEAM = "already_in_this_team"
    ALREADY_IN_ANOTHER_TEAM = "already_in_another_team"
    NOT_IN_A_TEAM = "not_in_a_team"
    PARTNER_ADMIN_ONLY = "partner_admin_only"
    NOT_IN_YOUR_TEAM = "not_in_your_team"
    CANNOT_REMOVE_PARTNER_ADMIN = "cannot_remove_partner_admin"
    NOT_TEXT = "not_text"
    JOB_NOT_YOURS = "job_not_yours"
    PLANNED_VALUE_READ_ONLY = "planned_value_read_only"
    VEHICLE_MISMATCH = "vehicle_mismatch"
    VEHICLE_UNNAMED = "vehicle_unnamed"
    NOT_A_QNR = "not_a_qnr"
    QNR_NOT_PLANNED = "qnr_not_planned"
    BOX_NOT_USABLE = "box_not_usable"
    TEXT_LENGTH = "text_length"
    NOT_A_NUMBER = "not_a_number"
    CHOICE_NOT_OFFERED = "choice_not_offered"
    JOB_GONE = "job_gone"
    JOB_TAKEN = "job_taken"
    JOB_DISPATCHED_ELSEWHERE = "job_dispatched_elsewhere"
    JOB_NOT_STARTABLE = "job_not_startable"
    ACCESS_NOT_YET = "access_not_yet"
    ACCESS_OVER = "access_over"
    JOB_NOT_RUNNING = "job_not_running"
    NOT_YOUR_RUNNING_JOB = "not_your_running_job"
    ACCESS_ENDED = "access_ended"
    STEP_MOVED_ON = "step_moved_on"
    STEP_REQUIRED = "step_required"
    STEPS_MISSING = "steps_missing"
    LABEL_UNREADABLE = "label_unreadable"
    NOT_A_PHOTO = "not_a_photo"
    PHOTO_TOO_LARGE = "photo_too_large"
    NOT_IN_TEAM_ANY_MORE = "not_in_team_any_more"
    COMMAND_NOT_OFFERED = "command_not_offered"
    BOX_BUSY = "box_busy"
    REASON_NOT_OFFERED = "reason_not_offered"
    PHOTO_EXPECTED = "photo_expected"
    BUTTON_EXPECTED = "button_expected"
    TEXT_EXPECTED = "text_expected"
    MANAGER_LINK_NOT_VALID = "manager_link_not_valid"
    MANAGER_LINK_EXPIRED = "manager_link_expired"
    TELEGRAM_LINKED_TO_ANOTHER_MANAGER = "telegram_linked_to_another_manager"


class DomainError(Exception):
    """Something the user asked for cannot be done; the message says why."""

    def __init__(self, message: str, *, code: ErrorCode | None = None, **values: str | int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.values = values


class NotFound(DomainError):
    """The thing asked for does not exist, or is not visible to this user."""


class FleetNotFound(NotFound):
    """A fleet the user does not manage: answered as if it did not exist, wherever asked."""


class NotAllowed(DomainError):
    """The user may not do this."""


class InvalidInput(DomainError):
    """A value the user gave is not acceptable."""


class Conflict(DomainError):
    """The request clashes with what already exists (a second invitation, a used link)."""


class ChangedMeanwhile(Conflict):
    """What a form would save was changed by someone else since the form was opened."""


class InvalidTransition(DomainError):
    """A status change that the rules do not allow."""


class LinkNotUsable(DomainError):
    """A deep link that is forged, used, replaced, withdrawn or expired."""


class ServiceUnavailable(DomainError):
    """Something FleetCrew needs from outside (the CloudBoxx service) cannot be reached now."""
