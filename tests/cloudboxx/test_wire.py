"""The JSON shape: what one side writes the other reads back the same; wrong shapes are named."""

from __future__ import annotations

import pytest

from cloudboxx import Command, Simulator
from cloudboxx.demo import BERLIN_GOLF, DEMO_BOXES, DEMO_VEHICLE_MODELS
from cloudboxx.errors import ERRORS_BY_CODE, BoxBoundElsewhere
from cloudboxx.wire import (
    WireError,
    box_from_json,
    box_to_json,
    model_from_json,
    model_to_json,
)
from cloudboxx.wire_state import error_from_json, error_to_json, state_from_json, state_to_json


def test_every_demo_model_and_box_reads_back_as_it_was_written():
    for model in DEMO_VEHICLE_MODELS:
        assert model_from_json(model_to_json(model)) == model
    for box in DEMO_BOXES:
        assert box_from_json(box_to_json(box)) == box


async def test_every_demo_state_reads_back_as_it_was_written(simulator: Simulator):
    for box in DEMO_BOXES:
        state = await simulator.read_state(box.qnr, flow_id="f")
        assert state_from_json(state_to_json(state)) == state


def test_a_vehicle_model_lists_its_capabilities_as_the_oneapi_does():
    model = model_to_json(DEMO_VEHICLE_MODELS[0])

    assert set(model["capabilities"]) == {"commands", "vehicle_state"}
    assert "LOCK_CENTRAL_LOCK" in model["capabilities"]["commands"]


async def test_a_state_property_carries_value_and_timestamp(simulator: Simulator):
    state = state_to_json(await simulator.read_state(BERLIN_GOLF, flow_id="f"))

    assert state["central_lock"] == {"value": "UNLOCKED", "timestamp": "2026-11-27T09:00:00Z"}
    assert state["last_heartbeat"] == "2026-11-27T09:00:00Z"


def test_every_error_crosses_the_wire_as_its_own_class_with_its_message():
    for code, kind in ERRORS_BY_CODE.items():
        error = error_from_json(
            error_to_json(kind("Something went wrong.", qnr="0030000000000011"))
        )
        assert type(error) is kind and error.code == code
        assert (error.message, error.qnr) == ("Something went wrong.", "0030000000000011")
    assert isinstance(
        error_from_json(error_to_json(BoxBoundElsewhere("Taken."))), BoxBoundElsewhere
    )


@pytest.mark.parametrize(
    "body", [None, "text", {"error": "invalid_client"}, {"error": {"code": "NOPE", "message": "x"}}]
)
def test_a_body_without_a_known_error_is_no_error(body: object):
    assert error_from_json(body) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"qnr": "0030000000000011"}, "online must be a JSON object"),
        (
            {"qnr": "X", "online": {"value": True, "timestamp": "yesterday"}},
            "'yesterday' is not a timestamp with a time zone",
        ),
        (
            {"qnr": "X", "online": {"value": True, "timestamp": "2026-11-27T09:00:00"}},
            "'2026-11-27T09:00:00' is not a timestamp with a time zone",
        ),
        (
            {
                "qnr": "X",
                "online": {"value": True, "timestamp": "2026-11-27T09:00:00Z"},
                "central_lock": {"value": "AJAR", "timestamp": "2026-11-27T09:00:00Z"},
            },
            "central_lock has an impossible value 'AJAR'",
        ),
    ],
)
def test_a_state_of_the_wrong_shape_is_refused_naming_what_is_wrong(data: object, message: str):
    with pytest.raises(WireError, match=message):
        state_from_json(data)


def test_a_command_is_named_in_urls_in_lower_case_with_dashes():
    assert Command.LOCK_AND_DISABLE_DRIVING.path == "lock-and-disable-driving"
    assert all(Command.from_path(command.path) is command for command in Command)
