"""The bulk actions' form as sent: which jobs, which action, where to go back; bulk edit's choices.

The jobs are the ticked ones, or (scope "filter") every job matching the table's filter, sent
as the filter's query string with the job type and the number of jobs the manager saw. Every
field of the form is user input: a job id that is not a number, a filter the table does not
make, an unknown action or a return address off this fleet's tables is refused here with a
message, before core sees it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from admin_web.deps import MAX_ID
from admin_web.job_labels import CHOICES, FIELD_LABELS
from admin_web.next_page import local_path
from cloudboxx import VehicleModel
from core.errors import InvalidInput
from core.job_fields import JobType
from core.services.job_bulk_edit import BULK_FIELDS
from core.services.job_list import read_job_query
from core.services.job_selection import JobSelection

ACTIONS = ("assign", "unassign", "edit", "delete")
FILTER_NAMES = frozenset({"status", "partner", "from", "until", "q"})
"""What a job table's filter is made of (job_table.filter_query); its sort and page do not count."""
FORGED_FILTER = (
    "The filter sent with the form is not one the job table makes, so nothing was changed: "
    "look at the table again."
)
FORGED_COUNT = (
    "The number of jobs sent with the form is not a number, so nothing was changed: "
    "look at the table again."
)
INPUT_TYPES = {
    "service_date": "date",
    "access_from": "datetime-local",
    "access_until": "datetime-local",
    "year": "number",
}


@dataclass(frozen=True, slots=True)
class EditField:
    """A field bulk edit may set: its label, the input it takes, the values it offers."""

    name: str
    label: str
    input_type: str
    choices: tuple[tuple[str, str], ...]  # (value, what the manager reads)


def selected_jobs(values: Sequence[str]) -> list[int]:
    """The job ids of the selection, or InvalidInput if one is not a job number at all."""
    ids = []
    for value in values:
        text = value.strip()
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_ID:
            raise InvalidInput(
                f"“{text[:20]}” is not a job number, so nothing was changed. "
                "Select the jobs in the table again."
            )
        ids.append(int(text))
    if not ids:
        raise InvalidInput("Select at least one job, then choose what to do with them.")
    return ids


def matching_jobs(job_type: str, filter_text: str, seen: str) -> JobSelection:
    """Every job matching a job table's filter, as the form sent it with the count seen."""
    try:
        kind = JobType(job_type)
        raw = parse_qs(filter_text, keep_blank_values=True, strict_parsing=bool(filter_text))
    except ValueError:
        raise InvalidInput(FORGED_FILTER) from None
    if not set(raw) <= FILTER_NAMES:
        raise InvalidInput(FORGED_FILTER)
    query = read_job_query(kind, raw)  # a status, date or search it refuses, it names
    count = seen.strip()
    if not (count.isascii() and count.isdigit() and len(count) <= 10 and int(count) <= MAX_ID):
        raise InvalidInput(FORGED_COUNT)
    return JobSelection.matching(query, seen=int(count))


def bulk_action(value: str) -> str:
    """The action asked for, if it is one the job table offers."""
    if value not in ACTIONS:
        raise InvalidInput(
            "Choose assign, unassign, edit or delete for the selected jobs; nothing was changed."
        )
    return value


def edit_fields(job_type: JobType, models: Iterable[VehicleModel]) -> tuple[EditField, ...]:
    """What bulk edit offers in a table of this job type (a maintenance type for maintenance)."""
    known = list(models)
    presets = sorted({preset for model in known for preset in model.configuration_presets})
    choices: dict[str, tuple[tuple[str, str], ...]] = {
        name: tuple((member.value, member.value) for member in kind)
        for name, kind in CHOICES.items()
    }
    choices["vehicle_model_id"] = tuple((model.id, model.name) for model in known)
    choices["configuration_preset"] = tuple((preset, preset) for preset in presets)
    return tuple(
        EditField(name, FIELD_LABELS[name], INPUT_TYPES.get(name, "text"), choices.get(name, ()))
        for name in BULK_FIELDS
        if name != "maintenance_type" or job_type == JobType.MAINTENANCE
    )


def table_return(back: str, tables: Sequence[str]) -> str:
    """Where the form leads back to: one of this fleet's job tables (the first if not)."""
    path = local_path(back)
    if path is not None and urlsplit(path).path in tables:
        return path
    return tables[0]
