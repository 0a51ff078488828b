"""The steps of a job as data, built from the job — pure.

An installation walks: confirm the vehicle → identify the box → fit and wire it for the
installation variant and the central lock → apply the configuration through the gateway →
the live tests the vehicle model supports → photos → the manager's extra items. A maintenance
job walks: the problem with the box's state → inspections → what was done → photos → extra
items. A value the job leaves open (vehicle model, variant, lock connection) gets a step that
asks for it just before the steps that depend on it.

The list is built again from the job, the vehicle model and the answers so far each time it is
needed, so a change of an earlier answer (Back, then another variant) changes what follows.
bot/flows walks any such list; the words of each step are the bot's (text_key, values).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cloudboxx import (
    Accessory,
    CentralLockConnectionType,
    Command,
    InstallationVariant,
    StateField,
    VehicleModel,
)
from core.buttons import Scalar
from core.extra_items import ExtraItem, ItemKind
from core.job_fields import JobFields, JobType

SETUP_FIELDS = (
    "vehicle_model_id",
    "installation_variant",
    "central_lock_connection_type",
    "fuel_type",
    "configuration_preset",
)
"""The job data fields the configuration step applies to the box."""


class StepKind(StrEnum):
    """What a step asks of the technician, and so how the bot shows it."""

    VEHICLE = "vehicle"  # type the last 6 of the VIN, or the plate
    QNR = "qnr"  # type the box's QNR, or send a photo of its label
    CHOICE = "choice"  # pick one of the options
    CONFIRM = "confirm"  # do it, then tap Done
    TEXT = "text"  # type a few words
    NUMBER = "number"  # type a number
    PHOTO = "photo"  # send a photo
    SETUP = "setup"  # see the configuration in full, change what may be changed, apply it
    TEST = "test"  # have the box do something and see what it reports
    BOX_STATE = "box_state"  # see the problem and the box's current state


class Outcome(StrEnum):
    """How a step was left behind: done, or skipped with a reason."""

    DONE = "done"
    SKIPPED = "skipped"


class TestCheck(StrEnum):
    """What a live test looks for in the state the box reports."""

    ONLINE = "online"
    LOCKED = "locked"
    UNLOCKED = "unlocked"
    DRIVING_DISABLED = "driving_disabled"
    DRIVING_ENABLED = "driving_enabled"
    KEY_FOB_IN_HOLDER = "key_fob_in_holder"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a checklist: what it asks, whether it may be skipped, what it offers."""

    key: str
    kind: StepKind
    required: bool
    text_key: str
    values: Mapping[str, Scalar] = field(default_factory=dict)
    options: tuple[str, ...] = ()  # CHOICE: the values to pick from
    option_texts: tuple[str, ...] = ()  # CHOICE: how each option reads (same order)
    fills: str | None = None  # CHOICE: the job data field the answer sets up
    command: Command | None = None  # TEST: what the box is asked to do
    check: TestCheck | None = None  # TEST: what its answer must show


@dataclass(frozen=True, slots=True)
class Answer:
    """A stored answer: done (with its value) or skipped (with the technician's reason)."""

    outcome: Outcome
    value: Any = None
    reason: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # what came with it (how, observed)

    def to_json(self) -> dict[str, Any]:
        """The answer as its checklist_answers row keeps it."""
        data: dict[str, Any] = {"outcome": self.outcome.value, "value": self.value}
        if self.reason is not None:
            data["reason"] = self.reason
        return {**data, **self.extra}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Answer:
        """The answer a checklist_answers row keeps."""
        rest = {k: v for k, v in data.items() if k not in ("outcome", "value", "reason")}
        return cls(Outcome(data["outcome"]), data.get("value"), data.get("reason"), rest)


@dataclass(frozen=True, slots=True)
class JobSheet:
    """What the checklist is built from: the job's data, its extra items, what was planned."""

    job_id: int
    fields: JobFields
    extra_items: tuple[ExtraItem, ...] = ()
    planned_fields: frozenset[str] = frozenset()
    allow_override: bool = False


