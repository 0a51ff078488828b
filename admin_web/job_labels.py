"""The words the job pages use for job data: field labels, the choices of each field, the tables."""

from __future__ import annotations

from enum import StrEnum

from cloudboxx import CentralLockConnectionType, FuelType, InstallationVariant
from core.extra_items import ItemKind
from core.job_fields import FIELD_NAMES, JobType, MaintenanceType

FIELD_LABELS = {
    "job_type": "Job type",
    "vin": "VIN",
    "license_plate": "License plate",
    "custom_name": "Custom name",
    "brand": "Brand",
    "model": "Model",
    "fuel_type": "Fuel type",
    "year": "Year",
    "vehicle_model_id": "Vehicle model",
    "installation_variant": "Installation variant",
    "central_lock_connection_type": "Central-lock connection",
    "configuration_preset": "Configuration preset",
    "qnr": "QNR",
    "service_date": "Service date",
    "instructions": "Instructions",
    "access_from": "Access from",
    "access_until": "Access until",
    "maintenance_type": "Maintenance type",
    "problem_description": "Problem description",
}
assert set(FIELD_LABELS) == set(FIELD_NAMES)

CHOICES: dict[str, type[StrEnum]] = {
    "job_type": JobType,
    "installation_variant": InstallationVariant,
    "central_lock_connection_type": CentralLockConnectionType,
    "fuel_type": FuelType,
    "maintenance_type": MaintenanceType,
}
"""The fields whose value is one of a fixed list, and that list."""

CHOICE_LABELS = {
    "INSTALLATION": "Installation",
    "MAINTENANCE": "Maintenance",
    "STANDARD": "Standard",
    "OBD": "OBD",
    "KEY_HOLDER": "Key holder",
    "CUSTOM": "Custom",
    "DIRECT": "Direct (wired)",
    "CAN": "CAN bus",
    "KEY_FOB": "Key fob",
    "NONE": "Not connected",
    "PETROL": "Petrol",
    "DIESEL": "Diesel",
    "ELECTRIC": "Electric",
    "HYBRID": "Hybrid",
    "PLUG_IN_HYBRID": "Plug-in hybrid",
    "LPG": "LPG",
    "CNG": "CNG",
    "HYDROGEN": "Hydrogen",
    "INSPECTION": "Inspection",
    "PREVENTIVE": "Preventive care",
    "REPAIR": "Repair",
    "CONFIRM": "Confirm",
    "TEXT": "Text",
    "NUMBER": "Number",
    "CHOICE": "Choice",
    "PHOTO": "Photo",
}
ITEM_KINDS = tuple(kind.value for kind in ItemKind)


def choice_label(value: object) -> str:
    """How a choice reads on a page: "Plug-in hybrid" for PLUG_IN_HYBRID; other text as it is."""
    text = str(value)
    return CHOICE_LABELS.get(text, text)


def job_table_path(fleet_id: int, job_type: object) -> str:
    """The Installation Jobs or Maintenance Jobs table of a fleet, where a job is listed."""
    # Its routes live beside these pages, not in them: the address is the shared scheme.
    return f"/fleets/{fleet_id}/jobs/{str(job_type).lower()}"
