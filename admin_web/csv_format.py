"""The CSV format as the import page describes it: each column of the file and what it takes.

The columns and their order are core's (`core.job_files.COLUMNS`); the words are the page's.
The values of a column with a fixed list come from the list itself, so they cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from admin_web.job_labels import CHOICES
from core.job_fields import LENGTHS
from core.job_files import COLUMNS

# Written in lower case, as the product's own description of the file writes them.
_LOWER_CASE = frozenset({"job_type", "maintenance_type"})
_HELP = {
    "job_type": "What the job is for. Empty: installation.",
    "license_plate": f"The vehicle's license plate, up to {LENGTHS['license_plate']} characters.",
    "vin": "17 characters, A–Z and 0–9 without I, O and Q.",
    "custom_name": f"Your own name for the vehicle, up to {LENGTHS['custom_name']} characters.",
    "brand": f"The vehicle's brand, up to {LENGTHS['brand']} characters.",
    "model": f"The vehicle's model, up to {LENGTHS['model']} characters.",
    "year": "The vehicle's year of manufacture, e.g. 2024.",
    "vehicle_model_id": "A vehicle model the CloudBoxx gateway knows, by its id (listed below).",
    "installation_variant": "How the box is fitted.",
    "central_lock_connection_type": "How the box reaches the central lock.",
    "fuel_type": "The vehicle's fuel.",
    "configuration_preset": "A configuration preset the vehicle model offers.",
    "instructions": f"For the technician, up to {LENGTHS['instructions']:,} characters.",
    "problem_description": "What is wrong, for a maintenance job.",
    "assigned_installer_company_id": (
        "The Partner ID of a service partner that accepted this fleet's invitation: the job is "
        "ASSIGNED to it at once. Empty: the job is PENDING."
    ),
    "qnr": "The CloudBoxx's QNR: 16 characters 0–9 and A–F.",
    "service_date": "A date as 2026-12-01.",
    "access_from": (
        "A date and time as 2026-12-01T08:00, in the fleet's time zone unless it says its "
        "offset (2026-12-01T08:00+01:00)."
    ),
    "access_until": "As access_from; not before it.",
    "maintenance_type": "For a maintenance job: what it is.",
    "template": "The name of one of this fleet's templates, whose data the row starts from.",
}


@dataclass(frozen=True, slots=True)
class ColumnHelp:
    """One column of the file: its header name, what it takes, and its values if fixed."""

    name: str
    text: str
    values: tuple[str, ...]


def column_help() -> tuple[ColumnHelp, ...]:
    """Every column of the file, in the file's order."""
    return tuple(
        ColumnHelp(
            name,
            _HELP.get(name, ""),
            _values(name),
        )
        for name in COLUMNS
    )


def _values(name: str) -> tuple[str, ...]:
    values = tuple(member.value for member in CHOICES.get(name, ()))
    return tuple(value.lower() for value in values) if name in _LOWER_CASE else values
