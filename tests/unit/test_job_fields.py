"""Job data is checked where it enters, with a message per field a manager understands."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cloudboxx import CentralLockConnectionType, FuelType, InstallationVariant
from cloudboxx.demo import DEMO_VEHICLE_MODELS, GOLF, YARIS
from core.job_fields import InvalidJobData, JobType, MaintenanceType, as_form_text, clean_job_fields

TODAY = date(2026, 12, 1)


def clean(**raw: str):
    return clean_job_fields(raw, models=DEMO_VEHICLE_MODELS, time_zone="Europe/Berlin", today=TODAY)


def problems(**raw: str) -> dict[str, str]:
    with pytest.raises(InvalidJobData) as refused:
        clean(**raw)
    return {problem.field: problem.message for problem in refused.value.problems}


def test_every_field_is_optional_and_a_job_is_an_installation_by_default():
    fields = clean()

    assert fields.job_type == JobType.INSTALLATION
    assert fields.filled() == {"job_type": JobType.INSTALLATION}


def test_values_are_trimmed_typed_and_enumerations_matched_whatever_their_case():
    fields = clean(
        vin=" wvwzzz1kzaw000001 ",
        qnr="38429da427ab7c25",
        license_plate="b-fc  1234",
        vehicle_model_id=GOLF,
        installation_variant="obd",
        central_lock_connection_type="Can",
        fuel_type="plug-in hybrid",
        configuration_preset="carsharing",
        service_date="2026-12-03",
        year="2024",
    )

    assert fields.vin == "WVWZZZ1KZAW000001"
    assert fields.qnr == "38429DA427AB7C25"
    assert fields.license_plate == "B-FC 1234"
    assert fields.installation_variant == InstallationVariant.OBD
    assert fields.central_lock_connection_type == CentralLockConnectionType.CAN
    assert fields.fuel_type == FuelType.PLUG_IN_HYBRID
    assert fields.service_date == date(2026, 12, 3)
    assert fields.year == 2024


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        ({"vin": "WVWZZZ1KZAW00000"}, "vin", "17 characters"),
        ({"vin": "WVWZZZ1KZAW0000O1"}, "vin", "without I, O and Q"),
        ({"qnr": "38429DA427AB7C2G"}, "qnr", "16 characters"),
        ({"qnr": "38429DA427AB7C2"}, "qnr", "16 characters"),
        ({"fuel_type": "coal"}, "fuel_type", "choose one of PETROL, DIESEL"),
        ({"installation_variant": "glued"}, "installation_variant", "STANDARD, OBD"),
        ({"job_type": "repair"}, "job_type", "INSTALLATION, MAINTENANCE"),
        ({"service_date": "2026-02-30"}, "service_date", "does not exist: February 2026 has 28"),
        ({"access_from": "2026-04-31T08:00"}, "access_from", "does not exist: April 2026 has 30"),
        ({"service_date": "01.12.2026"}, "service_date", "2026-12-01"),
        ({"access_from": "tomorrow"}, "access_from", "is not a date and time"),
        ({"year": "1899"}, "year", "from 1950 to 2027"),
        ({"year": "two"}, "year", "from 1950 to 2027"),
        ({"license_plate": "X" * 21}, "license_plate", "at most 20 characters"),
        ({"vehicle_model_id": "trabant-601"}, "vehicle_model_id", "knows no vehicle model"),
        ({"configuration_preset": "rental"}, "configuration_preset", "choose the model first"),
        ({"maintenance_type": "repair"}, "maintenance_type", "maintenance jobs only"),
        ({"custom_name": "Golf \udcff"}, "custom_name", "not valid UTF-8"),
        ({"custom_name": "Golf\x00"}, "custom_name", "not valid UTF-8"),
        ({"year": "²⁰²⁴"}, "year", "from 1950 to 2027"),
        ({"service_date": "0001-01-01"}, "service_date", "in the years 2000 to 2099"),
        ({"access_until": "9999-12-31T23:59"}, "access_until", "in the years 2000 to 2099"),
        ({"access_from": "0001-01-01T00:00"}, "access_from", "in the years 2000 to 2099"),
    ],
)
def test_a_value_that_breaks_a_rule_is_named_with_its_field(raw, field, words):
    found = problems(**raw)

    assert list(found) == [field]
    assert words in found[field]


def test_a_model_takes_only_its_own_variants_lock_connections_fuels_and_presets():
    found = problems(
        vehicle_model_id=YARIS,
        installation_variant="OBD",
        central_lock_connection_type="CAN",
        fuel_type="ELECTRIC",
        configuration_preset="racing",
    )

    assert set(found) == {
        "installation_variant",
        "central_lock_connection_type",
        "fuel_type",
        "configuration_preset",
    }
    assert found["central_lock_connection_type"] == (
        "The Toyota Yaris Hybrid takes no central-lock connection CAN; it takes KEY_FOB."
    )


def test_every_problem_is_reported_at_once():
    found = problems(vin="short", qnr="nope", year="1")

    assert set(found) == {"vin", "qnr", "year"}


def test_an_access_window_that_ends_before_it_starts_is_refused():
    found = problems(access_from="2026-12-02T10:00", access_until="2026-12-02T09:00")

    assert found == {"access_until": "The access window ends before it starts."}


def test_access_times_are_read_in_the_fleets_time_zone_unless_they_carry_an_offset():
    fields = clean(access_from="2026-12-02T08:00", access_until="2026-12-02T17:00+00:00")

    assert fields.access_from == datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
    assert fields.access_until == datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    assert as_form_text(fields.access_from, "Europe/Berlin") == "2026-12-02T08:00"


def test_a_time_the_clocks_skip_does_not_exist():
    found = problems(access_from="2027-03-28T02:30")

    assert "does not exist in the fleet's time zone" in found["access_from"]


def test_maintenance_jobs_carry_their_type_and_problem():
    fields = clean(job_type="maintenance", maintenance_type="repair", problem_description="No GPS")

    assert (fields.job_type, fields.maintenance_type) == (
        JobType.MAINTENANCE,
        MaintenanceType.REPAIR,
    )
    assert fields.problem_description == "No GPS"
