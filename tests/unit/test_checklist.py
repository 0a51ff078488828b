"""The steps of a job, built as data from the job, its vehicle model and the answers so far."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudboxx import (
    Accessory,
    CentralLockConnectionType,
    Command,
    FuelType,
    InstallationVariant,
    StateField,
    VehicleModel,
    VehicleType,
)
from cloudboxx.demo import DEMO_VEHICLE_MODELS, FIAT, GOLF, ID3, TRANSIT, YARIS, ZOE
from core.checklist import (
    Answer,
    Checklist,
    JobSheet,
    Outcome,
    StepKind,
    box_qnr,
    build_checklist,
    setup_value,
)
from core.checklist import TestCheck as Check  # aliased: pytest would collect a Test* name
from core.extra_items import ExtraItem, ItemKind
from core.job_fields import FIELD_NAMES, JobFields, JobType, MaintenanceType

MODELS = {model.id: model for model in DEMO_VEHICLE_MODELS}
QNR = "38429DA427AB7C25"
VIN = "WVWZZZCDZMW000101"
STANDARD, OBD = InstallationVariant.STANDARD, InstallationVariant.OBD
KEY_HOLDER, CUSTOM = InstallationVariant.KEY_HOLDER, InstallationVariant.CUSTOM
DIRECT, CAN = CentralLockConnectionType.DIRECT, CentralLockConnectionType.CAN
KEY_FOB, NO_LOCK = CentralLockConnectionType.KEY_FOB, CentralLockConnectionType.NONE
MAINTENANCE = JobType.MAINTENANCE


def job(*, extra_items: tuple[ExtraItem, ...] = (), **fields: Any) -> JobSheet:
    return JobSheet(1, JobFields(**fields), extra_items=extra_items)


def golf(**fields: Any) -> JobSheet:
    """A Golf 8 whose setup is planned in full, unless the test says otherwise."""
    planned = {
        "vehicle_model_id": GOLF,
        "installation_variant": STANDARD,
        "central_lock_connection_type": DIRECT,
        "qnr": QNR,
    }
    return job(**{**planned, **fields})


def done(value: Any = None, **extra: Any) -> Answer:
    return Answer(Outcome.DONE, value, extra=extra)


def skipped(reason: str = "Not possible here") -> Answer:
    return Answer(Outcome.SKIPPED, reason=reason)


def keys(
    sheet: JobSheet,
    answers: dict[str, Answer] | None = None,
    models: dict[str, VehicleModel] = MODELS,
) -> list[str]:
    return [step.key for step in build_checklist(sheet, models, answers or {}).steps]


def live_tests(sheet: JobSheet, models: dict[str, VehicleModel] = MODELS) -> list[str]:
    return [key for key in keys(sheet, models=models) if key.startswith("test_")]


def with_model(model_id: str, **changes: Any) -> dict[str, VehicleModel]:
    return {**MODELS, model_id: dataclasses.replace(MODELS[model_id], **changes)}


# An installation


def test_an_installation_walks_vehicle_box_fitting_setup_tests_and_photos():
    assert keys(golf()) == [
        "vehicle",
        "box",
        "fit_box",
        "wire_power",
        "wire_lock",
        "fit_card_reader",
        "fit_bluetooth",
        "setup",
        "test_state",
        "test_lock",
        "test_unlock",
        "test_disable_driving",
        "test_enable_driving",
        "photo_box",
        "photo_label",
    ]


def test_the_vehicle_step_shows_the_plate_the_vin_end_and_the_name():
    vehicle = build_checklist(
        golf(vin=VIN, license_plate="B-FC 101", custom_name="Golf 12"), MODELS, {}
    ).steps[0]

    assert vehicle.kind == StepKind.VEHICLE
    assert vehicle.required
    assert dict(vehicle.values) == {"plate": "B-FC 101", "vin_end": "000101", "name": "Golf 12"}


def test_the_box_step_shows_the_planned_qnr():
    box = build_checklist(golf(), MODELS, {}).step("box")

    assert box is not None
    assert box.kind == StepKind.QNR
    assert dict(box.values) == {"planned": QNR}


def test_an_obd_installation_is_plugged_in_not_fitted_and_wired_for_power():
    steps = keys(golf(installation_variant=OBD))

    assert "fit_obd" in steps
    assert not {"fit_box", "wire_power"} & set(steps)


def test_an_obd_installation_without_a_lock_connection_has_no_wiring_steps():
    models = with_model(GOLF, central_lock_connection_types=frozenset({NO_LOCK}))
    steps = keys(golf(installation_variant=OBD, central_lock_connection_type=NO_LOCK), {}, models)

    assert [key for key in steps if key.startswith("wire_")] == []


def test_a_directly_connected_lock_is_wired_even_for_an_obd_box():
    assert "wire_lock" in keys(golf(installation_variant=OBD, central_lock_connection_type=DIRECT))


def test_a_can_lock_is_wired_to_the_can_bus():
    steps = keys(golf(vehicle_model_id=ID3, central_lock_connection_type=CAN))

    assert "wire_can" in steps
    assert "wire_lock" not in steps


def test_a_custom_fitting_is_described_in_words_with_the_jobs_instructions():
    sheet = golf(
        vehicle_model_id=TRANSIT, installation_variant=CUSTOM, instructions="Behind glovebox"
    )
    fitting = build_checklist(sheet, MODELS, {}).step("fit_custom")

    assert fitting is not None
    assert fitting.kind == StepKind.TEXT
    assert dict(fitting.values) == {"instructions": "Behind glovebox"}
    assert "fit_box" not in keys(sheet)


def test_a_key_holder_installation_fits_the_key_holder_once_and_tests_the_key_fob():
    steps = keys(
        golf(
            vehicle_model_id=YARIS,
            installation_variant=KEY_HOLDER,
            central_lock_connection_type=KEY_FOB,
        )
    )

    assert steps.count("fit_key_holder") == 1
    assert steps.index("fit_key_holder") < steps.index("wire_key_fob")
    assert "test_key_fob" in steps


def test_a_key_fob_lock_needs_a_key_holder_in_any_fitting():
    steps = keys(
        golf(
            vehicle_model_id=YARIS,
            installation_variant=CUSTOM,
            central_lock_connection_type=KEY_FOB,
        )
    )

    assert steps[steps.index("fit_custom") :][:3] == [
        "fit_custom",
        "fit_key_holder",
        "wire_key_fob",
    ]


def test_a_key_fob_is_not_tested_where_no_key_holder_is_fitted():
    assert "test_key_fob" not in keys(golf())


def test_a_model_without_driving_commands_gets_no_immobilizer_tests():
    tests = live_tests(golf(vehicle_model_id=FIAT))

    assert tests == ["test_state", "test_lock", "test_unlock"]


def test_a_lock_that_is_not_connected_gets_no_lock_tests():
    assert live_tests(golf(central_lock_connection_type=NO_LOCK)) == [
        "test_state",
        "test_disable_driving",
        "test_enable_driving",
    ]


def test_a_model_that_cannot_report_its_state_gets_no_state_test():
    models = with_model(GOLF, commands=frozenset(Command) - {Command.REQUEST_VEHICLE_STATE})

    assert "test_state" not in live_tests(golf(), models)


def test_a_model_the_catalogue_no_longer_knows_still_tests_that_the_box_is_online():
    steps = keys(golf(vehicle_model_id="retired-model"))

    assert [key for key in steps if key.startswith(("test_", "fit_card", "fit_blue"))] == [
        "test_state"
    ]


def test_each_live_test_asks_the_box_something_and_may_be_skipped():
    for step in build_checklist(
        golf(
            vehicle_model_id=YARIS,
            installation_variant=KEY_HOLDER,
            central_lock_connection_type=KEY_FOB,
        ),
        MODELS,
        {},
    ).steps:
        if step.kind == StepKind.TEST:
            assert step.command is not None
            assert step.check is not None
            assert not step.required


def test_the_live_tests_look_for_what_their_command_does():
    checklist = build_checklist(golf(), MODELS, {})
    looks = {step.key: (step.command, step.check) for step in checklist.steps if step.check}

    assert looks == {
        "test_state": (Command.REQUEST_VEHICLE_STATE, Check.ONLINE),
        "test_lock": (Command.LOCK_CENTRAL_LOCK, Check.LOCKED),
        "test_unlock": (Command.UNLOCK_CENTRAL_LOCK, Check.UNLOCKED),
        "test_disable_driving": (Command.DISABLE_DRIVING, Check.DRIVING_DISABLED),
        "test_enable_driving": (Command.ENABLE_DRIVING, Check.DRIVING_ENABLED),
    }


def test_accessories_of_the_model_are_fitted_and_may_be_skipped():
    checklist = build_checklist(golf(vehicle_model_id=FIAT), MODELS, {})
    card_reader = checklist.step("fit_card_reader")

    assert card_reader is not None
    assert not card_reader.required
    assert checklist.step("fit_bluetooth") is None


def test_the_setup_is_applied_after_the_fitting_and_before_the_live_tests():
    steps = keys(golf())

    assert steps.index("wire_lock") < steps.index("setup") < steps.index("test_state")


def test_a_typed_box_needs_a_label_photo():
    assert keys(golf(), {"box": done(QNR, how="typed")})[-1] == "photo_label"


def test_a_label_read_box_needs_no_label_photo():
    steps = keys(golf(), {"box": done(QNR, from_label=True)})

    assert steps[-1] == "photo_box"
    assert "photo_label" not in steps


# What the job leaves open is asked for just before it is needed


def test_a_planned_setup_is_not_asked_for():
    assert not {"model", "variant", "lock_type"} & set(keys(golf()))


def test_a_job_without_a_model_asks_for_it_right_after_the_vehicle():
    checklist = build_checklist(job(brand="volkswagen"), MODELS, {})
    model = checklist.steps[1]

    assert model.key == "model"
    assert model.kind == StepKind.CHOICE
    assert model.fills == "vehicle_model_id"
    assert model.options == (GOLF, ID3)
    assert model.option_texts == ("Volkswagen Golf 8", "Volkswagen ID.3")


def test_a_brand_the_catalogue_does_not_know_offers_every_model_by_name():
    model = build_checklist(job(brand="Trabant"), MODELS, {}).step("model")

    assert model is not None
    assert set(model.options) == set(MODELS)
    assert list(model.option_texts) == sorted(model.option_texts)


def test_an_open_variant_and_lock_are_asked_before_the_steps_that_depend_on_them():
    steps = keys(job(vehicle_model_id=GOLF))

    assert steps[:7] == [
        "vehicle",
        "box",
        "variant",
        "fit_box",
        "wire_power",
        "lock_type",
        "fit_card_reader",
    ]


def test_before_a_model_is_chosen_every_variant_is_offered():
    variant = build_checklist(job(), MODELS, {}).step("variant")

    assert variant is not None
    assert variant.options == ("STANDARD", "OBD", "KEY_HOLDER", "CUSTOM")
    assert variant.option_texts == ("Standard", "Obd", "Key holder", "Custom")


def test_the_chosen_model_decides_the_variants_and_locks_offered():
    checklist = build_checklist(job(), MODELS, {"model": done(YARIS)})
    variant, lock = checklist.step("variant"), checklist.step("lock_type")

    assert variant is not None
    assert lock is not None
    assert variant.options == ("KEY_HOLDER", "CUSTOM")
    assert lock.options == ("KEY_FOB",)


def test_choosing_another_variant_changes_the_steps_that_follow():
    sheet = job(vehicle_model_id=GOLF, central_lock_connection_type=DIRECT, qnr=QNR)

    standard = keys(sheet, {"variant": done("STANDARD")})
    obd = keys(sheet, {"variant": done("OBD")})

    assert standard[: standard.index("wire_lock")] == [
        "vehicle",
        "box",
        "variant",
        "fit_box",
        "wire_power",
    ]
    assert obd[: obd.index("wire_lock")] == ["vehicle", "box", "variant", "fit_obd"]


def test_choosing_another_lock_connection_changes_the_wiring_and_the_tests():
    sheet = job(vehicle_model_id=ZOE, installation_variant=STANDARD, qnr=QNR)

    can = keys(sheet, {"lock_type": done("CAN")})
    direct = keys(sheet, {"lock_type": done("DIRECT")})

    assert "wire_can" in can
    assert "wire_lock" in direct
    assert "test_lock" in can
    assert "test_lock" in direct


# A maintenance job


def maintenance(**fields: Any) -> JobSheet:
    return golf(job_type=MAINTENANCE, **fields)


def test_maintenance_confirms_the_vehicle_then_shows_the_problem():
    sheet = maintenance(maintenance_type=MaintenanceType.REPAIR, problem_description="No signal")
    vehicle, problem = build_checklist(sheet, MODELS, {}).steps[:2]

    assert vehicle.key == "vehicle"
    assert problem.key == "problem"
    assert problem.kind == StepKind.BOX_STATE
    assert problem.command == Command.REQUEST_VEHICLE_STATE
    assert dict(problem.values) == {"maintenance_type": "REPAIR", "problem": "No signal"}


def test_maintenance_of_a_box_not_named_asks_for_it_before_the_problem():
    assert keys(maintenance(qnr=None))[:3] == ["vehicle", "box", "problem"]


def test_maintenance_walks_problem_inspections_work_done_and_a_photo():
    assert keys(maintenance()) == [
        "vehicle",
        "problem",
        "inspect_online",
        "inspect_wiring",
        "inspect_card_reader",
        "test_lock",
        "test_unlock",
        "work_done",
        "photo_after",
    ]


def test_maintenance_follows_the_setup_the_installed_box_reported():
    sheet = job(job_type=MAINTENANCE, qnr=QNR)
    reported = {
        "vehicle_model_id": YARIS,
        "installation_variant": "KEY_HOLDER",
        "central_lock_connection_type": "KEY_FOB",
    }

    before = keys(sheet)
    after = keys(sheet, {"problem": done(None, config=reported)})

    assert "inspect_key_holder" not in before
    assert {"inspect_key_holder", "inspect_card_reader", "test_lock"} <= set(after)


def test_maintenance_of_a_box_without_a_lock_connection_tests_no_lock():
    steps = keys(maintenance(central_lock_connection_type=NO_LOCK))

    assert not {"test_lock", "test_unlock"} & set(steps)


# Extra items


def test_extra_items_come_last_in_their_order():
    items = (
        ExtraItem("Sticker on the windscreen", ItemKind.PHOTO, required=True),
        ExtraItem("Mileage at handover", ItemKind.NUMBER, required=False),
        ExtraItem("Tyres", ItemKind.CHOICE, required=True, options=("summer", "winter")),
    )

    for sheet in (golf(extra_items=items), maintenance(extra_items=items)):
        extras = build_checklist(sheet, MODELS, {}).steps[-3:]

        assert [step.key for step in extras] == ["extra_1", "extra_2", "extra_3"]
        assert [step.kind for step in extras] == [StepKind.PHOTO, StepKind.NUMBER, StepKind.CHOICE]
        assert [step.required for step in extras] == [True, False, True]
        assert [step.values["label"] for step in extras] == [item.label for item in items]
        assert extras[2].options == extras[2].option_texts == ("summer", "winter")


# Walking the list


def test_a_checklist_knows_what_comes_before_and_after_a_step():
    checklist = build_checklist(golf(), MODELS, {})

    assert checklist.before("vehicle") is None
    assert checklist.after("vehicle") == checklist.step("box")
    assert checklist.before("box") == checklist.step("vehicle")
    assert checklist.after("photo_label") is None
    assert checklist.index("box") == 1


def test_a_step_the_checklist_does_not_have_is_none_or_a_value_error():
    checklist = build_checklist(golf(), MODELS, {})

    assert checklist.step("fit_obd") is None
    with pytest.raises(ValueError, match="fit_obd"):
        checklist.index("fit_obd")
    with pytest.raises(ValueError):
        checklist.after("fit_obd")


def test_the_first_open_step_is_the_first_without_an_answer_skipped_or_done():
    checklist = build_checklist(golf(), MODELS, {})
    answers = {"vehicle": done("000101"), "box": skipped(), "setup": done({})}

    step = checklist.first_open(answers)

    assert step is not None
    assert step.key == "fit_box"


def test_a_checklist_with_every_step_answered_has_none_open():
    checklist = build_checklist(golf(), MODELS, {})

    assert checklist.first_open({step.key: skipped() for step in checklist.steps}) is None


def test_complete_waits_for_required_steps_skipped_or_not_yet_done():
    checklist = build_checklist(golf(), MODELS, {})
    answers = {step.key: done() for step in checklist.steps}
    answers["box"] = skipped()
    answers["test_lock"] = skipped()
    del answers["photo_label"]

    assert [step.key for step in checklist.missing(answers)] == ["box", "photo_label"]


def test_an_empty_checklist_has_nothing_open_and_nothing_missing():
    assert Checklist(()).first_open({}) is None
    assert Checklist(()).missing({}) == ()


# The setup as it stands, and the box


def test_a_setup_value_is_the_jobs_plan_as_text():
    assert setup_value(golf(), {}, "installation_variant") == "STANDARD"
    assert setup_value(golf(fuel_type=FuelType.PETROL), {}, "fuel_type") == "PETROL"


def test_a_choice_sets_up_the_field_the_job_left_open():
    assert setup_value(job(), {"variant": done("OBD")}, "installation_variant") == "OBD"
    assert setup_value(job(), {"model": done(ZOE)}, "vehicle_model_id") == ZOE
    assert setup_value(job(), {"lock_type": done("CAN")}, "central_lock_connection_type") == "CAN"


def test_a_skipped_choice_sets_up_nothing():
    assert setup_value(job(), {"variant": skipped()}, "installation_variant") is None


def test_the_technicians_configuration_wins_over_choice_and_plan():
    answers = {"variant": done("STANDARD"), "setup": done({"installation_variant": "OBD"})}

    assert setup_value(golf(), answers, "installation_variant") == "OBD"
    assert setup_value(golf(), answers, "vehicle_model_id") == GOLF


def test_maintenance_falls_back_to_the_configuration_the_box_reported():
    answers = {"problem": done(None, config={"configuration_preset": "rental", "odd": 3})}

    assert setup_value(job(job_type=MAINTENANCE), answers, "configuration_preset") == "rental"
    assert setup_value(job(job_type=MAINTENANCE), answers, "fuel_type") is None


def test_the_box_is_the_one_identified_else_the_planned_one():
    assert box_qnr(golf(), {"box": done("0030000000000001")}) == "0030000000000001"
    assert box_qnr(golf(), {"box": skipped()}) == QNR
    assert box_qnr(job(), {}) is None


# Stored answers


def test_an_answer_keeps_what_came_with_it_beside_its_value():
    answer = Answer(Outcome.SKIPPED, None, "No signal in the garage", {"how": "typed"})

    assert answer.to_json() == {
        "outcome": "skipped",
        "value": None,
        "reason": "No signal in the garage",
        "how": "typed",
    }
    assert Answer.from_json(answer.to_json()) == answer


def test_an_answer_without_a_reason_stores_none():
    assert done("OBD").to_json() == {"outcome": "done", "value": "OBD"}


# Properties

_KNOWN_KEYS = (
    "vehicle",
    "model",
    "box",
    "variant",
    "lock_type",
    "fit_obd",
    "fit_custom",
    "fit_box",
    "wire_power",
    "fit_key_holder",
    "wire_lock",
    "wire_can",
    "wire_key_fob",
    "fit_card_reader",
    "fit_bluetooth",
    "setup",
    "test_state",
    "test_lock",
    "test_unlock",
    "test_disable_driving",
    "test_enable_driving",
    "test_key_fob",
    "photo_box",
    "photo_label",
    "problem",
    "inspect_online",
    "inspect_wiring",
    "inspect_key_holder",
    "inspect_card_reader",
    "work_done",
    "photo_after",
    "extra_1",
    "extra_2",
    "extra_3",
    "no_such_step",
)
_MODEL_IDS = (*MODELS, "retired-model")
_SETUP_TEXT = st.one_of(
    st.sampled_from([*_MODEL_IDS, *InstallationVariant, *CentralLockConnectionType, *FuelType]),
    st.text(max_size=8),
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _frozen(members: Any) -> st.SearchStrategy[frozenset[Any]]:
    return st.frozensets(st.sampled_from(list(members)))


vehicle_models = st.builds(
    VehicleModel,
    id=st.sampled_from(_MODEL_IDS),
    brand=st.sampled_from(["Volkswagen", "Renault", "Ford", "Trabant", ""]),
    model=st.text(max_size=8),
    vehicle_type=st.sampled_from(VehicleType),
    central_lock_connection_types=_frozen(CentralLockConnectionType),
    commands=_frozen(Command),
    state_fields=_frozen(StateField),
    fuel_types=_frozen(FuelType),
    installation_variants=_frozen(InstallationVariant),
    accessories=_frozen(Accessory),
)
catalogues = st.one_of(
    st.just(MODELS),
    st.just({}),
    st.lists(vehicle_models, max_size=4).map(lambda models: {m.id: m for m in models}),
)
job_fields = st.builds(
    JobFields,
    job_type=st.sampled_from(JobType),
    vin=st.none() | st.just(VIN),
    license_plate=st.none() | st.text(max_size=10),
    custom_name=st.none() | st.text(max_size=10),
    brand=st.none() | st.sampled_from(["volkswagen", "Ford ", "Trabant"]),
    fuel_type=st.none() | st.sampled_from(FuelType),
    vehicle_model_id=st.none() | st.sampled_from(_MODEL_IDS),
    installation_variant=st.none() | st.sampled_from(InstallationVariant),
    central_lock_connection_type=st.none() | st.sampled_from(CentralLockConnectionType),
    qnr=st.none() | st.just(QNR),
    instructions=st.none() | st.text(max_size=10),
    maintenance_type=st.none() | st.sampled_from(MaintenanceType),
    problem_description=st.none() | st.text(max_size=10),
)
extra_items = st.lists(
    st.builds(
        ExtraItem,
        label=st.text(min_size=2, max_size=10),
        kind=st.sampled_from(ItemKind),
        required=st.booleans(),
        options=st.lists(st.text(max_size=5), max_size=3).map(tuple),
    ),
    max_size=3,
).map(tuple)
sheets = st.builds(JobSheet, job_id=st.integers(1, 10), fields=job_fields, extra_items=extra_items)
answers_ = st.builds(
    Answer,
    outcome=st.sampled_from(Outcome),
    value=st.one_of(
        _SETUP_TEXT, _JSON, st.dictionaries(st.sampled_from(list(FIELD_NAMES)), _SETUP_TEXT)
    ),
    reason=st.none() | st.text(max_size=10),
    extra=st.dictionaries(
        st.sampled_from(["from_label", "config", "how"]),
        st.one_of(
            st.booleans(),
            _JSON,
            st.dictionaries(st.sampled_from(list(FIELD_NAMES)), _SETUP_TEXT),
        ),
    ),
)
answer_sets = st.dictionaries(st.sampled_from(_KNOWN_KEYS), answers_)


@given(sheets, catalogues, answer_sets)
def test_any_job_gets_a_checklist_of_distinct_steps(sheet, models, answers):
    checklist = build_checklist(sheet, models, answers)

    step_keys = [step.key for step in checklist.steps]
    assert len(step_keys) == len(set(step_keys))
    assert step_keys[len(step_keys) - len(sheet.extra_items) :] == [
        f"extra_{number}" for number in range(1, len(sheet.extra_items) + 1)
    ]
    assert step_keys[0] == "vehicle"
    if sheet.fields.job_type == JobType.MAINTENANCE:
        assert step_keys[1] == ("box" if sheet.fields.qnr is None else "problem")


@given(sheets, catalogues, answer_sets)
def test_complete_waits_for_exactly_the_required_steps_not_done(sheet, models, answers):
    checklist = build_checklist(sheet, models, answers)

    missing = checklist.missing(answers)

    assert missing == tuple(
        step
        for step in checklist.steps
        if step.required and (step.key not in answers or answers[step.key].outcome != "done")
    )


@given(sheets, catalogues, answer_sets)
def test_the_first_open_step_is_the_first_unanswered(sheet, models, answers):
    checklist = build_checklist(sheet, models, answers)

    step = checklist.first_open(answers)

    if step is None:
        assert all(each.key in answers for each in checklist.steps)
    else:
        number = checklist.index(step.key)
        assert step.key not in answers
        assert all(each.key in answers for each in checklist.steps[:number])


@given(sheets, catalogues, answer_sets)
def test_every_step_offers_what_its_kind_needs(sheet, models, answers):
    for step in build_checklist(sheet, models, answers).steps:
        assert len(step.options) == len(step.option_texts)
        if step.fills is not None:
            assert step.kind == StepKind.CHOICE
            assert step.fills in FIELD_NAMES
        if step.kind == StepKind.TEST:
            assert step.command is not None
            assert step.check is not None
            assert not step.required
        if models and step.key == "model":
            assert set(step.options) <= set(models)


@given(sheets, answer_sets, st.sampled_from(FIELD_NAMES))
def test_a_setup_value_is_text_or_none(sheet, answers, name):
    value = setup_value(sheet, answers, name)

    assert value is None or isinstance(value, str)


json_answers = st.builds(
    Answer,
    outcome=st.sampled_from(Outcome),
    value=_JSON,
    reason=st.none() | st.text(),
    extra=st.dictionaries(
        st.text().filter(lambda key: key not in ("outcome", "value", "reason")), _JSON
    ),
)


@given(json_answers)
def test_a_stored_answer_reads_back_as_it_was(answer):
    assert Answer.from_json(answer.to_json()) == answer
    assert Answer.from_json(json.loads(json.dumps(answer.to_json()))) == answer
