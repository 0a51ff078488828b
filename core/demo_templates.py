"""The demo fleets' templates: an EV setup, a key-holder setup and a yearly inspection — pure data.

Each carries extra checklist items of a different kind, so the technician's checklist has
something of the manager's own to walk in every demo fleet.
"""

from __future__ import annotations

from dataclasses import dataclass

from cloudboxx import CentralLockConnectionType, FuelType, InstallationVariant
from cloudboxx.demo import YARIS
from core.extra_items import ExtraItem, ItemKind
from core.job_fields import JobFields, JobType, MaintenanceType

EV_SETUP = "EV setup – standard"
KEY_HOLDER_SETUP = "Combustion with key holder"
YEARLY_INSPECTION = "Yearly box inspection"


@dataclass(frozen=True, slots=True)
class DemoTemplate:
    """A template of the demo: its name, job data and extra checklist items."""

    name: str
    fields: JobFields
    items: tuple[ExtraItem, ...]


DEMO_TEMPLATES = (
    DemoTemplate(
        EV_SETUP,
        JobFields(
            fuel_type=FuelType.ELECTRIC,
            installation_variant=InstallationVariant.STANDARD,
            central_lock_connection_type=CentralLockConnectionType.CAN,
            instructions="Fit the box behind the glovebox and connect it to the CAN bus at the "
            "gateway; leave the 12 V battery connected.",
        ),
        (
            ExtraItem("Sticker on the windscreen", ItemKind.PHOTO, required=True),
            ExtraItem("Charging cable in the boot", ItemKind.CONFIRM, required=False),
        ),
    ),
    DemoTemplate(
        KEY_HOLDER_SETUP,
        JobFields(
            vehicle_model_id=YARIS,
            brand="Toyota",
            model="Yaris Hybrid",
            fuel_type=FuelType.HYBRID,
            installation_variant=InstallationVariant.KEY_HOLDER,
            central_lock_connection_type=CentralLockConnectionType.KEY_FOB,
            configuration_preset="rental",
            instructions="Put the spare key in the key holder under the dashboard; the customer "
            "key stays with the station.",
        ),
        (ExtraItem("Mileage at handover", ItemKind.NUMBER, required=True),),
    ),
    DemoTemplate(
        YEARLY_INSPECTION,
        JobFields(
            job_type=JobType.MAINTENANCE,
            maintenance_type=MaintenanceType.INSPECTION,
            problem_description="Yearly inspection: check the box's mount, wiring and antenna, "
            "then test lock and unlock.",
        ),
        (
            ExtraItem(
                "Condition of the wiring",
                ItemKind.CHOICE,
                required=True,
                options=("Good", "Worn", "Damaged"),
            ),
        ),
    ),
)
"""The same three templates in each demo fleet."""


def demo_template(name: str) -> DemoTemplate:
    """The demo template of this name."""
    return next(template for template in DEMO_TEMPLATES if template.name == name)
