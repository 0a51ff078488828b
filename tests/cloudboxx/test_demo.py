"""The demo fleet has what the demo and the jobs issue rely on."""

from __future__ import annotations

from cloudboxx import CentralLockConnectionType, Command, FuelType, Simulator, parse_qnr
from cloudboxx.demo import (
    BERLIN,
    BERLIN_FIAT_OFFLINE,
    DEMO_BOXES,
    DEMO_FLEETS,
    DEMO_VEHICLE_MODELS,
    MUNICH,
    OFFLINE_QNRS,
)


def test_the_demo_has_an_electric_model_one_without_driving_enable_and_a_key_fob_one():
    assert any(FuelType.ELECTRIC in model.fuel_types for model in DEMO_VEHICLE_MODELS)
    assert any(Command.ENABLE_DRIVING not in model.commands for model in DEMO_VEHICLE_MODELS)
    assert any(
        CentralLockConnectionType.KEY_FOB in model.central_lock_connection_types
        for model in DEMO_VEHICLE_MODELS
    )
    assert len({model.brand for model in DEMO_VEHICLE_MODELS}) >= 4


def test_both_demo_fleets_have_boxes_to_install_and_installed_boxes_with_vin_and_plate():
    for fleet in DEMO_FLEETS:
        boxes = [box for box in DEMO_BOXES if box.fleet == fleet]
        installed = [box for box in boxes if box.installed]
        assert len(installed) >= 2 and len(boxes) - len(installed) >= 2
        assert all(
            box.vehicle and box.vehicle.vin and box.vehicle.license_plate for box in installed
        )
    assert set(DEMO_FLEETS) == {BERLIN, MUNICH}


def test_demo_qnrs_are_distinct_and_written_as_the_gateway_writes_them():
    qnrs = [box.qnr for box in DEMO_BOXES]

    assert len(set(qnrs)) == len(qnrs)
    assert all(parse_qnr(qnr) == qnr for qnr in qnrs)


async def test_exactly_one_demo_box_is_offline(simulator: Simulator):
    offline = [
        box.qnr
        for box in DEMO_BOXES
        if not (await simulator.read_state(box.qnr, flow_id="demo")).online.value
    ]

    assert offline == [BERLIN_FIAT_OFFLINE] == sorted(OFFLINE_QNRS)
