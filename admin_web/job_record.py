"""The technician's record on the job page in words: an answer's value, the box's follow-up.

Core names the steps and reads out what the box reported; this says the rest the way the
page's job data says it (field labels, choice labels, a model by its name).
"""

from __future__ import annotations

from collections.abc import Mapping

from admin_web.job_labels import FIELD_LABELS
from admin_web.job_sections import shown_value
from core.job_record_views import AnswerRow, FollowUp, FollowUpState
from core.moments import show_moment

_CHOICE_STEPS = {
    "model": "vehicle_model_id",
    "variant": "installation_variant",
    "lock_type": "central_lock_connection_type",
}
_MATCHED = {"vin": "matches the VIN", "license_plate": "matches the licence plate"}
PURPOSES = {
    "test": "a checklist test",
    "vehicle": "the technician's button on the job card",
    "secure": "securing the vehicle after the access ended",
}
COMMAND_STATUSES = {
    "IN_FLIGHT": "under way",
    "PENDING": "waiting to be sent again",
    "DONE": "done",
    "FAILED": "failed",
}


def answer_value(answer: AnswerRow, model_names: Mapping[str, str], time_zone: str) -> str:
    """What the technician gave for a step, in a line ("" for a photo or a test: shown apart)."""
    value, extra = answer.value, answer.extra
    if answer.step == "vehicle":
        matched = _MATCHED.get(str(extra.get("matched")))
        given = [
            f"{FIELD_LABELS[name]} {extra[name]} recorded"
            for name in ("vin", "license_plate")
            if extra.get(name)
        ]
        return "; ".join([f"typed {value}", *([matched] if matched else []), *given])
    if answer.step == "box":
        how = "read from the label" if extra.get("from_label") is True else "typed"
        return f"QNR {value}, {how}"
    if answer.step in _CHOICE_STEPS:
        return shown_value(_CHOICE_STEPS[answer.step], value, time_zone, model_names) or "—"
    if answer.step == "problem":
        config = extra.get("config")
        if isinstance(config, Mapping):
            return "The box's configuration: " + configuration(config, model_names, time_zone)
        return ""
    if answer.is_test or answer.photo_id is not None:
        return ""
    if answer.step == "setup" and isinstance(value, Mapping):
        return configuration(value, model_names, time_zone)
    if value is True:
        return "Done"
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {part}" for key, part in value.items()) or "—"
    return "—" if value is None else str(value)


def configuration(values: Mapping[str, object], model_names: Mapping[str, str], tz: str) -> str:
    """A configuration as its fields and values: "Vehicle model: VW Golf (vw-golf); …"."""
    parts = [
        f"{FIELD_LABELS.get(name, name)}: {shown_value(name, value, tz, model_names)}"
        for name, value in values.items()
        if value
    ]
    return "; ".join(parts) or "—"


def follow_up_text(follow_up: FollowUp, time_zone: str) -> str:
    """Where securing the vehicle stands: pending (attempt, last error), confirmed, or failed."""
    if follow_up.state == FollowUpState.NONE:
        return "none: no box is known for this job, or its model can neither lock nor immobilize"
    what = follow_up.command_label or "secure the vehicle"
    if follow_up.state == FollowUpState.CONFIRMED:
        when = show_moment(follow_up.finished_at, time_zone) if follow_up.finished_at else ""
        return f"{what}: confirmed {when}".rstrip()
    if follow_up.state == FollowUpState.FAILED:
        return f"{what}: failed: {follow_up.error or 'the box did not carry it out'}"
    if follow_up.attempts == 0:
        return f"{what}: pending (not sent yet)"
    error = f", last error: {follow_up.error}" if follow_up.error else ""
    return f"{what}: pending (attempt {follow_up.attempts}{error})"
