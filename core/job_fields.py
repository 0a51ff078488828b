"""Job data as the manager enters it, checked where it enters: one set of rules for every way in.

The job form, the template form and (later) the CSV import hand in text by the product's field
names (PRODUCT.md); `clean_job_fields` gives back typed values or every problem at once, each
naming its field, in words a manager understands. Pure: the vehicle models come in as data.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from cloudboxx import CentralLockConnectionType, FuelType, InstallationVariant, VehicleModel
from core.errors import InvalidInput
from core.text import ensure_text

VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
QNR = re.compile(r"^[0-9A-F]{16}$")
LENGTHS = {
    "license_plate": 20,
    "custom_name": 120,
    "brand": 60,
    "model": 60,
    "instructions": 4000,
    "problem_description": 4000,
    "configuration_preset": 64,
    "vehicle_model_id": 64,
}
FIRST_YEAR = 1950
DATES_FROM, DATES_UNTIL = 2000, 2099  # service dates and access windows: no job is older
YEAR = re.compile(r"^[0-9]{4}$")
MONTH_NAMES = (  # in English whatever the machine's locale, as core.moments does
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})")  # how a date is written, true or not
E = TypeVar("E", bound=StrEnum)


class JobType(StrEnum):
    """What a job is for."""

    INSTALLATION = "INSTALLATION"
    MAINTENANCE = "MAINTENANCE"


class MaintenanceType(StrEnum):
    """What a maintenance job is."""

    INSPECTION = "INSPECTION"
    PREVENTIVE = "PREVENTIVE"
    REPAIR = "REPAIR"


@dataclass(frozen=True, slots=True)
class JobFields:
    """A job's data (every field optional, as in the portal), checked and typed."""

    job_type: JobType = JobType.INSTALLATION
    vin: str | None = None
    license_plate: str | None = None
    custom_name: str | None = None
    brand: str | None = None
    model: str | None = None
    fuel_type: FuelType | None = None
    year: int | None = None
    vehicle_model_id: str | None = None
    installation_variant: InstallationVariant | None = None
    central_lock_connection_type: CentralLockConnectionType | None = None
    configuration_preset: str | None = None
    qnr: str | None = None
    service_date: date | None = None
    instructions: str | None = None
    access_from: datetime | None = None
    access_until: datetime | None = None
    maintenance_type: MaintenanceType | None = None
    problem_description: str | None = None

    def filled(self) -> dict[str, object]:
        """The fields that hold a value (the job type always does), by name."""
        return {
            name: getattr(self, name) for name in FIELD_NAMES if getattr(self, name) is not None
        }


FIELD_NAMES = tuple(f.name for f in fields(JobFields))
"""Every field of job data, in the order forms and files list them."""


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """What is wrong with one field's value."""

    field: str
    message: str


