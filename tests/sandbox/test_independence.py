"""The sandbox stands in for Telegram: it imports nothing of FleetCrew but itself."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.sandbox

FLEETCREW_PACKAGES = ("core", "admin_web", "fleetcrew", "cloudboxx", "bot")


def test_the_sandbox_imports_no_fleetcrew_module_outside_itself() -> None:
    folder = Path(bot.sandbox.__file__).parent
    imported = set()
    for module in folder.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)

    ours = {name for name in imported if name.split(".")[0] in FLEETCREW_PACKAGES}
    assert ours and all(name.startswith("bot.sandbox") for name in ours), sorted(ours)