@dataclass(frozen=True, slots=True)
class Checklist:
    """The steps of one job, in order."""

    steps: tuple[Step, ...]

    def step(self, key: str) -> Step | None:
        """The step with this key, if the checklist has one."""
        return next((step for step in self.steps if step.key == key), None)

    def index(self, key: str) -> int:
        """Where the step is in the list (0-based); ValueError if it is not."""
        for number, step in enumerate(self.steps):
            if step.key == key:
                return number
        raise ValueError(f"no step {key}")

    def after(self, key: str) -> Step | None:
        """The step after this one; None after the last."""
        number = self.index(key) + 1
        return self.steps[number] if number < len(self.steps) else None

    def before(self, key: str) -> Step | None:
        """The step before this one; None before the first."""
        number = self.index(key)
        return self.steps[number - 1] if number > 0 else None

    def first_open(self, answers: Mapping[str, Answer]) -> Step | None:
        """The first step without an answer; None when every step has one."""
        return next((step for step in self.steps if step.key not in answers), None)

    def missing(self, answers: Mapping[str, Answer]) -> tuple[Step, ...]:
        """The required steps not done yet: Complete waits for these."""
        return tuple(
            step
            for step in self.steps
            if step.required and _outcome(answers.get(step.key)) != Outcome.DONE
        )


def _outcome(answer: Answer | None) -> Outcome | None:
    return answer.outcome if answer else None


def setup_value(sheet: JobSheet, answers: Mapping[str, Answer], name: str) -> str | None:
    """A setup field as it stands: the technician's configuration or choice, else the job's,
    else (maintenance) what the installed box reported at the problem step."""
    setup = answers.get("setup")
    if setup is not None and isinstance(setup.value, Mapping) and setup.value.get(name):
        return str(setup.value[name])
    for answer_key, fills in _CHOICE_FIELDS.items():
        answer = answers.get(answer_key)
        if fills == name and answer is not None and answer.outcome == Outcome.DONE:
            return str(answer.value)
    planned = getattr(sheet.fields, name)
    if planned is not None:
        return str(planned)
    return _box_config(answers).get(name)


def _box_config(answers: Mapping[str, Answer]) -> dict[str, str]:
    """The configuration the installed box reported at the problem step (maintenance)."""
    problem = answers.get("problem")
    config = problem.extra.get("config") if problem is not None else None
    if not isinstance(config, Mapping):
        return {}
    return {str(key): str(value) for key, value in config.items() if isinstance(value, str)}


def box_qnr(sheet: JobSheet, answers: Mapping[str, Answer]) -> str | None:
    """The QNR of the box the job is about: the one identified at the box step, else planned."""
    answer = answers.get("box")
    if answer is not None and answer.outcome == Outcome.DONE and answer.value:
        return str(answer.value)
    return sheet.fields.qnr


def build_checklist(
    sheet: JobSheet, models: Mapping[str, VehicleModel], answers: Mapping[str, Answer]
) -> Checklist:
    """The job's steps, for its type, its setup as it stands and its vehicle model."""
    if sheet.fields.job_type == JobType.MAINTENANCE:
        steps = _maintenance(sheet, models, answers)
    else:
        steps = _installation(sheet, models, answers)
    return Checklist(tuple(steps) + _extra_steps(sheet.extra_items))


_CHOICE_FIELDS = {
    "model": "vehicle_model_id",
    "variant": "installation_variant",
    "lock_type": "central_lock_connection_type",
}


def _installation(
    sheet: JobSheet, models: Mapping[str, VehicleModel], answers: Mapping[str, Answer]
) -> list[Step]:
    steps = [Step("vehicle", StepKind.VEHICLE, True, "step.vehicle", _vehicle_values(sheet))]
    if sheet.fields.vehicle_model_id is None:
        steps.append(_model_choice(sheet, models))
    model = models.get(setup_value(sheet, answers, "vehicle_model_id") or "")
    steps.append(Step("box", StepKind.QNR, True, "step.box", {"planned": sheet.fields.qnr}))
    if sheet.fields.installation_variant is None:
        steps.append(
            _enum_choice(
                "variant",
                "installation_variant",
                model.installation_variants if model else frozenset(),
                InstallationVariant,
            )
        )
    variant = setup_value(sheet, answers, "installation_variant")
    steps += _fitting(variant, sheet)
    if sheet.fields.central_lock_connection_type is None:
        steps.append(
            _enum_choice(
                "lock_type",
                "central_lock_connection_type",
                model.central_lock_connection_types if model else frozenset(),
                CentralLockConnectionType,
            )
        )
    lock = setup_value(sheet, answers, "central_lock_connection_type")
    steps += _wiring(lock, variant)
    steps += _accessories(model)
    steps.append(Step("setup", StepKind.SETUP, True, "step.setup"))
    steps += _installation_tests(model, variant, lock)
    steps.append(Step("photo_box", StepKind.PHOTO, True, "step.photo_box"))
    box = answers.get("box")
    if box is None or box.extra.get("from_label") is not True:
        steps.append(Step("photo_label", StepKind.PHOTO, True, "step.photo_label"))
    return steps


