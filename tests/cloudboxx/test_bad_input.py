"""Bad input, through both gateways: a typed error, a message a technician understands, no change.

Input that cannot be right (a malformed QNR, a VIN or configuration the model does not allow)
is refused before anything is sent: over HTTP, the simulator never hears of the call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest

from cloudboxx import (
    Accessory,
    BoxConfig,
    BoxError,
    CentralLockConnectionType,
    Command,
    CommandNotSupported,
    ConfigurationNotAllowed,
    FuelType,
    InstallationVariant,
    InvalidBoxInput,
    MalformedQnr,
    UnknownBox,
    Vehicle,
)
from cloudboxx.demo import BERLIN_FIAT_OFFLINE, BERLIN_GOLF, BERLIN_NEW_1, GOLF, YARIS
from tests.cloudboxx.conftest import Fleet

GOLF_SETUP = BoxConfig(
    vehicle_model_id=GOLF,
    installation_variant=InstallationVariant.STANDARD,
    central_lock_connection_type=CentralLockConnectionType.CAN,
    fuel_type=FuelType.DIESEL,
)
VEHICLE = Vehicle(vin="WVWZZZCDZMW000999", license_plate="B-FC 999")
UNKNOWN_QNR = "FFFF0000FFFF0000"

Call = Callable[[Fleet, str], Awaitable[object]]
CALLS_WITH_A_QNR: dict[str, Call] = {
    "get_box": lambda fleet, qnr: fleet.gateway.get_box(qnr, flow_id="f"),
    "bind_box": lambda fleet, qnr: fleet.gateway.bind_box(qnr, VEHICLE, GOLF_SETUP, flow_id="f"),
    "apply_config": lambda fleet, qnr: fleet.gateway.apply_config(qnr, GOLF_SETUP, flow_id="f"),
    "send_command": lambda fleet, qnr: fleet.gateway.send_command(
        qnr, Command.LOCK_CENTRAL_LOCK, flow_id="f"
    ),
    "read_state": lambda fleet, qnr: fleet.gateway.read_state(qnr, flow_id="f"),
}


async def refused(fleet: Fleet, kind: type[BoxError], call: Awaitable[object]) -> BoxError:
    """The error call raises, checked to be of kind and to have changed nothing."""
    before = fleet.simulator.snapshot()
    with pytest.raises(kind) as raised:
        await call
    assert fleet.simulator.snapshot() == before
    return raised.value


@pytest.mark.parametrize("operation", sorted(CALLS_WITH_A_QNR))
async def test_an_unknown_qnr_is_rejected_naming_the_qnr(fleet: Fleet, operation: str):
    error = await refused(fleet, UnknownBox, CALLS_WITH_A_QNR[operation](fleet, UNKNOWN_QNR))

    assert error.message == (
        f"There is no CloudBoxx {UNKNOWN_QNR} in this account. Check the QNR on the box's label "
        "(16 characters 0–9 and A–F)."
    )
    assert error.qnr == UNKNOWN_QNR


@pytest.mark.parametrize("operation", sorted(CALLS_WITH_A_QNR))
@pytest.mark.parametrize("text", ["38429DA427AB7C2", "38429DA427AB7C2G", "", "box 7"])
async def test_a_malformed_qnr_is_refused_before_anything_is_sent(
    fleet: Fleet, operation: str, text: str
):
    calls = len(fleet.simulator.calls)

    error = await refused(fleet, MalformedQnr, CALLS_WITH_A_QNR[operation](fleet, text))

    assert error.message == (
        f"“{text}” is not a QNR. A QNR is the 16 characters 0–9 and A–F on the CloudBoxx label, "
        "for example 38429DA427AB7C25."
    )
    assert len(fleet.simulator.calls) == calls


async def test_a_very_long_bad_qnr_is_not_repeated_in_full(fleet: Fleet):
    error = await refused(fleet, MalformedQnr, fleet.gateway.get_box("9" * 500, flow_id="f"))

    assert error.message.startswith(f"“{'9' * 39}…” is not a QNR.")


async def test_a_command_the_model_does_not_support_is_refused(fleet: Fleet):
    error = await refused(
        fleet,
        CommandNotSupported,
        fleet.gateway.send_command(BERLIN_FIAT_OFFLINE, Command.DISABLE_DRIVING, flow_id="f"),
    )

    assert error.message == (
        f"The Fiat 500 Hybrid with CloudBoxx {BERLIN_FIAT_OFFLINE} cannot disable driving "
        "(immobilizer on)."
    )


async def test_a_configuration_value_the_model_does_not_allow_is_refused_before_sending(
    fleet: Fleet,
):
    key_fob = replace(
        GOLF_SETUP,
        central_lock_connection_type=CentralLockConnectionType.KEY_FOB,
        accessories=frozenset({Accessory.KEY_HOLDER}),
    )

    error = await refused(
        fleet,
        ConfigurationNotAllowed,
        fleet.gateway.bind_box(BERLIN_NEW_1, VEHICLE, key_fob, flow_id="f"),
    )

    assert error.message == (
        "The Volkswagen Golf 8 does not allow this setup: central lock connection KEY_FOB is "
        "not possible (possible: CAN or DIRECT or NONE)."
    )
    assert "bind_box" not in {call.operation for call in fleet.simulator.calls}


async def test_every_value_the_model_does_not_allow_is_named_at_once(fleet: Fleet):
    wrong = BoxConfig(
        vehicle_model_id=YARIS,
        installation_variant=InstallationVariant.OBD,
        central_lock_connection_type=CentralLockConnectionType.KEY_FOB,
        fuel_type=FuelType.ELECTRIC,
        configuration_preset="carsharing",
    )

    error = await refused(
        fleet, ConfigurationNotAllowed, fleet.gateway.apply_config(BERLIN_GOLF, wrong, flow_id="f")
    )

    assert error.message == (
        "The Toyota Yaris Hybrid does not allow this setup: installation variant OBD is not "
        "possible (possible: CUSTOM or KEY_HOLDER); fuel type ELECTRIC is not possible "
        "(possible: HYBRID); configuration preset carsharing is not possible (possible: "
        "corporate or rental); a KEY_FOB central lock connection needs the KEY_HOLDER accessory."
    )
    assert "apply_config" not in {call.operation for call in fleet.simulator.calls}


async def test_an_unknown_vehicle_model_is_refused(fleet: Fleet):
    unknown = replace(GOLF_SETUP, vehicle_model_id="trabant-601")

    error = await refused(
        fleet,
        ConfigurationNotAllowed,
        fleet.gateway.bind_box(BERLIN_NEW_1, VEHICLE, unknown, flow_id="f"),
    )

    assert error.message == (
        "The vehicle model “trabant-601” is not known to CloudBoxx. Pick the model from the "
        "list of vehicle models."
    )


@pytest.mark.parametrize(
    ("vehicle", "message"),
    [
        (Vehicle(), "Give the vehicle's VIN or licence plate to install the box."),
        (
            Vehicle(vin="WVWZZZCDZMW00099O"),
            "“WVWZZZCDZMW00099O” is not a VIN: a VIN has 17 characters, letters and digits "
            "without I, O and Q.",
        ),
        (
            Vehicle(license_plate="B-FC 999 EXTRA LONG PLATE"),
            "“B-FC 999 EXTRA LONG PLATE” is not a licence plate.",
        ),
    ],
)
async def test_a_vehicle_without_a_valid_vin_or_plate_is_refused(
    fleet: Fleet, vehicle: Vehicle, message: str
):
    calls = len(fleet.simulator.calls)

    error = await refused(
        fleet,
        InvalidBoxInput,
        fleet.gateway.bind_box(BERLIN_NEW_1, vehicle, GOLF_SETUP, flow_id="f"),
    )

    assert error.message == message
    assert len(fleet.simulator.calls) == calls


@pytest.mark.parametrize("flow_id", ["", "has spaces", "x" * 129, "zeile\numbruch"])
async def test_a_flow_id_the_audit_log_cannot_record_is_refused(fleet: Fleet, flow_id: str):
    error = await refused(
        fleet, InvalidBoxInput, fleet.gateway.read_state(BERLIN_GOLF, flow_id=flow_id)
    )

    assert "cannot be used as a flow id" in error.message
