"""The gateway contract: every test runs against the Simulator and against HTTP + sim_server."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from cloudboxx import (
    Accessory,
    BoxBoundElsewhere,
    BoxConfig,
    BoxNotInstalled,
    BoxTimeout,
    BoxUnreachable,
    CentralLockConnectionType,
    CentralLockState,
    Command,
    CommandNotSupported,
    FuelType,
    InstallationVariant,
    StateField,
    UnknownBox,
    Vehicle,
)
from cloudboxx.demo import (
    BERLIN,
    BERLIN_FIAT_OFFLINE,
    BERLIN_GOLF,
    BERLIN_NEW_1,
    BERLIN_ZOE,
    DEMO_VEHICLE_MODELS,
    FIAT,
    GOLF,
    LABEL_EXAMPLE,
    MUNICH_YARIS,
)
from tests.cloudboxx.conftest import START, Fleet

GOLF_SETUP = BoxConfig(
    vehicle_model_id=GOLF,
    installation_variant=InstallationVariant.STANDARD,
    central_lock_connection_type=CentralLockConnectionType.DIRECT,
    fuel_type=FuelType.PETROL,
    configuration_preset="carsharing",
    accessories=frozenset({Accessory.BLUETOOTH}),
)
NEW_GOLF = Vehicle(vin="WVWZZZCDZMW000999", license_plate="B-FC 999")
ANSWER = timedelta(seconds=0.5)  # how long a healthy simulated box takes to answer


async def test_lists_every_vehicle_model_with_its_capabilities(fleet: Fleet):
    models = await fleet.gateway.list_vehicle_models(flow_id="models")

    assert sorted(models, key=lambda model: model.id) == sorted(
        DEMO_VEHICLE_MODELS, key=lambda model: model.id
    )
    fiat = next(model for model in models if model.id == FIAT)
    assert fiat.name == "Fiat 500 Hybrid"
    assert Command.DISABLE_DRIVING not in fiat.commands


async def test_an_installed_box_shows_its_fleet_vehicle_and_configuration(fleet: Fleet):
    box = await fleet.gateway.get_box(BERLIN_GOLF, flow_id="look-up")

    assert box.qnr == BERLIN_GOLF
    assert box.fleet == BERLIN
    assert box.installed
    assert box.vehicle == Vehicle(vin="WVWZZZCDZMW000101", license_plate="B-FC 101")
    assert box.config is not None and box.config.vehicle_model_id == GOLF


async def test_a_box_waiting_for_installation_has_no_vehicle(fleet: Fleet):
    box = await fleet.gateway.get_box(BERLIN_NEW_1, flow_id="look-up")

    assert (box.fleet, box.vehicle, box.config, box.installed) == (BERLIN, None, None, False)


async def test_a_qnr_is_found_typed_in_lower_case_with_spaces(fleet: Fleet):
    box = await fleet.gateway.get_box("3842 9da4 27ab 7c25", flow_id="look-up")

    assert box.qnr == LABEL_EXAMPLE


async def test_lock_command_locks_the_central_lock_once_the_box_answers(fleet: Fleet):
    state = await fleet.gateway.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f")

    assert state.central_lock is not None
    assert state.central_lock.value is CentralLockState.LOCKED
    assert state.central_lock.timestamp == START + ANSWER
    assert state.driving_enabled is not None and state.driving_enabled.timestamp == START
    read = await fleet.gateway.read_state(BERLIN_GOLF, flow_id="f")
    assert read.central_lock == state.central_lock


async def test_unlock_command_unlocks_a_locked_central_lock(fleet: Fleet):
    await fleet.gateway.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f")

    state = await fleet.gateway.send_command(BERLIN_GOLF, Command.UNLOCK_CENTRAL_LOCK, flow_id="f")

    assert state.central_lock is not None
    assert state.central_lock.value is CentralLockState.UNLOCKED


async def test_disable_driving_engages_the_immobilizer_and_enable_releases_it(fleet: Fleet):
    disabled = await fleet.gateway.send_command(BERLIN_ZOE, Command.DISABLE_DRIVING, flow_id="f")
    enabled = await fleet.gateway.send_command(BERLIN_ZOE, Command.ENABLE_DRIVING, flow_id="f")

    assert disabled.driving_enabled is not None and disabled.driving_enabled.value is False
    assert enabled.driving_enabled is not None and enabled.driving_enabled.value is True


async def test_lock_and_disable_driving_secures_the_car_and_the_reverse_opens_it(fleet: Fleet):
    gateway = fleet.gateway
    secured = await gateway.send_command(
        MUNICH_YARIS, Command.LOCK_AND_DISABLE_DRIVING, flow_id="f"
    )
    ready = await gateway.send_command(MUNICH_YARIS, Command.UNLOCK_AND_ENABLE_DRIVING, flow_id="f")

    assert secured.central_lock is not None and secured.driving_enabled is not None
    assert (secured.central_lock.value, secured.driving_enabled.value) == ("LOCKED", False)
    assert ready.central_lock is not None and ready.driving_enabled is not None
    assert (ready.central_lock.value, ready.driving_enabled.value) == ("UNLOCKED", True)


async def test_draw_attention_leaves_the_state_as_it_was(fleet: Fleet):
    before = await fleet.gateway.read_state(BERLIN_GOLF, flow_id="f")

    after = await fleet.gateway.send_command(BERLIN_GOLF, Command.DRAW_ATTENTION, flow_id="f")

    assert replace(after, online=before.online) == before


async def test_request_vehicle_state_brings_every_timestamp_up_to_date(fleet: Fleet):
    fleet.clock.advance(timedelta(minutes=5))

    state = await fleet.gateway.send_command(
        BERLIN_GOLF, Command.REQUEST_VEHICLE_STATE, flow_id="f"
    )

    assert state.mileage_in_kilometers is not None
    assert state.mileage_in_kilometers.timestamp == START + timedelta(minutes=5) + ANSWER
    assert state.position is not None and state.position.timestamp == state.online.timestamp


async def test_each_state_reports_what_its_model_and_setup_report(fleet: Fleet):
    zoe = await fleet.gateway.read_state(BERLIN_ZOE, flow_id="f")
    golf = await fleet.gateway.read_state(BERLIN_GOLF, flow_id="f")
    yaris = await fleet.gateway.read_state(MUNICH_YARIS, flow_id="f")
    new = await fleet.gateway.read_state(BERLIN_NEW_1, flow_id="f")

    assert zoe.state_of_charge_in_percent is not None and zoe.fuel_level_in_percent is None
    assert golf.fuel_level_in_percent is not None and golf.state_of_charge_in_percent is None
    assert golf.key_fob_in_holder is None  # no key holder fitted
    assert yaris.key_fob_in_holder is not None and yaris.key_fob_in_holder.value is True
    assert new.online.value is True and new.central_lock is None and new.position is not None


async def test_installing_a_new_box_binds_it_to_the_vehicle_with_its_configuration(
    fleet: Fleet,
):
    box = await fleet.gateway.bind_box(BERLIN_NEW_1, NEW_GOLF, GOLF_SETUP, flow_id="install")

    assert (box.vehicle, box.config, box.installed) == (NEW_GOLF, GOLF_SETUP, True)
    assert await fleet.gateway.get_box(BERLIN_NEW_1, flow_id="f") == box
    state = await fleet.gateway.send_command(BERLIN_NEW_1, Command.LOCK_CENTRAL_LOCK, flow_id="f")
    assert state.central_lock is not None and state.central_lock.value == "LOCKED"


async def test_installing_again_in_the_same_vehicle_applies_the_new_configuration(fleet: Fleet):
    await fleet.gateway.bind_box(BERLIN_NEW_1, NEW_GOLF, GOLF_SETUP, flow_id="install")
    rental = replace(GOLF_SETUP, configuration_preset="rental")

    box = await fleet.gateway.bind_box(
        BERLIN_NEW_1, Vehicle(license_plate="b-fc  999"), rental, flow_id="install"
    )

    assert box.config == rental
    assert box.vehicle == NEW_GOLF


async def test_applying_a_configuration_sets_up_an_installed_box_anew(fleet: Fleet):
    golf = await fleet.gateway.get_box(BERLIN_GOLF, flow_id="f")
    assert golf.config is not None
    untied = replace(golf.config, central_lock_connection_type=CentralLockConnectionType.NONE)

    box = await fleet.gateway.apply_config(BERLIN_GOLF, untied, flow_id="configure")

    assert box.config == untied
    state = await fleet.gateway.read_state(BERLIN_GOLF, flow_id="f")
    assert state.central_lock is None


async def test_a_box_not_connected_to_the_lock_cannot_lock(fleet: Fleet):
    golf = await fleet.gateway.get_box(BERLIN_GOLF, flow_id="f")
    assert golf.config is not None
    untied = replace(golf.config, central_lock_connection_type=CentralLockConnectionType.NONE)
    await fleet.gateway.apply_config(BERLIN_GOLF, untied, flow_id="configure")
    before = fleet.simulator.snapshot()

    with pytest.raises(CommandNotSupported) as raised:
        await fleet.gateway.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f")

    assert raised.value.message == (
        f"The Volkswagen Golf 8 with CloudBoxx {BERLIN_GOLF} cannot lock the central lock: the "
        "box is not connected to the central lock."
    )
    assert fleet.simulator.snapshot() == before


async def test_a_box_not_installed_answers_a_state_request_but_no_other_command(fleet: Fleet):
    state = await fleet.gateway.send_command(
        BERLIN_NEW_1, Command.REQUEST_VEHICLE_STATE, flow_id="f"
    )
    before = fleet.simulator.snapshot()

    with pytest.raises(BoxNotInstalled) as raised:
        await fleet.gateway.send_command(BERLIN_NEW_1, Command.LOCK_CENTRAL_LOCK, flow_id="f")

    assert state.online.value is True
    assert raised.value.message == (
        f"The CloudBoxx {BERLIN_NEW_1} is not installed in a vehicle yet, so it cannot lock "
        "the central lock. Install it first."
    )
    assert fleet.simulator.snapshot() == before


async def test_configuring_a_box_not_installed_is_rejected_and_changes_nothing(fleet: Fleet):
    before = fleet.simulator.snapshot()

    with pytest.raises(BoxNotInstalled) as raised:
        await fleet.gateway.apply_config(BERLIN_NEW_1, GOLF_SETUP, flow_id="configure")

    assert "not installed in a vehicle yet" in raised.value.message
    assert raised.value.qnr == BERLIN_NEW_1
    assert fleet.simulator.snapshot() == before


async def test_installing_a_box_that_sits_in_another_vehicle_is_rejected(fleet: Fleet):
    before = fleet.simulator.snapshot()

    with pytest.raises(BoxBoundElsewhere) as raised:
        await fleet.gateway.bind_box(BERLIN_GOLF, NEW_GOLF, GOLF_SETUP, flow_id="install")

    assert raised.value.message.startswith(
        f"The CloudBoxx {BERLIN_GOLF} is already installed in another vehicle (B-FC 101)."
    )
    assert fleet.simulator.snapshot() == before


async def test_a_box_that_goes_offline_between_two_commands_is_unreachable(fleet: Fleet):
    await fleet.gateway.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="first")
    fleet.simulator.set_faults(BERLIN_GOLF, offline=True)
    before = fleet.simulator.snapshot()

    with pytest.raises(BoxUnreachable) as raised:
        await fleet.gateway.send_command(BERLIN_GOLF, Command.UNLOCK_CENTRAL_LOCK, flow_id="2nd")

    assert raised.value.message == (
        f"The CloudBoxx {BERLIN_GOLF} is offline: its last heartbeat was at 2026-11-27 09:00 "
        "UTC. Check its power supply and antenna, or move the vehicle to where there is mobile "
        "reception, then try again."
    )
    assert fleet.simulator.snapshot() == before
    state = await fleet.gateway.read_state(BERLIN_GOLF, flow_id="after")
    assert state.online.value is False
    assert state.central_lock is not None and state.central_lock.value == "LOCKED"


async def test_the_demo_box_that_is_offline_cannot_be_reached(fleet: Fleet):
    with pytest.raises(BoxUnreachable):
        await fleet.gateway.send_command(
            BERLIN_FIAT_OFFLINE, Command.LOCK_CENTRAL_LOCK, flow_id="f"
        )


async def test_a_box_in_deep_sleep_is_unreachable_until_woken(fleet: Fleet):
    fleet.simulator.set_faults(BERLIN_ZOE, deep_sleep=True)

    with pytest.raises(BoxUnreachable) as raised:
        await fleet.gateway.send_command(BERLIN_ZOE, Command.LOCK_CENTRAL_LOCK, flow_id="f")
    fleet.simulator.set_faults(BERLIN_ZOE, deep_sleep=False)
    state = await fleet.gateway.send_command(BERLIN_ZOE, Command.LOCK_CENTRAL_LOCK, flow_id="f")

    assert "deep sleep" in raised.value.message
    assert "Switch the ignition on for a moment" in raised.value.message
    assert state.central_lock is not None and state.central_lock.value == "LOCKED"


async def test_a_box_that_lost_its_heartbeat_counts_as_offline_after_three_minutes(
    fleet: Fleet,
):
    fleet.simulator.set_faults(BERLIN_ZOE, heartbeat_lost=True)
    fleet.clock.advance(timedelta(minutes=2))
    still = await fleet.gateway.read_state(BERLIN_ZOE, flow_id="f")
    fleet.clock.advance(timedelta(minutes=2))

    gone = await fleet.gateway.read_state(BERLIN_ZOE, flow_id="f")

    assert (still.online.value, still.last_heartbeat) == (True, START)
    assert (gone.online.value, gone.last_heartbeat) == (False, START)
    with pytest.raises(BoxUnreachable):
        await fleet.gateway.send_command(BERLIN_ZOE, Command.LOCK_CENTRAL_LOCK, flow_id="f")


async def test_a_slow_box_answers_late_within_the_timeout(fleet: Fleet):
    fleet.simulator.set_faults(BERLIN_GOLF, slow_seconds=3)

    state = await fleet.gateway.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f")

    assert state.central_lock is not None
    assert state.central_lock.timestamp == START + timedelta(seconds=3) + ANSWER


async def test_a_slow_box_hits_the_timeout_and_nothing_changes(fleet: Fleet):
    fleet.simulator.set_faults(BERLIN_GOLF, slow_seconds=30)
    before = fleet.simulator.snapshot()

    with pytest.raises(BoxTimeout) as raised:
        await fleet.gateway.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f")

    assert raised.value.message == (
        f"The CloudBoxx {BERLIN_GOLF} did not lock the central lock within 8 seconds. It may or "
        "may not have happened: request the vehicle state to check, then try again."
    )
    assert fleet.clock.now() == START + timedelta(seconds=8)
    assert fleet.simulator.snapshot() == before


async def test_a_dropped_command_times_out_and_changes_nothing(fleet: Fleet):
    fleet.simulator.set_faults(BERLIN_GOLF, drop_rate=1.0)
    before = fleet.simulator.snapshot()

    with pytest.raises(BoxTimeout):
        await fleet.gateway.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="f")

    assert fleet.simulator.snapshot() == before


async def test_every_call_reaches_the_simulator_with_its_flow_id(fleet: Fleet):
    await fleet.gateway.send_command(BERLIN_GOLF, Command.LOCK_CENTRAL_LOCK, flow_id="job-17/lock")
    with pytest.raises(UnknownBox):
        await fleet.gateway.read_state("FFFFFFFFFFFFFFFF", flow_id="job-17/state")

    calls = [
        (call.flow_id, call.operation, call.qnr, call.outcome) for call in fleet.simulator.calls
    ]

    assert calls[-2:] == [
        ("job-17/lock", "send_command:LOCK_CENTRAL_LOCK", BERLIN_GOLF, "OK"),
        ("job-17/state", "read_state", "FFFFFFFFFFFFFFFF", "UNKNOWN_BOX"),
    ]


async def test_the_reported_state_fields_match_the_model_capabilities(fleet: Fleet):
    state = await fleet.gateway.read_state(BERLIN_GOLF, flow_id="f")

    reported = {field for field in StateField if getattr(state, field.attribute) is not None}

    assert reported == {
        StateField.CENTRAL_LOCK,
        StateField.DRIVING_ENABLED,
        StateField.IGNITION,
        StateField.MILEAGE_IN_KILOMETERS,
        StateField.FUEL_LEVEL_IN_PERCENT,
        StateField.BOARD_VOLTAGE_IN_VOLTS,
        StateField.POSITION,
        StateField.CELLULAR_SIGNAL_QUALITY,
    }
