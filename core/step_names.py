"""What each checklist step is called on the manager's job page, in English — pure.

The keys are core.checklist's; the bot words its own prompts (bot/texts), the page names the
step after the fact. An extra item is called by the label the manager gave it.
"""

from __future__ import annotations

from collections.abc import Sequence

STEP_NAMES = {
    "vehicle": "Vehicle confirmed",
    "model": "Vehicle model",
    "box": "Box identified",
    "variant": "Installation variant",
    "lock_type": "Central-lock connection",
    "fit_obd": "Box plugged into the OBD port",
    "fit_custom": "Custom fitting",
    "fit_box": "Box fitted",
    "wire_power": "Power wired",
    "fit_key_holder": "Key holder fitted",
    "wire_lock": "Central lock wired (direct)",
    "wire_can": "CAN bus connected",
    "wire_key_fob": "Key fob buttons wired",
    "fit_card_reader": "Card reader fitted",
    "fit_bluetooth": "Bluetooth module fitted",
    "setup": "Configuration applied",
    "test_state": "Test: state request",
    "test_lock": "Test: lock",
    "test_unlock": "Test: unlock",
    "test_disable_driving": "Test: disable driving",
    "test_enable_driving": "Test: enable driving",
    "test_key_fob": "Test: key fob in its holder",
    "photo_box": "Photo of the fitted box",
    "photo_label": "Photo of the QNR label",
    "problem": "The problem and the box's state",
    "inspect_online": "Inspection: box online",
    "inspect_wiring": "Inspection: wiring",
    "inspect_key_holder": "Inspection: key holder",
    "inspect_card_reader": "Inspection: card reader",
    "work_done": "What was done",
    "photo_after": "Photo after the work",
}

TEST_STEPS = frozenset({key for key in STEP_NAMES if key.startswith("test_")}) | {
    "inspect_online",
    "problem",
}
"""The steps whose answer is what the box reported: passed or failed, with its readings."""

_EXTRA = "extra_"


def step_name(key: str, extra_labels: Sequence[str] = ()) -> str:
    """A step's name: its own, an extra item's label, or (a step no longer built) its key."""
    if key in STEP_NAMES:
        return STEP_NAMES[key]
    number = key.removeprefix(_EXTRA)
    if key.startswith(_EXTRA) and number.isdigit():
        place = int(number)
        return extra_labels[place - 1] if 0 < place <= len(extra_labels) else f"Extra item {place}"
    return key.replace("_", " ").capitalize()


def is_test_step(key: str) -> bool:
    """Whether the step asks the box and is judged by what it reports."""
    return key in TEST_STEPS
