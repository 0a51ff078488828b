"""The one checklist engine: any step of any job shown as one message with its buttons.

Core builds the steps as data and says where the checklist stands (ChecklistView); this module
only renders: the step's words from its text_key, what the step is in the middle of (a QNR read
from a label, a skip waiting for its reason, a failed test with what the box reported), and the
buttons that step kind offers. Every button names the job and the step it was shown for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks
from bot.texts import Html, Texts
from core.checklist import Outcome, Step, StepKind
from core.job_outcomes import TECHNICIAN_REASONS
from core.moments import show_moment
from core.technician_views import ChecklistView, JobFinished

Button = InlineKeyboardButton


def render(t: Texts, view: ChecklistView) -> tuple[Html, InlineKeyboardMarkup]:
    """The message for where the checklist stands, and its buttons."""
    state = view.state
    awaiting = state.get("awaiting")
    parts: list[str] = []
    if view.note is not None:
        parts.append(t(view.note.text_key, **_note_values(t, view.note.values)))
    if awaiting in ("fail_reason", "fail_words"):
        parts.append(t("checklist.header_fail", vehicle=view.vehicle))
        if awaiting == "fail_reason":
            parts.append(t("checklist.fail_pick_reason"))
            rows = [
                [
                    Button(
                        t(f"reason.{r.value}"),
                        callback_data=_data(callbacks.FAIL_REASON, view.job_id, r.value),
                    )
                ]
                for r in TECHNICIAN_REASONS
            ]
        else:
            parts.append(t("checklist.fail_words", reason=t(f"reason.{state.get('fail_reason')}")))
            rows = []
        rows.append(
            [
                Button(
                    t("button.cancel"), callback_data=_data(callbacks.QUESTION_CANCEL, view.job_id)
                )
            ]
        )
        return Html("\n\n".join(parts)), InlineKeyboardMarkup(rows)
    return _render_step(t, view, parts)


def _render_step(
    t: Texts, view: ChecklistView, parts: list[str]
) -> tuple[Html, InlineKeyboardMarkup]:
    state = view.state
    if view.step is None:
        return _finish(t, view, parts)
    step = view.step
    parts.append(t("checklist.header", vehicle=view.vehicle, number=view.number, total=view.total))
    parts.append(t(step.text_key, **_step_values(t, step)))
    if not step.required:
        parts.append(t("checklist.optional"))
    if view.answer is not None:
        parts.append(_earlier(t, view))
    rows: list[list[InlineKeyboardButton]] = []
    if state.get("awaiting") == "skip_reason":
        parts.append(t("checklist.skip_reason"))
        rows.append(
            [
                Button(
                    t("button.cancel"), callback_data=_data(callbacks.QUESTION_CANCEL, view.job_id)
                )
            ]
        )
        return Html("\n\n".join(parts)), InlineKeyboardMarkup(rows)
    parts_more, rows = _step_body(t, view, step)
    parts += parts_more
    common = _common_row(t, view, step)
    rows += [common[:2], common[2:]] if len(common) > 3 else [common]  # fits a phone
    if view.access_ends_at is not None:
        parts.append(
            t("checklist.access_until", end=show_moment(view.access_ends_at, view.time_zone))
        )
    return Html("\n\n".join(p for p in parts if p)), InlineKeyboardMarkup(rows)


def render_finished(t: Texts, finished: JobFinished) -> Html:
    """The job is done: SUCCEEDED, or FAILED with its reason; the access has ended."""
    key = "checklist.succeeded" if finished.failure_reason is None else "checklist.failed"
    text = t(
        key,
        vehicle=finished.vehicle,
        reason=t(f"reason.{finished.failure_reason}") if finished.failure_reason else "",
    )
    if finished.securing:
        text = Html(f"{text}\n\n{t('checklist.securing')}")
    return Html(f"{text}\n\n{t('checklist.access_ended')}")


def observed_lines(t: Texts, observed: Mapping[str, Any] | None) -> Html:
    """What the box reported, one short line per reading."""
    if not observed:
        return Html("")
    lines = []
    online = _value(observed, "online")
    lines.append(t("observed.online") if online else t("observed.offline"))
    heartbeat = observed.get("last_heartbeat")
    if isinstance(heartbeat, str):
        lines.append(t("observed.heartbeat", at=heartbeat.replace("T", " ")[:16]))
    lock = _value(observed, "central_lock")
    if lock is not None:
        lines.append(t("observed.lock", state=t(f"observed.lock_{str(lock).lower()}")))
    driving = _value(observed, "driving_enabled")
    if driving is not None:
        lines.append(t("observed.driving_on" if driving else "observed.driving_off"))
    fob = _value(observed, "key_fob_in_holder")
    if fob is not None:
        lines.append(t("observed.fob_in" if fob else "observed.fob_out"))
    return Html("\n".join(lines))


def _value(observed: Mapping[str, Any], name: str) -> Any:
    reading = observed.get(name)
    return reading.get("value") if isinstance(reading, Mapping) else None


def _step_body(
    t: Texts, view: ChecklistView, step: Step
) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
    job, state = view.job_id, view.state
    parts: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    kind = step.kind
    if kind == StepKind.VEHICLE:
        parts.append(t("checklist.type_vehicle"))
    elif kind == StepKind.QNR:
        label = state.get("label_qnr")
        if label:
            parts.append(t("checklist.label_read", qnr=label))
            rows.append(
                [
                    Button(
                        t("button.label_yes"),
                        callback_data=_data(callbacks.LABEL_CONFIRM, job, label),
                    )
                ]
            )
        else:
            parts.append(t("checklist.type_qnr"))
    elif kind == StepKind.CHOICE:
        rows += [
            [
                Button(
                    _option(t, step, index),
                    callback_data=_data(callbacks.STEP_PICK, job, step.key, index),
                )
            ]
            for index in range(len(step.options))
        ]
    elif kind == StepKind.CONFIRM:
        rows.append(
            [Button(t("button.done"), callback_data=_data(callbacks.STEP_DONE, job, step.key))]
        )
    elif kind in (StepKind.TEXT, StepKind.NUMBER):
        parts.append(
            t("checklist.type_number" if kind == StepKind.NUMBER else "checklist.type_text")
        )
    elif kind == StepKind.PHOTO:
        parts.append(t("checklist.send_photo"))
    elif kind == StepKind.SETUP:
        parts.append(_setup_text(t, view))
        if view.setup_choices:
            field = state.get("editing")
            rows += [
                [Button(text, callback_data=_data(callbacks.SETUP_SET, job, field, index))]
                for index, (_, text) in enumerate(view.setup_choices)
            ]
        else:
            rows += [
                [
                    Button(
                        t("button.change", what=t(f"field.{line.field}")),
                        callback_data=_data(callbacks.SETUP_EDIT, job, line.field),
                    )
                ]
                for line in view.setup
                if line.changeable
            ]
            rows.insert(
                0,
                [Button(t("button.apply_setup"), callback_data=_data(callbacks.SETUP_APPLY, job))],
            )
    elif kind in (StepKind.TEST, StepKind.BOX_STATE):
        test = state.get("test")
        if isinstance(test, Mapping):
            if test.get("observed"):
                parts.append(observed_lines(t, test.get("observed")))
            rows.append(
                [Button(t("button.retry"), callback_data=_data(callbacks.STEP_TEST, job, step.key))]
            )
        else:
            key = "button.read_state" if kind == StepKind.BOX_STATE else "button.run_test"
            rows.append([Button(t(key), callback_data=_data(callbacks.STEP_TEST, job, step.key))])
    return parts, rows


TRANSLATED_CHOICES = frozenset({"installation_variant", "central_lock_connection_type"})


def _option(t: Texts, step: Step, index: int) -> str:
    """How an option reads: the bot's words for a variant or lock connection, else as core has
    it (a vehicle model's name, a manager's own option)."""
    if step.fills in TRANSLATED_CHOICES:
        return t(f"option.{step.options[index]}")
    return step.option_texts[index] if index < len(step.option_texts) else step.options[index]


def _common_row(t: Texts, view: ChecklistView, step: Step) -> list[InlineKeyboardButton]:
    row = []
    if view.may_back:
        row.append(
            Button(
                t("button.step_back"),
                callback_data=_data(callbacks.STEP_BACK, view.job_id, step.key),
            )
        )
    if not step.required:
        row.append(
            Button(
                t("button.skip"), callback_data=_data(callbacks.STEP_SKIP, view.job_id, step.key)
            )
        )
    row.append(Button(t("button.fail"), callback_data=_data(callbacks.ASK_FAIL, view.job_id)))
    row.append(Button(t("button.job_card"), callback_data=_data(callbacks.SHOW_JOB, view.job_id)))
    return row


def _finish(t: Texts, view: ChecklistView, parts: list[str]) -> tuple[Html, InlineKeyboardMarkup]:
    parts.append(t("checklist.header_finish", vehicle=view.vehicle, total=view.total))
    rows: list[list[InlineKeyboardButton]] = []
    if view.missing:
        names = ", ".join(
            t(f"name.{_name_key(step)}", **_step_values(t, step)) for step in view.missing
        )
        parts.append(t("checklist.missing", steps=names))
    else:
        parts.append(t("checklist.all_done"))
        rows.append(
            [Button(t("button.complete"), callback_data=_data(callbacks.COMPLETE, view.job_id))]
        )
    rows.append(
        [
            Button(
                t("button.step_back"),
                callback_data=_data(callbacks.STEP_BACK, view.job_id, "finish"),
            ),
            Button(t("button.fail"), callback_data=_data(callbacks.ASK_FAIL, view.job_id)),
        ]
    )
    return Html("\n\n".join(parts)), InlineKeyboardMarkup(rows)


def _earlier(t: Texts, view: ChecklistView) -> Html:
    answer = view.answer
    assert answer is not None
    if answer.outcome == Outcome.SKIPPED:
        return t("checklist.earlier_skipped", reason=answer.reason or "")
    value = answer.value
    if isinstance(value, bool) or value is None or isinstance(value, dict):
        return t("checklist.earlier_done")
    return t("checklist.earlier_value", value=str(value))


def _setup_text(t: Texts, view: ChecklistView) -> Html:
    lines = []
    for line in view.setup:
        mark = "✏️" if line.changeable else "🔒"
        value = line.value_text or t("setup.unset")
        changed = t("setup.changed") if line.changed else ""
        lines.append(f"{mark} {t(f'field.{line.field}')}: <b>{_escape(value)}</b>{changed}")
    return Html("\n".join(lines))


def _step_values(t: Texts, step: Step) -> dict[str, object]:
    values: dict[str, object] = {}
    for key, value in step.values.items():
        values[key] = value if value not in (None, "") else t("checklist.unknown")
    return values


def _note_values(t: Texts, values: Mapping[str, object]) -> dict[str, object]:
    shown = dict(values)
    if "step" in shown:
        shown["step"] = (
            t(f"name.{shown['step']}")
            if not str(shown["step"]).startswith("extra_")
            else shown["step"]
        )
    return shown


def _name_key(step: Step) -> str:
    return "extra" if step.key.startswith("extra_") else step.key


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def _data(action: str, *parts: object) -> str:
    return callbacks.encode(action, ".".join(str(part) for part in parts))
