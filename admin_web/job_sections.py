"""A job's data as its page shows it: Setup, Maintenance and Master Data, each value in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from admin_web.job_labels import CHOICES, FIELD_LABELS, choice_label
from core.job_fields import FIELD_NAMES, JobType
from core.job_views import JobDetail
from core.moments import show_moment

SETUP = (
    "job_type",
    "vehicle_model_id",
    "installation_variant",
    "central_lock_connection_type",
    "fuel_type",
    "configuration_preset",
    "qnr",
)
MAINTENANCE = ("maintenance_type", "problem_description")
MASTER_DATA = (
    "vin",
    "license_plate",
    "custom_name",
    "brand",
    "model",
    "year",
    "service_date",
    "access_from",
    "access_until",
    "instructions",
)
MULTILINE = frozenset({"instructions", "problem_description"})
assert sorted(SETUP + MAINTENANCE + MASTER_DATA) == sorted(FIELD_NAMES)


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One field of a job: its label, its value in words (None when empty), whether planned."""

    name: str
    label: str
    text: str | None
    planned: bool
    multiline: bool


@dataclass(frozen=True, slots=True)
class FieldSection:
    """A titled group of fields."""

    title: str
    rows: tuple[FieldRow, ...]


def field_sections(job: JobDetail, model_names: Mapping[str, str]) -> tuple[FieldSection, ...]:
    """The job's fields by section; Maintenance only for a maintenance job."""
    groups: list[tuple[str, tuple[str, ...]]] = [("Setup", SETUP)]
    if job.fields.job_type == JobType.MAINTENANCE:
        groups.append(("Maintenance", MAINTENANCE))
    groups.append(("Master Data", MASTER_DATA))
    return tuple(
        FieldSection(
            title,
            tuple(
                FieldRow(
                    name=name,
                    label=FIELD_LABELS[name],
                    text=shown_value(name, getattr(job.fields, name), job.time_zone, model_names),
                    planned=name in job.planned_fields,
                    multiline=name in MULTILINE,
                )
                for name in names
            ),
        )
        for title, names in groups
    )


def shown_value(
    name: str, value: object, time_zone: str, model_names: Mapping[str, str]
) -> str | None:
    """A field's value as a manager reads it: a model's name, a choice's label, a local time."""
    if value is None:
        return None
    if name == "vehicle_model_id":
        known = model_names.get(str(value))
        return f"{known} ({value})" if known else str(value)
    if name in CHOICES:
        return choice_label(value)
    if isinstance(value, datetime):
        return show_moment(value, time_zone)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
