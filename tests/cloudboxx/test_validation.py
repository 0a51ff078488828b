"""The checks every gateway runs before a call leaves: pure functions, no gateway needed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cloudboxx import (
    Accessory,
    BoxConfig,
    CentralLockConnectionType,
    Command,
    FuelType,
    InstallationVariant,
    MalformedQnr,
    StateField,
    parse_qnr,
    reported_fields,
    supported_commands,
)
from cloudboxx.demo import DEMO_VEHICLE_MODELS, GOLF

GOLF_MODEL = next(model for model in DEMO_VEHICLE_MODELS if model.id == GOLF)
GOLF_SETUP = BoxConfig(
    vehicle_model_id=GOLF,
    installation_variant=InstallationVariant.STANDARD,
    central_lock_connection_type=CentralLockConnectionType.CAN,
    fuel_type=FuelType.PETROL,
)


@pytest.mark.parametrize(
    "text", ["38429DA427AB7C25", "38429da427ab7c25", " 3842 9DA4 27AB 7C25 ", "3842-9DA4-27AB-7C25"]
)
def test_a_qnr_is_read_in_upper_case_without_spaces_or_dashes(text: str):
    assert parse_qnr(text) == "38429DA427AB7C25"


@pytest.mark.parametrize("text", ["38429DA427AB7C2", "38429DA427AB7C255", "38429DA427AB7C2Z", ""])
def test_anything_but_sixteen_hex_characters_is_no_qnr(text: str):
    with pytest.raises(MalformedQnr, match="is not a QNR"):
        parse_qnr(text)


def test_a_box_not_connected_to_the_lock_offers_no_lock_command():
    untied = replace(GOLF_SETUP, central_lock_connection_type=CentralLockConnectionType.NONE)

    commands = supported_commands(GOLF_MODEL, untied)

    assert commands == {
        Command.REQUEST_VEHICLE_STATE,
        Command.ENABLE_DRIVING,
        Command.DISABLE_DRIVING,
        Command.DRAW_ATTENTION,
    }


def test_a_plug_in_hybrid_reports_fuel_and_charge_and_a_key_holder_its_key_fob():
    setup = replace(
        GOLF_SETUP,
        fuel_type=FuelType.PLUG_IN_HYBRID,
        accessories=frozenset({Accessory.KEY_HOLDER}),
    )
    model = replace(GOLF_MODEL, state_fields=frozenset(StateField))

    fields = reported_fields(model, setup)

    assert {
        StateField.FUEL_LEVEL_IN_PERCENT,
        StateField.STATE_OF_CHARGE_IN_PERCENT,
        StateField.KEY_FOB_IN_HOLDER,
    } <= fields


def test_a_box_not_installed_reports_only_what_it_knows_itself():
    assert reported_fields(None, None) == {StateField.POSITION, StateField.CELLULAR_SIGNAL_QUALITY}
