"""Extra checklist items a manager writes on a job or template, checked where they enter — pure.

"Sticker on the windscreen (photo)", "Mileage at handover (number)": the technician's checklist
walks them after the built-in steps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from core.errors import InvalidInput
from core.job_fields import FieldProblem, InvalidJobData
from core.text import ensure_text

MAX_ITEMS = 20
LABEL_MIN, LABEL_MAX = 2, 120
OPTIONS_MIN, OPTIONS_MAX = 2, 10
OPTION_MAX = 60


class ItemKind(StrEnum):
    """What the technician answers an extra item with."""

    CONFIRM = "CONFIRM"
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    CHOICE = "CHOICE"
    PHOTO = "PHOTO"


@dataclass(frozen=True, slots=True)
class ExtraItem:
    """One extra checklist item: its label, its kind, whether it is required, its choices."""

    label: str
    kind: ItemKind
    required: bool
    options: tuple[str, ...] = ()


def clean_extra_items(rows: Sequence[Mapping[str, str]]) -> tuple[ExtraItem, ...]:
    """Items from form rows (label, kind, required, options one per line); empty rows are skipped.

    Raises InvalidJobData naming each row's problem (field "extra_items.<n>", counted from 1).
    """
    items: list[ExtraItem] = []
    problems: list[FieldProblem] = []
    filled = [row for row in rows if any((value or "").strip() for value in row.values())]
    if len(filled) > MAX_ITEMS:
        raise InvalidJobData(
            [FieldProblem("extra_items", f"A job has at most {MAX_ITEMS} extra checklist items.")]
        )
    for number, row in enumerate(filled, start=1):
        item, problem = _item(row, number)
        if problem is not None:
            problems.append(FieldProblem(f"extra_items.{number}", problem))
        elif item is not None:
            items.append(item)
    if problems:
        raise InvalidJobData(problems)
    return tuple(items)


def _item(row: Mapping[str, str], number: int) -> tuple[ExtraItem | None, str | None]:
    where = f"Extra item {number}"
    try:
        label = " ".join(ensure_text(row.get("label") or "").split())
        kind_text = ensure_text(row.get("kind") or "CONFIRM").strip().upper()
        option_lines = ensure_text(row.get("options") or "").splitlines()
    except InvalidInput as problem:
        return None, f"{where}: {problem.message}"
    if not LABEL_MIN <= len(label) <= LABEL_MAX:
        return None, f"{where}: a label has {LABEL_MIN} to {LABEL_MAX} characters."
    if kind_text not in ItemKind.__members__:
        allowed = ", ".join(kind.value.lower() for kind in ItemKind)
        return None, f"{where}: the kind is one of {allowed}."
    kind = ItemKind(kind_text)
    options = tuple(dict.fromkeys(" ".join(line.split()) for line in option_lines if line.strip()))
    if kind == ItemKind.CHOICE:
        if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
            return None, f"{where}: a choice has {OPTIONS_MIN} to {OPTIONS_MAX} options."
        if any(len(option) > OPTION_MAX for option in options):
            return None, f"{where}: an option has at most {OPTION_MAX} characters."
    elif options:
        return None, f"{where}: only a choice has options."
    required = (row.get("required") or "").strip().lower() in ("on", "true", "1", "yes")
    return ExtraItem(label=label, kind=kind, required=required, options=options), None
