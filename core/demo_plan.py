"""What the demo fleets have planned: a few hundred jobs, some from the demo templates — pure data.

The same for the same day: a seeded random.Random picks vehicles and their setup among what the
demo's vehicle models take, and service dates count from the fleet's today, so an overdue job
stays overdue however late the demo is started. Vehicles get German plates ("B-FC 1234",
"M-FC 123") and VINs of their brand; maintenance jobs are for the demo's installed boxes, by
their QNRs, and installation jobs for its waiting boxes carry those boxes' QNRs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cloudboxx import Box, VehicleModel
from cloudboxx.demo import (
    BERLIN,
    BERLIN_FIAT_OFFLINE,
    BERLIN_GOLF,
    BERLIN_NEW_1,
    BERLIN_NEW_2,
    BERLIN_ZOE,
    DEMO_BOXES,
    DEMO_VEHICLE_MODELS,
    FIAT,
    GOLF,
    ID3,
    LABEL_EXAMPLE,
    MUNICH,
    MUNICH_ID3,
    MUNICH_NEW_1,
    MUNICH_NEW_2,
    MUNICH_TRANSIT,
    MUNICH_YARIS,
    TRANSIT,
    YARIS,
    ZOE,
)
from core.demo_templates import EV_SETUP, KEY_HOLDER_SETUP, YEARLY_INSPECTION, demo_template
from core.extra_items import ExtraItem, ItemKind
from core.job_fields import JobFields, JobType, MaintenanceType


@dataclass(frozen=True, slots=True)
class PlannedJob:
    """A demo job: its data, whether it goes to the demo partner, its template and items."""

    fields: JobFields
    assigned: bool
    template: str | None = None
    items: tuple[ExtraItem, ...] = ()


@dataclass(frozen=True, slots=True)
class _City:
    installations: int
    plate_prefix: str
    plate_numbers: range
    vin_serials: range
    fleet_number: str
    stations: tuple[str, ...]
    waiting_boxes: tuple[str, ...]


CITIES = {
    BERLIN: _City(
        294,
        "B-FC",
        range(1000, 10000),
        range(300000, 400000),
        "BER",
        ("Mitte", "Kreuzberg", "Prenzlauer Berg", "Charlottenburg", "Neukölln"),
        (BERLIN_NEW_1, BERLIN_NEW_2, LABEL_EXAMPLE),
    ),
    MUNICH: _City(
        36,
        "M-FC",
        range(300, 1000),
        range(800000, 900000),
        "MUC",
        ("Schwabing", "Maxvorstadt", "Sendling", "Bogenhausen"),
        (MUNICH_NEW_1, MUNICH_NEW_2),
    ),
}
"""Per demo fleet: how many installation jobs (its maintenance jobs come on top), its plates."""

MODELS = {model.id: model for model in DEMO_VEHICLE_MODELS}
MODEL_WEIGHTS = {GOLF: 25, ID3: 20, ZOE: 15, YARIS: 15, FIAT: 15, TRANSIT: 10}
# The first nine characters of a VIN (maker, model, check digit) and the plant, per model.
VIN_STARTS = {
    GOLF: ("WVWZZZCDZ", "W"),
    ID3: ("WVWZZZE1Z", "P"),
    ZOE: ("VF1AG000X", "F"),
    YARIS: ("VNKKBAC3X", "A"),
    FIAT: ("ZFA312000", "J"),
    TRANSIT: ("WF0XXXTTG", "K"),
}
MODEL_YEARS = {2020: "L", 2021: "M", 2022: "N", 2023: "P", 2024: "R"}  # VIN's 10th character
TEMPLATE_OF_MODEL = {ID3: EV_SETUP, ZOE: EV_SETUP, YARIS: KEY_HOLDER_SETUP}
FROM_TEMPLATE = 0.6  # of the vehicles a template fits
ASSIGNED_SHARE = 0.55
OVERDUE_SHARE = 0.2  # of the assigned jobs
# (maintenance type, the problem, assigned, service date in days from today) per installed box
BOX_PROBLEMS = {
    BERLIN_GOLF: (
        MaintenanceType.PREVENTIVE,
        "The central lock answers slowly now and then: check the direct connection's plug.",
        True,
        4,
    ),
    BERLIN_ZOE: (
        MaintenanceType.REPAIR,
        "The card reader does not read customer cards in the cold: replace the reader.",
        False,
        10,
    ),
    BERLIN_FIAT_OFFLINE: (
        MaintenanceType.REPAIR,
        "The box sends no heartbeat any more (offline): check its power supply and antenna.",
        True,
        -3,
    ),
    MUNICH_ID3: (
        MaintenanceType.PREVENTIVE,
        "Bluetooth keys fail to pair for some customers: update the box and pair again.",
        True,
        2,
    ),
    MUNICH_YARIS: (
        MaintenanceType.REPAIR,
        "The key holder does not always find the key fob: check the holder's cable.",
        False,
        7,
    ),
    MUNICH_TRANSIT: (
        MaintenanceType.INSPECTION,
        "Back from the body shop: check the box's mount and wiring after the repair.",
        True,
        -2,
    ),
}
OWN_ITEMS = (
    ExtraItem("Photo of the parking spot", ItemKind.PHOTO, required=False),
    ExtraItem("Fuel level at handover", ItemKind.CHOICE, True, ("Full", "Half", "Reserve")),
    ExtraItem("Name of the station contact", ItemKind.TEXT, required=False),
)
INSTRUCTIONS = (
    "The vehicle stands in the garage at {station}, level -1; the key is at the front desk.",
    "Call the {station} station 30 minutes before you arrive.",
    "Park in the service bay at {station}; the car is cleaned after the installation.",
)


def plan_jobs(fleet: str, *, today: date, time_zone: str) -> list[PlannedJob]:
    """The jobs of a demo fleet, always the same for the same today (none for other fleets)."""
    city = CITIES.get(fleet)
    if city is None:
        return []
    planner = _Planner(random.Random(f"fleetcrew demo {fleet}"), city, today, ZoneInfo(time_zone))
    jobs = [planner.installation(number) for number in range(city.installations)]
    for number, qnr in enumerate(city.waiting_boxes):
        jobs[number * 7] = planner.with_box(jobs[number * 7], qnr, days=number)
    boxes = [box for box in DEMO_BOXES if box.fleet == fleet and box.installed]
    return [*jobs, *(job for box in boxes for job in planner.maintenance(box))]


class _Planner:
    def __init__(self, rng: random.Random, city: _City, today: date, zone: ZoneInfo) -> None:
        self.rng = rng
        self.city = city
        self.today = today
        self.zone = zone
        count = city.installations
        self.plates = iter(rng.sample(city.plate_numbers, count))
        self.serials = iter(rng.sample(city.vin_serials, count))

    def installation(self, number: int) -> PlannedJob:
        rng = self.rng
        model = MODELS[rng.choices(list(MODEL_WEIGHTS), weights=list(MODEL_WEIGHTS.values()))[0]]
        year = rng.choice(list(MODEL_YEARS))
        station = rng.choice(self.city.stations)
        assigned = rng.random() < ASSIGNED_SHARE
        vehicle = JobFields(
            vin=self.vin(model, year),
            license_plate=f"{self.city.plate_prefix} {next(self.plates)}",
            custom_name=f"{self.city.fleet_number}-{number + 1:04d}"
            if rng.random() < 0.6
            else None,
            brand=model.brand,
            model=model.model,
            year=year,
        )
        service_date = self.service_date(assigned)
        template = TEMPLATE_OF_MODEL.get(model.id) if rng.random() < FROM_TEMPLATE else None
        if template is not None:
            fields, items = self.from_template(template, vehicle, model)
        elif rng.random() < 0.1:  # planned in a hurry: the technician finds out the rest
            fields, items = replace(vehicle, vin=None, year=None), ()
        else:
            fields = replace(
                vehicle,
                vehicle_model_id=model.id,
                fuel_type=rng.choice(sorted(model.fuel_types)),
                installation_variant=rng.choice(sorted(model.installation_variants)),
                central_lock_connection_type=rng.choice(
                    sorted(model.central_lock_connection_types)
                ),
                configuration_preset=rng.choice(sorted(model.configuration_presets)),
                instructions=(
                    rng.choice(INSTRUCTIONS).format(station=station) if rng.random() < 0.4 else None
                ),
            )
            items = (rng.choice(OWN_ITEMS),) if rng.random() < 0.08 else ()
        fields = self.dated(fields, service_date, access=assigned)
        return PlannedJob(fields, assigned, template, items)

    def from_template(
        self, name: str, vehicle: JobFields, model: VehicleModel
    ) -> tuple[JobFields, tuple[ExtraItem, ...]]:
        template = demo_template(name)
        fields = overlay(vehicle, template.fields)
        if fields.vehicle_model_id is None:
            fields = replace(
                fields,
                vehicle_model_id=model.id,
                configuration_preset=self.rng.choice(sorted(model.configuration_presets)),
            )
        return fields, template.items

    def with_box(self, job: PlannedJob, qnr: str, *, days: int) -> PlannedJob:
        """An installation job for one of the waiting boxes: assigned, due in the next days."""
        fields = replace(job.fields, qnr=qnr)
        return replace(
            job, fields=self.dated(fields, self.today + timedelta(days=days)), assigned=True
        )

    def maintenance(self, box: Box) -> list[PlannedJob]:
        """A repair or check of an installed box, and its yearly inspection from the template."""
        config, vehicle_of_box = box.config, box.vehicle
        assert config is not None and vehicle_of_box is not None  # only installed boxes
        model = MODELS[config.vehicle_model_id]
        kind, problem, assigned, days = BOX_PROBLEMS[box.qnr]
        vehicle = JobFields(
            job_type=JobType.MAINTENANCE,
            vin=vehicle_of_box.vin,
            license_plate=vehicle_of_box.license_plate,
            brand=model.brand,
            model=model.model,
            vehicle_model_id=model.id,
            fuel_type=config.fuel_type,
            installation_variant=config.installation_variant,
            central_lock_connection_type=config.central_lock_connection_type,
            configuration_preset=config.configuration_preset,
            qnr=box.qnr,
        )
        due = self.today + timedelta(days=days)
        repair = self.dated(
            replace(vehicle, maintenance_type=kind, problem_description=problem),
            due,
            access=assigned,
        )
        inspection = demo_template(YEARLY_INSPECTION)
        yearly = replace(
            overlay(vehicle, inspection.fields),
            service_date=self.today + timedelta(days=self.rng.randint(30, 60)),
        )
        return [
            PlannedJob(repair, assigned),
            PlannedJob(yearly, False, YEARLY_INSPECTION, inspection.items),
        ]

    def vin(self, model: VehicleModel, year: int) -> str:
        start, plant = VIN_STARTS[model.id]
        return f"{start}{MODEL_YEARS[year]}{plant}{next(self.serials):06d}"

    def service_date(self, assigned: bool) -> date | None:
        rng = self.rng
        if assigned:
            days = rng.randint(-21, -1) if rng.random() < OVERDUE_SHARE else rng.randint(0, 30)
        elif rng.random() < 0.15:
            return None  # not planned yet
        else:
            days = rng.randint(-7, -1) if rng.random() < 0.1 else rng.randint(3, 60)
        return self.today + timedelta(days=days)

    def dated(self, fields: JobFields, day: date | None, *, access: bool = True) -> JobFields:
        """The job on its service day, with vehicle access that day for most assigned jobs."""
        if not access or day is None or self.rng.random() < 0.3:
            return replace(fields, service_date=day)
        return replace(
            fields,
            service_date=day,
            access_from=datetime.combine(day, time(7), tzinfo=self.zone),
            access_until=datetime.combine(day, time(19), tzinfo=self.zone),
        )


def overlay(base: JobFields, template: JobFields) -> JobFields:
    """A job's data with a template's values where the template has one."""
    changes: dict[str, Any] = template.filled()
    return replace(base, **changes)
