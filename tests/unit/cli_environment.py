"""The fleetcrew command's environment in a test: only the test's FLEETCREW_ variables count,
var/ and any .env live in tmp_path. Import `environment` into a CLI test module (autouse)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

MANAGER_PASSWORD = "a manager password"


def forget_developer_environment(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """No FLEETCREW_ variable or .env file of the developer's counts: run in folder."""
    for name in list(os.environ):
        if name.startswith("FLEETCREW_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(folder)


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path):
    """Only this test's FLEETCREW_ variables count; var/ and any .env live in tmp_path."""
    forget_developer_environment(monkeypatch, tmp_path)
    monkeypatch.setenv("FLEETCREW_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("FLEETCREW_MANAGER_PASSWORD", MANAGER_PASSWORD)
