"""What can go wrong with a box call; every error carries a message a technician understands."""

from __future__ import annotations

from typing import ClassVar


class BoxError(Exception):
    """A box call did not do what was asked; message says why in plain words."""

    code: ClassVar[str] = "BOX_ERROR"

    def __init__(self, message: str, *, qnr: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.qnr = qnr


class InvalidBoxInput(BoxError):
    """The request itself is wrong; it was refused before anything reached a box."""

    code = "INVALID_INPUT"


class MalformedQnr(InvalidBoxInput):
    """The text is not a QNR: 16 characters 0–9 and A–F."""

    code = "MALFORMED_QNR"


class ConfigurationNotAllowed(InvalidBoxInput):
    """The configuration names a value the vehicle model does not allow."""

    code = "CONFIGURATION_NOT_ALLOWED"


class BoxRejected(BoxError):
    """The CloudBoxx service refused the call for this box."""

    code = "REJECTED"


class UnknownBox(BoxRejected):
    """No box with this QNR belongs to the account."""

    code = "UNKNOWN_BOX"


class BoxBoundElsewhere(BoxRejected):
    """The box is already installed in another vehicle."""

    code = "BOUND_ELSEWHERE"


class BoxNotInstalled(BoxRejected):
    """The call needs a box bound to a vehicle, and this one is not yet."""

    code = "NOT_INSTALLED"


class CommandNotSupported(BoxError):
    """The vehicle model, as the box is set up, cannot carry out this command."""

    code = "COMMAND_NOT_SUPPORTED"


class BoxUnreachable(BoxError):
    """The box does not answer: offline, in deep sleep, or its heartbeat stopped."""

    code = "BOX_UNREACHABLE"


class BoxTimeout(BoxError):
    """No answer came in time; a command may or may not have been carried out."""

    code = "BOX_TIMEOUT"


class GatewayUnavailable(BoxError):
    """The CloudBoxx service itself cannot be used right now (down, refusing credentials)."""

    code = "GATEWAY_UNAVAILABLE"


ERRORS_BY_CODE: dict[str, type[BoxError]] = {
    error.code: error
    for error in (
        BoxError,
        InvalidBoxInput,
        MalformedQnr,
        ConfigurationNotAllowed,
        BoxRejected,
        UnknownBox,
        BoxBoundElsewhere,
        BoxNotInstalled,
        CommandNotSupported,
        BoxUnreachable,
        BoxTimeout,
        GatewayUnavailable,
    )
}
"""Each error class by its code, so an error crossing HTTP comes back as the same class."""
