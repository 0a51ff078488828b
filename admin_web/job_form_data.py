"""What the job and template forms send, read by the product's field names, and shown again.

Only the fields of job data (core.job_fields.FIELD_NAMES) and the rows of extra items are read;
any other name a form carries, forged or stale, is ignored, and a value that is not text (a file
in a multipart body) counts as empty. Extra items arrive as rows `item-<n>-label`, `-kind`,
`-required` and `-options` (one option a line); a row without a label or options is a blank one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from starlette.datastructures import FormData

from cloudboxx import VehicleModel
from core.extra_items import ExtraItem, clean_extra_items
from core.job_fields import (
    FIELD_NAMES,
    FieldProblem,
    InvalidJobData,
    JobFields,
    as_form_text,
    clean_job_fields,
)

ITEM_FIELD = re.compile(r"^item-(\d{1,3})-(label|kind|required|options)$")
ITEM_PARTS = ("label", "kind", "required", "options")


@dataclass(frozen=True, slots=True)
class TypedJob:
    """A job form as it was typed: text by field name and the extra item rows that hold text."""

    values: dict[str, str] = field(default_factory=dict)
    items: tuple[dict[str, str], ...] = ()

    def value(self, name: str) -> str:
        """What a field holds, "" when nothing."""
        return self.values.get(name, "")


def form_text(form: FormData, name: str) -> str:
    """One field's text; "" when the form lacks it or it is not text."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def read_typed_job(form: FormData) -> TypedJob:
    """The job data and extra item rows a form holds, nothing else."""
    values = {name: form_text(form, name) for name in FIELD_NAMES if form_text(form, name)}
    rows: dict[int, dict[str, str]] = {}
    for name, value in form.multi_items():
        match = ITEM_FIELD.match(name)
        if match and isinstance(value, str):
            rows.setdefault(int(match[1]), {})[match[2]] = value
    items = tuple(
        {part: rows[number].get(part, "") for part in ITEM_PARTS}
        for number in sorted(rows)
        if (rows[number].get("label", "") + rows[number].get("options", "")).strip()
    )
    return TypedJob(values, items)


def clean_typed_job(
    typed: TypedJob, *, models: Iterable[VehicleModel], time_zone: str, today: date
) -> tuple[JobFields, tuple[ExtraItem, ...]]:
    """Typed job data and items, or InvalidJobData naming every problem of both at once."""
    problems: list[FieldProblem] = []
    fields = items = None
    try:
        fields = clean_job_fields(typed.values, models=models, time_zone=time_zone, today=today)
    except InvalidJobData as invalid:
        problems.extend(invalid.problems)
    try:
        items = clean_extra_items(typed.items)
    except InvalidJobData as invalid:
        problems.extend(invalid.problems)
    if problems or fields is None or items is None:
        raise InvalidJobData(problems)
    return fields, items


def typed_from(fields: JobFields, items: Sequence[ExtraItem], time_zone: str) -> TypedJob:
    """Saved job data as the form shows it to be changed."""
    values = {name: as_form_text(getattr(fields, name), time_zone) for name in FIELD_NAMES}
    rows = tuple(
        {
            "label": item.label,
            "kind": item.kind.value,
            "required": "on" if item.required else "",
            "options": "\n".join(item.options),
        }
        for item in items
    )
    return TypedJob({name: text for name, text in values.items() if text}, rows)


def problems_by_field(problems: Iterable[FieldProblem]) -> dict[str, str]:
    """Each field's messages as one sentence or more, to show next to it."""
    shown: dict[str, list[str]] = {}
    for problem in problems:
        shown.setdefault(problem.field, []).append(problem.message)
    return {name: " ".join(messages) for name, messages in shown.items()}


def items_with_blanks(items: Sequence[Mapping[str, str]], blanks: int) -> list[Mapping[str, str]]:
    """The typed rows followed by empty ones to fill in."""
    empty = {"label": "", "kind": "CONFIRM", "required": "", "options": ""}
    return [*items, *([empty] * blanks)]
