"""Step names and a box's readings in the manager's words — pure."""

from __future__ import annotations

from core.box_readings import box_readings
from core.step_names import is_test_step, step_name

STATE = {
    "qnr": "0030000000000001",
    "online": {"value": True, "timestamp": "2026-11-27T09:01:00+00:00"},
    "last_heartbeat": "2026-11-27T09:01:00+00:00",
    "central_lock": {"value": "LOCKED", "timestamp": "2026-11-27T09:01:00+00:00"},
    "driving_enabled": {"value": False, "timestamp": "2026-11-27T09:01:00+00:00"},
    "key_fob_in_holder": {"value": True, "timestamp": "2026-11-27T09:01:00+00:00"},
    "mileage_in_kilometers": {"value": 65074, "timestamp": "2026-11-27T09:01:00+00:00"},
}


def test_a_step_is_named_in_words_and_an_extra_item_by_its_label():
    labels = ("Odometer reading", "Photo of the dashboard")

    assert step_name("wire_can") == "CAN bus connected"
    assert step_name("extra_2", labels) == "Photo of the dashboard"
    assert step_name("extra_3", labels) == "Extra item 3"
    assert step_name("confirm_vehicle") == "Confirm vehicle"


def test_the_tests_the_inspection_online_and_the_problem_ask_the_box():
    assert all(is_test_step(key) for key in ("test_lock", "inspect_online", "problem"))
    assert not any(is_test_step(key) for key in ("inspect_wiring", "setup", "extra_1"))


def test_what_the_box_reported_reads_as_short_readings_in_the_fleets_time():
    assert box_readings(STATE, "Europe/Berlin") == (
        "online",
        "last heartbeat 27 Nov 2026, 10:01 CET",
        "central lock locked",
        "driving disabled",
        "key fob in its holder",
        "mileage 65,074 km",
    )
    assert "mileage 65,074 km" not in box_readings(STATE, "Europe/Berlin", brief=True)


def test_a_reading_that_is_missing_or_malformed_is_left_out():
    broken = {"online": {"value": "yes"}, "last_heartbeat": "noon", "central_lock": 3}

    assert box_readings(broken, "Europe/Berlin") == ()
    assert box_readings(None, "Europe/Berlin") == ()
