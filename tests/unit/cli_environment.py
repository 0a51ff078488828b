"""The fleetcrew command's environment in a test: only the test's FLEETCREW_ variables count,
var/ and any .env live in tmp_path. Import `environment` into a CLI test module (autouse)."""

from __future__ import annotations

import os

import pytest

MANAGER_PASSWORD = "a manager password"


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path):
    """Only this test's FLEETCREW_ variables count; var/ and any .env live in tmp_path."""
    for name in list(os.environ):
        if name.startswith("FLEETCREW_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLEETCREW_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("FLEETCREW_MANAGER_PASSWORD", MANAGER_PASSWORD)
