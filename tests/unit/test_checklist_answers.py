"""What a technician's typed answer must be, and what a live test's result shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudboxx import CentralLockState, Reading, VehicleState
from core import checklist_answers
from core.checklist import Answer, JobSheet, Outcome, Step, StepKind
from core.checklist import TestCheck as Check  # aliased: pytest would collect a Test* name
from core.checklist_answers import (
    check_choice,
    check_number,
    check_qnr,
    check_reason,
    check_text,
    check_vehicle,
    observed,
    vehicle_facts,
)
from core.errors import ErrorCode, InvalidInput
from core.job_fields import JobFields

VIN = "WVWZZZCDZMW000101"
PLATE = "B-FC 101"
QNR = "38429DA427AB7C25"
AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LONE_SURROGATE = "B-FC \udc80 101"


def job(**fields: Any) -> JobSheet:
    return JobSheet(1, JobFields(**fields))


def refusal(check: Any, *arguments: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        check(*arguments)
    return refused.value


# The vehicle


@pytest.mark.parametrize("typed", ["000101", " 000 101 ", "000-101", "000.101"])
def test_the_vin_end_confirms_the_vehicle(typed):
    answer = check_vehicle(job(vin=VIN, license_plate=PLATE), typed)

    assert answer.outcome == Outcome.DONE
    assert answer.extra == {"matched": "vin"}


def test_the_whole_vin_confirms_the_vehicle():
    answer = check_vehicle(job(vin=VIN), "wvwzzz cdzmw 000101")

    assert answer.extra == {"matched": "vin"}
    assert answer.value == "WVWZZZ CDZMW 000101"


@pytest.mark.parametrize("typed", ["00101", "W000101", "ZZZCDZMW000101", "000102"])
def test_any_other_part_of_the_vin_is_refused(typed):
    problem = refusal(check_vehicle, job(vin=VIN), typed)

    assert problem.code == ErrorCode.VEHICLE_MISMATCH


@pytest.mark.parametrize("typed", ["B-FC 101", "b fc101", "BFC101", " B·FC·101 ", "b.fc-101"])
def test_a_plate_with_other_spacing_confirms_the_vehicle(typed):
    answer = check_vehicle(job(vin=VIN, license_plate=PLATE), typed)

    assert answer.extra == {"matched": "license_plate"}


def test_another_cars_plate_is_refused_with_what_was_typed():
    problem = refusal(check_vehicle, job(vin=VIN, license_plate=PLATE), " b-fc  102 ")

    assert problem.code == ErrorCode.VEHICLE_MISMATCH
    assert problem.values == {"typed": "B-FC 102"}
    assert "“B-FC 102” does not match this job's vehicle" in problem.message


def test_a_refusal_repeats_at_most_forty_characters():
    problem = refusal(check_vehicle, job(license_plate=PLATE), "X" * 5000)

    assert problem.values == {"typed": "X" * 40}
    assert len(problem.message) < 300


def test_a_job_that_names_no_vehicle_takes_the_vin_typed():
    answer = check_vehicle(job(), f"  {VIN.lower()} ")

    assert answer == Answer(Outcome.DONE, VIN, extra={"vin": VIN})
    assert vehicle_facts(answer) == {"vin": VIN}


def test_a_job_that_names_no_vehicle_takes_a_vin_typed_in_groups_as_the_vin():
    answer = check_vehicle(job(), "WVW ZZZ CDZ MW000101")

    assert vehicle_facts(answer) == {"vin": VIN}


def test_a_job_that_names_no_vehicle_takes_the_plate_as_typed():
    answer = check_vehicle(job(), " m-fc   202 ")

    assert answer == Answer(Outcome.DONE, "M-FC 202", extra={"license_plate": "M-FC 202"})
    assert vehicle_facts(answer) == {"license_plate": "M-FC 202"}


@pytest.mark.parametrize("typed", ["", "  ", "X", "A" * 21])
def test_a_job_that_names_no_vehicle_refuses_what_is_neither_vin_nor_plate(typed):
    problem = refusal(check_vehicle, job(), typed)

    assert problem.code == ErrorCode.VEHICLE_UNNAMED


def test_a_vehicle_confirmed_against_the_job_adds_no_facts():
    assert vehicle_facts(check_vehicle(job(vin=VIN), "000101")) == {}
    assert vehicle_facts(None) == {}


# The box


@pytest.mark.parametrize(
    ("typed", "qnr"),
    [
        (QNR, QNR),
        ("38429da427ab7c25", QNR),
        ("3842 9DA4 27AB 7C25", QNR),
        ("3842-9DA4-27AB-7C25", QNR),
        ("0030000000000001", "0030000000000001"),
    ],
)
def test_a_qnr_is_sixteen_hex_characters(typed, qnr):
    assert check_qnr(typed) == qnr


@pytest.mark.parametrize(
    "typed", ["", "38429DA427AB7C2", "38429DA427AB7C255", "38429DA427AB7C2G", "38429DA4.27AB7C25"]
)
def test_anything_else_is_not_a_qnr(typed):
    problem = refusal(check_qnr, typed)

    assert problem.code == ErrorCode.NOT_A_QNR
    assert problem.values == {"typed": typed}
    assert "for example 38429DA427AB7C25" in problem.message


# Words, numbers and choices


def test_a_text_answer_is_kept_without_its_outer_spaces():
    assert check_text("  Fitted behind the glovebox \n") == "Fitted behind the glovebox"


@pytest.mark.parametrize("typed", ["", "x", "  x  ", "x" * 1001])
def test_a_text_answer_has_two_to_a_thousand_characters(typed):
    problem = refusal(check_text, typed)

    assert problem.code == ErrorCode.TEXT_LENGTH
    assert problem.values == {"min": 2, "max": 1000}


def test_a_reason_is_a_text_answer():
    assert check_reason(" No signal in the garage ") == "No signal in the garage"
    assert refusal(check_reason, "?").code == ErrorCode.TEXT_LENGTH


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("12345", "12345"),
        ("12.5", "12.5"),
        ("12,5", "12.5"),
        ("-3", "-3"),
        (" 12 345 ", "12345"),
        ("007", "7"),
        ("0.000001", "0.000001"),
        ("999999999999999.999999", "999999999999999.999999"),
    ],
)
def test_a_number_is_kept_as_its_digits(typed, number):
    assert check_number(typed) == number


@pytest.mark.parametrize(
    "typed", ["", "twelve", "12a", "1e5", "1.2.3", "1_000", "+5", ".5", "5.", "1" * 16, "1.1234567"]
)
def test_anything_else_is_not_a_number(typed):
    problem = refusal(check_number, typed)

    assert problem.code == ErrorCode.NOT_A_NUMBER


def tyres() -> Step:
    return Step(
        "extra_1",
        StepKind.CHOICE,
        True,
        "step.extra",
        {"label": "Tyres"},
        options=("summer", "winter"),
        option_texts=("summer", "winter"),
    )


def test_a_choice_is_picked_by_its_place_in_the_list():
    assert check_choice(tyres(), 0) == "summer"
    assert check_choice(tyres(), 1) == "winter"


@pytest.mark.parametrize("index", [-1, 2, 10**6])
def test_a_choice_no_longer_offered_is_refused(index):
    assert refusal(check_choice, tyres(), index).code == ErrorCode.CHOICE_NOT_OFFERED


@pytest.mark.parametrize(
    "check",
    [
        check_qnr,
        check_text,
        check_number,
        check_reason,
        lambda text: check_vehicle(job(license_plate=PLATE), text),
        lambda text: check_vehicle(job(), text),
    ],
)
@pytest.mark.parametrize("typed", [LONE_SURROGATE, "B-FC\x00101"])
def test_what_is_not_text_is_refused_as_such(check, typed):
    assert refusal(check, typed).code == ErrorCode.NOT_TEXT


# Live tests


def state(online: bool = True, **readings: Any) -> VehicleState:
    return VehicleState(
        "0030000000000011",
        Reading(online, AT),
        **{name: Reading(value, AT) for name, value in readings.items()},
    )


def passed(check: Check, box_state: VehicleState) -> bool:
    return checklist_answers.test_passed(check, box_state)


def test_a_box_that_answers_is_online():
    assert passed(Check.ONLINE, state())
    assert not passed(Check.ONLINE, state(online=False))


def test_a_lock_test_passes_when_the_box_reports_the_lock_as_asked():
    locked = state(central_lock=CentralLockState.LOCKED)

    assert passed(Check.LOCKED, locked)
    assert not passed(Check.UNLOCKED, locked)
    assert passed(Check.UNLOCKED, state(central_lock=CentralLockState.UNLOCKED))


def test_a_lock_test_fails_when_the_box_reports_no_lock():
    assert not passed(Check.LOCKED, state())


def test_an_immobilizer_test_passes_when_driving_is_as_asked():
    assert passed(Check.DRIVING_DISABLED, state(driving_enabled=False))
    assert not passed(Check.DRIVING_DISABLED, state(driving_enabled=True))
    assert passed(Check.DRIVING_ENABLED, state(driving_enabled=True))
    assert not passed(Check.DRIVING_ENABLED, state())


def test_the_key_fob_test_passes_when_the_fob_is_in_its_holder():
    assert passed(Check.KEY_FOB_IN_HOLDER, state(key_fob_in_holder=True))
    assert not passed(Check.KEY_FOB_IN_HOLDER, state(key_fob_in_holder=False))
    assert not passed(Check.KEY_FOB_IN_HOLDER, state())


def test_a_key_fob_seen_before_the_box_went_offline_does_not_pass():
    assert not passed(Check.KEY_FOB_IN_HOLDER, state(online=False, key_fob_in_holder=True))


def test_what_the_box_reported_is_kept_with_the_answer():
    kept = observed(state(central_lock=CentralLockState.LOCKED))

    assert kept["qnr"] == "0030000000000011"
    assert kept["central_lock"]["value"] == "LOCKED"


# Properties

any_text = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=())),
    st.text(alphabet="0123456789abcdefABCDEF -.,·\t\n", max_size=40),
    st.builds(
        lambda piece, times: piece * times,
        st.text(alphabet=st.characters(exclude_categories=()), min_size=1, max_size=4),
        st.integers(1000, 50_000),
    ),
)
vehicle_jobs = st.builds(
    job,
    vin=st.none() | st.just(VIN),
    license_plate=st.none() | st.sampled_from([PLATE, "M-FC 202", "-"]),
)


def answer_or_refusal(check: Any, *arguments: Any) -> Any:
    try:
        return check(*arguments)
    except InvalidInput as problem:
        assert problem.message
        assert problem.code is not None
        return problem


@given(vehicle_jobs, any_text)
def test_a_vehicle_answer_is_confirmed_or_refused_for_any_text(sheet, text):
    answer = answer_or_refusal(check_vehicle, sheet, text)

    if isinstance(answer, Answer):
        assert answer.outcome == Outcome.DONE
        assert isinstance(answer.value, str)


@given(any_text)
def test_a_qnr_answer_is_a_qnr_or_refused_for_any_text(text):
    qnr = answer_or_refusal(check_qnr, text)

    if isinstance(qnr, str):
        assert re.fullmatch("[0-9A-F]{16}", qnr)
        assert check_qnr(qnr) == qnr


@given(any_text)
def test_a_text_answer_is_two_to_a_thousand_characters_or_refused_for_any_text(text):
    words = answer_or_refusal(check_text, text)

    if isinstance(words, str):
        assert 2 <= len(words) <= 1000
        assert words == words.strip()


@given(st.one_of(any_text, st.from_regex(r"\A-?[0-9]{1,15}([.,][0-9]{1,6})?\Z")))
def test_a_number_answer_is_plain_digits_or_refused_for_any_text(text):
    number = answer_or_refusal(check_number, text)

    if isinstance(number, str):
        assert re.fullmatch(r"-?[0-9]{1,15}(\.[0-9]{1,6})?", number)
        assert Decimal(number) == Decimal("".join(text.split()).replace(",", "."))
        assert check_number(number) == number


@given(st.lists(st.text(max_size=5), max_size=4), st.integers())
def test_a_choice_is_an_option_or_refused_for_any_place(options, index):
    step = Step("extra_1", StepKind.CHOICE, True, "step.extra", options=tuple(options))

    picked = answer_or_refusal(check_choice, step, index)

    assert isinstance(picked, InvalidInput) or picked in options


@given(
    st.sampled_from(Check),
    st.none() | st.sampled_from(CentralLockState),
    st.none() | st.booleans(),
    st.none() | st.booleans(),
)
def test_a_box_that_is_offline_passes_no_live_test(check, lock, driving, fob):
    readings = {"central_lock": lock, "driving_enabled": driving, "key_fob_in_holder": fob}
    last_known = {name: value for name, value in readings.items() if value is not None}

    assert not passed(check, state(online=False, **last_known))