class InvalidJobData(InvalidInput):
    """Job data with one or more problems; nothing was saved."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(" ".join(problem.message for problem in problems))
        self.problems = problems


def clean_job_fields(
    raw: Mapping[str, str | None],
    *,
    models: Iterable[VehicleModel],
    time_zone: str,
    today: date,
) -> JobFields:
    """Typed job data from text by field name, or InvalidJobData with every problem found."""
    unknown = sorted(set(raw) - set(FIELD_NAMES))
    if unknown:
        raise ValueError(f"not job data fields: {unknown}")  # a caller's mistake, not input
    cleaner = _Cleaner(raw, {model.id: model for model in models}, ZoneInfo(time_zone), today)
    job_fields = cleaner.clean()
    if cleaner.problems:
        raise InvalidJobData(cleaner.problems)
    return job_fields


class _Cleaner:
    def __init__(
        self,
        raw: Mapping[str, str | None],
        models: dict[str, VehicleModel],
        zone: ZoneInfo,
        today: date,
    ) -> None:
        self.raw = raw
        self.models = models
        self.zone = zone
        self.today = today
        self.problems: list[FieldProblem] = []

    def clean(self) -> JobFields:
        job_type = self.choice("job_type", JobType, "job type") or JobType.INSTALLATION
        values = JobFields(
            job_type=job_type,
            vin=self.vin(),
            license_plate=self.text("license_plate", "A licence plate", upper=True),
            custom_name=self.text("custom_name", "A custom name"),
            brand=self.text("brand", "A brand"),
            model=self.text("model", "A model"),
            fuel_type=self.choice("fuel_type", FuelType, "fuel type"),
            year=self.year(),
            vehicle_model_id=self.text("vehicle_model_id", "A vehicle model"),
            installation_variant=self.choice(
                "installation_variant", InstallationVariant, "installation variant"
            ),
            central_lock_connection_type=self.choice(
                "central_lock_connection_type",
                CentralLockConnectionType,
                "central-lock connection type",
            ),
            configuration_preset=self.text("configuration_preset", "A configuration preset"),
            qnr=self.qnr(),
            service_date=self.date("service_date"),
            instructions=self.text("instructions", "Instructions", multiline=True),
            access_from=self.moment("access_from"),
            access_until=self.moment("access_until"),
            maintenance_type=self.choice("maintenance_type", MaintenanceType, "maintenance type"),
            problem_description=self.text(
                "problem_description", "A problem description", multiline=True
            ),
        )
        self.check_window(values)
        self.check_maintenance(values)
        self.check_model(values)
        return values

    def value(self, name: str) -> str | None:
        raw = self.raw.get(name)
        if raw is None:
            return None
        try:
            text = ensure_text(raw).strip()
        except InvalidInput as problem:
            self.problem(name, problem.message)
            return None
        return text or None

    def problem(self, name: str, message: str) -> None:
        self.problems.append(FieldProblem(name, message))

    def text(
        self, name: str, what: str, *, upper: bool = False, multiline: bool = False
    ) -> str | None:
        text = self.value(name)
        if text is None:
            return None
        if not multiline:
            text = " ".join(text.split())
        if len(text) > LENGTHS[name]:
            self.problem(name, f"{what} has at most {LENGTHS[name]} characters.")
            return None
        return text.upper() if upper else text

    def choice(self, name: str, kind: type[E], what: str) -> E | None:
        text = self.value(name)
        if text is None:
            return None
        wanted = text.upper().replace("-", "_").replace(" ", "_")
        try:
            return kind(wanted)
        except ValueError:
            pass
        allowed = ", ".join(member.value for member in kind)
        self.problem(name, f"“{text[:40]}” is not a {what}; choose one of {allowed}.")
        return None

    def vin(self) -> str | None:
        text = self.value("vin")
        if text is None:
            return None
        vin = text.upper().replace(" ", "")
        if not VIN.match(vin):
            self.problem(
                "vin",
                f"“{text[:40]}” is not a VIN: a VIN has 17 characters, letters A–Z and digits "
                "0–9, without I, O and Q.",
            )
            return None
        return vin

    def qnr(self) -> str | None:
        text = self.value("qnr")
        if text is None:
            return None
        qnr = text.upper().replace(" ", "")
        if not QNR.match(qnr):
            self.problem(
                "qnr",
                f"“{text[:40]}” is not a QNR: a QNR has 16 characters, digits 0–9 and letters "
                "A–F, e.g. 38429DA427AB7C25.",
            )
            return None
        return qnr

    def year(self) -> int | None:
        text = self.value("year")
        if text is None:
            return None
        last = self.today.year + 1
        if not YEAR.match(text) or not FIRST_YEAR <= int(text) <= last:
            self.problem("year", f"A year is a number from {FIRST_YEAR} to {last}.")
            return None
        return int(text)

    def date(self, name: str) -> date | None:
        text = self.value(name)
        if text is None:
            return None
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.problem(
                name,
                _missing_day(text)
                or f"“{text[:40]}” is not a date: write it as 2026-12-01 (year-month-day).",
            )
            return None
        if not DATES_FROM <= day.year <= DATES_UNTIL:
            self.problem(name, f"A date lies in the years {DATES_FROM} to {DATES_UNTIL}.")
            return None
        return day

    def moment(self, name: str) -> datetime | None:
        text = self.value(name)
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.problem(
                name,
                _missing_day(text)
                or f"“{text[:40]}” is not a date and time: write it as 2026-12-01T08:00 "
                "(the fleet's time, or with an offset such as +01:00).",
            )
            return None
        if not DATES_FROM <= moment.year <= DATES_UNTIL:
            self.problem(name, f"A date and time lies in the years {DATES_FROM} to {DATES_UNTIL}.")
            return None
        if moment.tzinfo is not None:
            return moment
        local = moment.replace(tzinfo=self.zone)
        if local.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) != moment:
            self.problem(
                name,
                f"{text[:40]} does not exist in the fleet's time zone: the clocks skip that hour.",
            )
            return None
        return local

    def check_window(self, values: JobFields) -> None:
        start, end = values.access_from, values.access_until
        if start is not None and end is not None and end <= start:
            self.problem("access_until", "The access window ends before it starts.")

    def check_maintenance(self, values: JobFields) -> None:
        if values.job_type == JobType.MAINTENANCE:
            return
        for name, label in (
            ("maintenance_type", "A maintenance type"),
            ("problem_description", "A problem description"),
        ):
            if getattr(values, name) is not None:
                self.problem(name, f"{label} belongs to maintenance jobs only.")

    def check_model(self, values: JobFields) -> None:
        if values.vehicle_model_id is None:
            if values.configuration_preset is not None:
                self.problem(
                    "configuration_preset",
                    "A configuration preset belongs to a vehicle model: choose the model first.",
                )
            return
        model = self.models.get(values.vehicle_model_id)
        if model is None:
            self.problem(
                "vehicle_model_id",
                f"The CloudBoxx service knows no vehicle model “{values.vehicle_model_id}”.",
            )
            return
        offered: list[tuple[str, object, Iterable[object], str]] = [
            (
                "installation_variant",
                values.installation_variant,
                model.installation_variants,
                "installation variant",
            ),
            (
                "central_lock_connection_type",
                values.central_lock_connection_type,
                model.central_lock_connection_types,
                "central-lock connection",
            ),
            ("fuel_type", values.fuel_type, model.fuel_types, "fuel type"),
            (
                "configuration_preset",
                values.configuration_preset,
                model.configuration_presets,
                "configuration preset",
            ),
        ]
        for name, value, supported, what in offered:
            if value is not None and value not in supported:
                allowed = ", ".join(sorted(str(option) for option in supported)) or "none"
                self.problem(
                    name,
                    f"The {model.name} takes no {what} {value}; it takes {allowed}.",
                )


def _missing_day(text: str) -> str | None:
    """What is wrong with a date written rightly that the calendar does not have (2026-02-30)."""
    found = DAY.match(text)
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return f"{found.group(0)} does not exist: the months are 01 to 12."
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{found.group(0)} does not exist: {MONTH_NAMES[month - 1]} {year} has {days} days."
    return None


def as_form_text(value: object, time_zone: str) -> str:
    """A field's value as the forms show it again (a moment in the fleet's time zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = value.astimezone(ZoneInfo(time_zone))
        return local.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
