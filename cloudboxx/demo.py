"""The demo's simulated fleet: vehicle models of a few brands and boxes in Berlin and Munich.

The QNRs are fixed and readable (030… Berlin, 089… Munich, after the cities' dialling codes) so
demo jobs and documents can name them.
"""

from __future__ import annotations

from pathlib import Path

from cloudboxx.clock import Clock, Sleep
from cloudboxx.simulator import Simulator
from cloudboxx.types import (
    Accessory,
    Box,
    BoxConfig,
    CentralLockConnectionType,
    Command,
    FuelType,
    InstallationVariant,
    Position,
    StateField,
    Vehicle,
    VehicleModel,
    VehicleType,
)

DEMO_SEED = 4
BERLIN = "Berlin"
MUNICH = "Munich"
DEMO_FLEETS = (BERLIN, MUNICH)

# Berlin: three boxes waiting to be installed, two installed, one installed and offline.
BERLIN_NEW_1 = "0030000000000001"
BERLIN_NEW_2 = "0030000000000002"
LABEL_EXAMPLE = "38429DA427AB7C25"  # the QNR the product description shows
BERLIN_GOLF = "0030000000000011"
BERLIN_ZOE = "0030000000000012"
BERLIN_FIAT_OFFLINE = "0030000000000013"

# Munich: two boxes waiting to be installed, three installed.
MUNICH_NEW_1 = "0089000000000001"
MUNICH_NEW_2 = "0089000000000002"
MUNICH_ID3 = "0089000000000011"
MUNICH_YARIS = "0089000000000012"
MUNICH_TRANSIT = "0089000000000013"

GOLF = "vw-golf-8"
ID3 = "vw-id3"
ZOE = "renault-zoe-e-tech"
YARIS = "toyota-yaris-hybrid"
FIAT = "fiat-500-hybrid"
TRANSIT = "ford-transit-custom"

_ALL_COMMANDS = frozenset(Command)
_NO_DRIVING = frozenset(
    {
        Command.REQUEST_VEHICLE_STATE,
        Command.LOCK_CENTRAL_LOCK,
        Command.UNLOCK_CENTRAL_LOCK,
        Command.DRAW_ATTENTION,
    }
)
_CAR_FIELDS = frozenset(StateField) - {StateField.STATE_OF_CHARGE_IN_PERCENT}
_EV_FIELDS = frozenset(StateField) - {StateField.FUEL_LEVEL_IN_PERCENT}
_PRESETS = frozenset({"carsharing", "rental", "corporate"})
_ACCESSORIES = frozenset(Accessory)

DEMO_VEHICLE_MODELS = (
    VehicleModel(
        id=GOLF,
        brand="Volkswagen",
        model="Golf 8",
        vehicle_type=VehicleType.CAR,
        central_lock_connection_types=frozenset(
            {CentralLockConnectionType.DIRECT, CentralLockConnectionType.CAN}
        ),
        commands=_ALL_COMMANDS,
        state_fields=_CAR_FIELDS,
        fuel_types=frozenset({FuelType.PETROL, FuelType.DIESEL, FuelType.PLUG_IN_HYBRID}),
        installation_variants=frozenset({InstallationVariant.STANDARD, InstallationVariant.OBD}),
        configuration_presets=_PRESETS,
        accessories=_ACCESSORIES,
    ),
    VehicleModel(
        id=ID3,
        brand="Volkswagen",
        model="ID.3",
        vehicle_type=VehicleType.CAR,
        central_lock_connection_types=frozenset({CentralLockConnectionType.CAN}),
        commands=_ALL_COMMANDS,
        state_fields=_EV_FIELDS,
        fuel_types=frozenset({FuelType.ELECTRIC}),
        installation_variants=frozenset({InstallationVariant.STANDARD, InstallationVariant.OBD}),
        configuration_presets=_PRESETS,
        accessories=frozenset({Accessory.CARD_READER, Accessory.BLUETOOTH}),
    ),
    VehicleModel(
        id=ZOE,
        brand="Renault",
        model="ZOE E-Tech",
        vehicle_type=VehicleType.CAR,
        central_lock_connection_types=frozenset(
            {CentralLockConnectionType.CAN, CentralLockConnectionType.DIRECT}
        ),
        commands=_ALL_COMMANDS,
        state_fields=_EV_FIELDS,
        fuel_types=frozenset({FuelType.ELECTRIC}),
        installation_variants=frozenset({InstallationVariant.STANDARD, InstallationVariant.OBD}),
        configuration_presets=_PRESETS,
        accessories=_ACCESSORIES,
    ),
    VehicleModel(
        id=YARIS,
        brand="Toyota",
        model="Yaris Hybrid",
        vehicle_type=VehicleType.CAR,
        central_lock_connection_types=frozenset({CentralLockConnectionType.KEY_FOB}),
        commands=_ALL_COMMANDS,
        state_fields=_CAR_FIELDS,
        fuel_types=frozenset({FuelType.HYBRID}),
        installation_variants=frozenset(
            {InstallationVariant.KEY_HOLDER, InstallationVariant.CUSTOM}
        ),
        configuration_presets=frozenset({"rental", "corporate"}),
        accessories=_ACCESSORIES,
    ),
    VehicleModel(
        id=FIAT,
        brand="Fiat",
        model="500 Hybrid",
        vehicle_type=VehicleType.CAR,
        central_lock_connection_types=frozenset({CentralLockConnectionType.DIRECT}),
        commands=_NO_DRIVING,
        state_fields=_CAR_FIELDS - {StateField.DRIVING_ENABLED},
        fuel_types=frozenset({FuelType.HYBRID, FuelType.PETROL}),
        installation_variants=frozenset({InstallationVariant.STANDARD}),
        configuration_presets=frozenset({"carsharing"}),
        accessories=frozenset({Accessory.CARD_READER}),
    ),
    VehicleModel(
        id=TRANSIT,
        brand="Ford",
        model="Transit Custom",
        vehicle_type=VehicleType.VAN,
        central_lock_connection_types=frozenset(
            {CentralLockConnectionType.CAN, CentralLockConnectionType.DIRECT}
        ),
        commands=_ALL_COMMANDS,
        state_fields=_CAR_FIELDS,
        fuel_types=frozenset({FuelType.DIESEL}),
        installation_variants=frozenset(
            {InstallationVariant.STANDARD, InstallationVariant.OBD, InstallationVariant.CUSTOM}
        ),
        configuration_presets=frozenset({"rental", "corporate"}),
        accessories=_ACCESSORIES,
    ),
)