def _maintenance(
    sheet: JobSheet, models: Mapping[str, VehicleModel], answers: Mapping[str, Answer]
) -> list[Step]:
    steps = [Step("vehicle", StepKind.VEHICLE, True, "step.vehicle", _vehicle_values(sheet))]
    if sheet.fields.qnr is None:
        steps.append(Step("box", StepKind.QNR, True, "step.box", {"planned": None}))
    steps.append(
        Step(
            "problem",
            StepKind.BOX_STATE,
            True,
            "step.problem",
            {
                "maintenance_type": sheet.fields.maintenance_type,
                "problem": sheet.fields.problem_description,
            },
            command=Command.REQUEST_VEHICLE_STATE,
        )
    )
    model = models.get(setup_value(sheet, answers, "vehicle_model_id") or "")
    variant = setup_value(sheet, answers, "installation_variant")
    lock = setup_value(sheet, answers, "central_lock_connection_type")
    steps.append(
        Step(
            "inspect_online",
            StepKind.TEST,
            False,
            "step.inspect_online",
            command=Command.REQUEST_VEHICLE_STATE,
            check=TestCheck.ONLINE,
        )
    )
    steps.append(Step("inspect_wiring", StepKind.CONFIRM, True, "step.inspect_wiring"))
    if _has_key_holder(variant, lock):
        steps.append(Step("inspect_key_holder", StepKind.CONFIRM, False, "step.inspect_key_holder"))
    if model is not None and Accessory.CARD_READER in model.accessories:
        steps.append(
            Step("inspect_card_reader", StepKind.CONFIRM, False, "step.inspect_card_reader")
        )
    if model is not None and lock != CentralLockConnectionType.NONE:
        steps += [
            test
            for test in _LOCK_TESTS
            if test.command in model.commands and test.command in _LOCKING
        ]
    steps.append(Step("work_done", StepKind.TEXT, True, "step.work_done"))
    steps.append(Step("photo_after", StepKind.PHOTO, True, "step.photo_after"))
    return steps


def _vehicle_values(sheet: JobSheet) -> dict[str, Scalar]:
    fields = sheet.fields
    return {
        "plate": fields.license_plate,
        "vin_end": fields.vin[-6:] if fields.vin else None,
        "name": fields.custom_name,
    }


def _model_choice(sheet: JobSheet, models: Mapping[str, VehicleModel]) -> Step:
    brand = (sheet.fields.brand or "").strip().lower()
    known = sorted(models.values(), key=lambda model: (model.brand, model.model))
    of_brand = [model for model in known if model.brand.lower() == brand]
    shown = of_brand or known
    return Step(
        "model",
        StepKind.CHOICE,
        True,
        "step.model",
        options=tuple(model.id for model in shown),
        option_texts=tuple(model.name for model in shown),
        fills="vehicle_model_id",
    )


def _enum_choice(key: str, fills: str, allowed: frozenset[Any], every: Any) -> Step:
    options = tuple(member.value for member in every if not allowed or member in allowed)
    return Step(
        key,
        StepKind.CHOICE,
        True,
        f"step.{key}",
        options=options,
        option_texts=tuple(option.replace("_", " ").capitalize() for option in options),
        fills=fills,
    )


def _fitting(variant: str | None, sheet: JobSheet) -> list[Step]:
    if variant == InstallationVariant.OBD:
        return [Step("fit_obd", StepKind.CONFIRM, True, "step.fit_obd")]
    if variant == InstallationVariant.CUSTOM:
        return [
            Step(
                "fit_custom",
                StepKind.TEXT,
                True,
                "step.fit_custom",
                {"instructions": sheet.fields.instructions},
            )
        ]
    steps = [
        Step("fit_box", StepKind.CONFIRM, True, "step.fit_box"),
        Step("wire_power", StepKind.CONFIRM, True, "step.wire_power"),
    ]
    if variant == InstallationVariant.KEY_HOLDER:
        steps.append(Step("fit_key_holder", StepKind.CONFIRM, True, "step.fit_key_holder"))
    return steps


