"""Reading the job form: only job data and item rows count; what is saved shows again as it was."""

from __future__ import annotations

from datetime import date

import pytest
from starlette.datastructures import FormData, UploadFile

from admin_web.job_form_data import clean_typed_job, read_typed_job, typed_from
from cloudboxx.demo import DEMO_VEHICLE_MODELS
from core.extra_items import ExtraItem, ItemKind
from core.job_fields import InvalidJobData

TODAY = date(2026, 11, 27)


def clean(typed):
    return clean_typed_job(
        typed, models=DEMO_VEHICLE_MODELS, time_zone="Europe/Berlin", today=TODAY
    )


def test_only_job_data_and_item_rows_are_read():
    form = FormData(
        [
            ("vin", "WVWZZZE1ZNP000301"),
            ("status", "SUCCEEDED"),
            ("csrf_token", "t"),
            ("item-2-label", "Mileage at handover"),
            ("item-2-kind", "NUMBER"),
            ("item-1-label", "Sticker on the windscreen"),
            ("item-1-required", "on"),
            ("item-x-label", "forged"),
            ("item-3-kind", "CHOICE"),
            ("qnr", UploadFile(file=None, filename="label.png")),
        ]
    )

    typed = read_typed_job(form)

    assert typed.values == {"vin": "WVWZZZE1ZNP000301"}
    assert [row["label"] for row in typed.items] == [
        "Sticker on the windscreen",
        "Mileage at handover",
    ]  # by row number; a row with a kind only is a blank one


def test_problems_of_data_and_items_come_together():
    typed = read_typed_job(FormData([("vin", "nope"), ("item-1-label", "x")]))

    with pytest.raises(InvalidJobData) as raised:
        clean(typed)

    assert [problem.field for problem in raised.value.problems] == ["vin", "extra_items.1"]


def test_saved_data_shows_again_as_it_was_typed():
    typed = read_typed_job(
        FormData(
            [
                ("vehicle_model_id", "vw-golf-8"),
                ("fuel_type", "diesel"),
                ("access_from", "2026-12-01T08:00"),
                ("item-1-label", "Tyres"),
                ("item-1-kind", "choice"),
                ("item-1-options", "Summer\nWinter"),
            ]
        )
    )
    fields, items = clean(typed)

    again = typed_from(fields, items, "Europe/Berlin")

    assert again.values["fuel_type"] == "DIESEL"
    assert again.values["access_from"] == "2026-12-01T08:00"
    assert items == (ExtraItem("Tyres", ItemKind.CHOICE, False, ("Summer", "Winter")),)
    assert clean(again) == (fields, items)