def _installed(
    qnr: str,
    fleet: str,
    vin: str,
    plate: str,
    model: str,
    variant: InstallationVariant,
    lock: CentralLockConnectionType,
    fuel: FuelType,
    preset: str,
    accessories: frozenset[Accessory],
) -> Box:
    config = BoxConfig(model, variant, lock, fuel, preset, accessories)
    return Box(qnr, fleet, Vehicle(vin=vin, license_plate=plate), config)


_STANDARD, _OBD = InstallationVariant.STANDARD, InstallationVariant.OBD
_DIRECT, _CAN = CentralLockConnectionType.DIRECT, CentralLockConnectionType.CAN
_CARD_AND_BLUETOOTH = frozenset({Accessory.CARD_READER, Accessory.BLUETOOTH})

DEMO_BOXES = (
    Box(BERLIN_NEW_1, BERLIN),
    Box(BERLIN_NEW_2, BERLIN),
    Box(LABEL_EXAMPLE, BERLIN),
    _installed(BERLIN_GOLF, BERLIN, "WVWZZZCDZMW000101", "B-FC 101", GOLF, _STANDARD, _DIRECT,
               FuelType.PETROL, "carsharing", _CARD_AND_BLUETOOTH),
    _installed(BERLIN_ZOE, BERLIN, "VF1AG000X67000102", "B-FC 102", ZOE, _OBD, _CAN,
               FuelType.ELECTRIC, "carsharing", _CARD_AND_BLUETOOTH),
    _installed(BERLIN_FIAT_OFFLINE, BERLIN, "ZFA31200000000103", "B-FC 103", FIAT, _STANDARD,
               _DIRECT, FuelType.HYBRID, "carsharing", frozenset({Accessory.CARD_READER})),
    Box(MUNICH_NEW_1, MUNICH),
    Box(MUNICH_NEW_2, MUNICH),
    _installed(MUNICH_ID3, MUNICH, "WVWZZZE1ZNP000201", "M-FC 201", ID3, _STANDARD, _CAN,
               FuelType.ELECTRIC, "rental", frozenset({Accessory.BLUETOOTH})),
    _installed(MUNICH_YARIS, MUNICH, "VNKKBAC3X0A000202", "M-FC 202", YARIS,
               InstallationVariant.KEY_HOLDER, CentralLockConnectionType.KEY_FOB, FuelType.HYBRID,
               "rental", frozenset({Accessory.KEY_HOLDER, Accessory.BLUETOOTH})),
    _installed(MUNICH_TRANSIT, MUNICH, "WF0XXXTTGXKA00203", "M-FC 203", TRANSIT, _OBD, _CAN,
               FuelType.DIESEL, "corporate", frozenset({Accessory.CARD_READER})),
)  # fmt: skip
"""Every demo box; the ones with a vehicle are installed, the others wait for installation."""

OFFLINE_QNRS = frozenset({BERLIN_FIAT_OFFLINE})
_CITY_CENTRES = {BERLIN: Position(52.5200, 13.4050), MUNICH: Position(48.1374, 11.5755)}


def seed_demo_fleet(simulator: Simulator) -> None:
    """Add the demo models (always, so they follow this file) and the demo boxes it lacks."""
    for model in DEMO_VEHICLE_MODELS:
        simulator.add_vehicle_model(model)
    for number, box in enumerate(DEMO_BOXES):
        if simulator.has_box(box.qnr):
            continue
        centre = _CITY_CENTRES[box.fleet or BERLIN]
        nearby = Position(centre.lat + 0.004 * number, centre.lon - 0.006 * number)
        simulator.add_box(box, position=Position(round(nearby.lat, 6), round(nearby.lon, 6)))
        if box.qnr in OFFLINE_QNRS:
            simulator.set_faults(box.qnr, offline=True)


def demo_simulator(
    *,
    seed: int = DEMO_SEED,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
    state_file: Path | None = None,
) -> Simulator:
    """A simulator with the demo fleet, kept in state_file when given."""
    simulator = Simulator(seed=seed, clock=clock, sleep=sleep, state_file=state_file)
    seed_demo_fleet(simulator)
    return simulator