def _wiring(lock: str | None, variant: str | None) -> list[Step]:
    if lock == CentralLockConnectionType.DIRECT:
        return [Step("wire_lock", StepKind.CONFIRM, True, "step.wire_lock")]
    if lock == CentralLockConnectionType.CAN:
        return [Step("wire_can", StepKind.CONFIRM, True, "step.wire_can")]
    if lock == CentralLockConnectionType.KEY_FOB:
        steps = [Step("wire_key_fob", StepKind.CONFIRM, True, "step.wire_key_fob")]
        if variant != InstallationVariant.KEY_HOLDER:
            steps.insert(0, Step("fit_key_holder", StepKind.CONFIRM, True, "step.fit_key_holder"))
        return steps
    return []


def _accessories(model: VehicleModel | None) -> list[Step]:
    if model is None:
        return []
    steps = []
    if Accessory.CARD_READER in model.accessories:
        steps.append(Step("fit_card_reader", StepKind.CONFIRM, False, "step.fit_card_reader"))
    if Accessory.BLUETOOTH in model.accessories:
        steps.append(Step("fit_bluetooth", StepKind.CONFIRM, False, "step.fit_bluetooth"))
    return steps


def _test(key: str, command: Command, check: TestCheck) -> Step:
    return Step(key, StepKind.TEST, False, f"step.{key}", command=command, check=check)


_STATE_TEST = _test("test_state", Command.REQUEST_VEHICLE_STATE, TestCheck.ONLINE)
_LOCK_TESTS = (
    _test("test_lock", Command.LOCK_CENTRAL_LOCK, TestCheck.LOCKED),
    _test("test_unlock", Command.UNLOCK_CENTRAL_LOCK, TestCheck.UNLOCKED),
)
_DRIVING_TESTS = (
    _test("test_disable_driving", Command.DISABLE_DRIVING, TestCheck.DRIVING_DISABLED),
    _test("test_enable_driving", Command.ENABLE_DRIVING, TestCheck.DRIVING_ENABLED),
)
_KEY_FOB_TEST = _test("test_key_fob", Command.REQUEST_VEHICLE_STATE, TestCheck.KEY_FOB_IN_HOLDER)
_LOCKING = frozenset({Command.LOCK_CENTRAL_LOCK, Command.UNLOCK_CENTRAL_LOCK})


def _installation_tests(
    model: VehicleModel | None, variant: str | None, lock: str | None
) -> list[Step]:
    if model is None:
        return [_STATE_TEST]
    tests = [_STATE_TEST] if Command.REQUEST_VEHICLE_STATE in model.commands else []
    if lock != CentralLockConnectionType.NONE:
        tests += [test for test in _LOCK_TESTS if test.command in model.commands]
    tests += [test for test in _DRIVING_TESTS if test.command in model.commands]
    if StateField.KEY_FOB_IN_HOLDER in model.state_fields and _has_key_holder(variant, lock):
        tests.append(_KEY_FOB_TEST)
    return tests


def _has_key_holder(variant: str | None, lock: str | None) -> bool:
    """A key holder is fitted where the box presses a key fob's buttons."""
    return variant == InstallationVariant.KEY_HOLDER or lock == CentralLockConnectionType.KEY_FOB


_ITEM_KINDS = {
    ItemKind.CONFIRM: StepKind.CONFIRM,
    ItemKind.TEXT: StepKind.TEXT,
    ItemKind.NUMBER: StepKind.NUMBER,
    ItemKind.CHOICE: StepKind.CHOICE,
    ItemKind.PHOTO: StepKind.PHOTO,
}


def _extra_steps(items: Sequence[ExtraItem]) -> tuple[Step, ...]:
    return tuple(
        Step(
            f"extra_{number}",
            _ITEM_KINDS[item.kind],
            item.required,
            "step.extra",
            {"label": item.label},
            options=item.options,
            option_texts=item.options,
        )
        for number, item in enumerate(items, start=1)
    )
