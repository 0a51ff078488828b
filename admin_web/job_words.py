"""What the templates of the job and template pages use: labels, choices, tables, answers."""

from __future__ import annotations

from jinja2 import Environment

from admin_web.job_labels import CHOICES, FIELD_LABELS, ITEM_KINDS, choice_label, job_table_path
from admin_web.job_sections import answer_text


def install_job_words(env: Environment) -> None:
    """Make the job pages' words available to every template."""
    env.globals["field_labels"] = FIELD_LABELS
    env.globals["item_kinds"] = ITEM_KINDS
    env.globals["choices"] = {name: [m.value for m in kind] for name, kind in CHOICES.items()}
    env.globals["job_table_path"] = job_table_path
    env.filters["choice"] = choice_label
    env.filters["answer"] = answer_text
