"""What the templates of the job and template pages use: labels, choices, tables, answers."""

from __future__ import annotations

from jinja2 import Environment

from admin_web.job_labels import CHOICES, FIELD_LABELS, ITEM_KINDS, choice_label, job_table_path
from admin_web.job_record import (
    COMMAND_STATUSES,
    PURPOSES,
    answer_value,
    follow_up_text,
)


def install_job_words(env: Environment) -> None:
    """Make the job pages' words available to every template."""
    env.globals["field_labels"] = FIELD_LABELS
    env.globals["item_kinds"] = ITEM_KINDS
    env.globals["choices"] = {name: [m.value for m in kind] for name, kind in CHOICES.items()}
    env.globals["job_table_path"] = job_table_path
    env.filters["choice"] = choice_label
    env.globals["answer_value"] = answer_value
    env.globals["command_purposes"] = PURPOSES
    env.globals["command_statuses"] = COMMAND_STATUSES
    env.filters["follow_up"] = follow_up_text
