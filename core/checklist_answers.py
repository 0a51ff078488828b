"""What a technician's answer to a step must be, and what a live test's result shows — pure.

Each check returns the answer to store, or raises InvalidInput with a message (and an error
code, so the bot can say it in the technician's language); nothing is stored then.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from cloudboxx import CentralLockState, MalformedQnr, VehicleState, parse_qnr
from cloudboxx.wire_state import state_to_json
from core.checklist import Answer, JobSheet, Outcome, Step, TestCheck
from core.errors import ErrorCode, InvalidInput
from core.job_fields import VIN
from core.text import ensure_text

TEXT_MIN, TEXT_MAX = 2, 1000
NUMBER_MAX_DIGITS = 15
_PLATE_NOISE = re.compile(r"[\s\-.·]+")
_NUMBER = re.compile(r"^-?\d{1,15}([.,]\d{1,6})?$")


def plain(text: str) -> str:
    """Typed text with its spaces tidied; InvalidInput when it is no text."""
    return " ".join(ensure_text(text).split())


def check_vehicle(sheet: JobSheet, text: str) -> Answer:
    """The vehicle confirmed by the last 6 of its VIN or its plate, compared with the job.

    A job that names neither takes the VIN (all 17 characters) or the plate as typed.
    """
    typed = plain(text).upper()
    vin, plate = sheet.fields.vin, sheet.fields.license_plate
    compact = _PLATE_NOISE.sub("", typed)
    if not vin and not plate:
        if VIN.fullmatch(compact):
            return Answer(Outcome.DONE, typed, extra={"vin": compact})
        if 2 <= len(typed) <= 20:
            return Answer(Outcome.DONE, typed, extra={"license_plate": typed})
        raise InvalidInput(
            "Type the vehicle's VIN (17 characters) or its licence plate.",
            code=ErrorCode.VEHICLE_UNNAMED,
        )
    if vin and len(compact) >= 6 and vin.upper().endswith(compact) and len(compact) in (6, 17):
        return Answer(Outcome.DONE, typed, extra={"matched": "vin"})
    if plate and compact == _PLATE_NOISE.sub("", plate.upper()):
        return Answer(Outcome.DONE, typed, extra={"matched": "license_plate"})
    raise InvalidInput(
        f"“{typed[:40]}” does not match this job's vehicle. Check that you are at the right "
        "car, and type the last 6 characters of its VIN or its licence plate.",
        code=ErrorCode.VEHICLE_MISMATCH,
        typed=typed[:40],
    )


def check_qnr(text: str) -> str:
    """The QNR typed (or read from a label), upper-case; InvalidInput when it is none."""
    try:
        return parse_qnr(ensure_text(text))
    except MalformedQnr:
        raise InvalidInput(
            f"“{plain(text)[:40]}” is not a QNR. A QNR is the 16 characters 0–9 and A–F on the "
            "CloudBoxx label, for example 38429DA427AB7C25.",
            code=ErrorCode.NOT_A_QNR,
            typed=plain(text)[:40],
        ) from None


def check_text(text: str) -> str:
    """A few words: 2 to 1000 characters."""
    words = ensure_text(text).strip()
    if not TEXT_MIN <= len(words) <= TEXT_MAX:
        raise InvalidInput(
            f"Write {TEXT_MIN} to {TEXT_MAX} characters.",
            code=ErrorCode.TEXT_LENGTH,
            min=TEXT_MIN,
            max=TEXT_MAX,
        )
    return words


def check_number(text: str) -> str:
    """A number as typed (a comma or a point before the decimals), kept as its digits."""
    typed = plain(text).replace(" ", "")
    if not _NUMBER.match(typed):
        raise InvalidInput(
            f"“{typed[:40]}” is not a number. Type digits only, for example 12345 or 12.5.",
            code=ErrorCode.NOT_A_NUMBER,
            typed=typed[:40],
        )
    try:
        return str(Decimal(typed.replace(",", ".")))
    except InvalidOperation:  # the pattern admits none, but a number is what is stored
        raise InvalidInput("That is not a number.", code=ErrorCode.NOT_A_NUMBER, typed="") from None


def check_choice(step: Step, index: int) -> str:
    """The option picked by its place in the list."""
    if not 0 <= index < len(step.options):
        raise InvalidInput(
            "That choice is not offered here (any more).", code=ErrorCode.CHOICE_NOT_OFFERED
        )
    return step.options[index]


def check_reason(text: str) -> str:
    """Why a step is skipped or a job failed, in the technician's words."""
    return check_text(text)


def observed(state: VehicleState) -> dict[str, Any]:
    """What the box reported, as the answer and the job page keep it."""
    return state_to_json(state)


def test_passed(check: TestCheck, state: VehicleState) -> bool:
    """Whether the state the box reported shows what the test looks for."""
    if check == TestCheck.ONLINE:
        return state.online.value
    if check in (TestCheck.LOCKED, TestCheck.UNLOCKED):
        wanted = CentralLockState.LOCKED if check == TestCheck.LOCKED else CentralLockState.UNLOCKED
        return (
            state.online.value
            and state.central_lock is not None
            and (state.central_lock.value == wanted)
        )
    if check in (TestCheck.DRIVING_DISABLED, TestCheck.DRIVING_ENABLED):
        wanted_enabled = check == TestCheck.DRIVING_ENABLED
        reading = state.driving_enabled
        return state.online.value and reading is not None and reading.value is wanted_enabled
    reading_fob = state.key_fob_in_holder
    return state.online.value and reading_fob is not None and reading_fob.value is True


def vehicle_facts(answer: Answer | None) -> Mapping[str, str]:
    """The VIN or plate a technician gave at the vehicle step of a job that named neither."""
    if answer is None:
        return {}
    return {
        key: str(answer.extra[key]) for key in ("vin", "license_plate") if answer.extra.get(key)
    }
