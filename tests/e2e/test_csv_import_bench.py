"""The CSV import benchmark runs end to end at a tiny size and prints the figures it promises."""

from __future__ import annotations

import json

import pytest

from bench import csv_import


def test_the_csv_import_benchmark_prints_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    returned = csv_import.main(["--rows", "30"])

    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed == returned
    assert (printed["rows"], printed["assigned"]) == (30, 10)
    for key in ("import_s", "floor_s", "ratio"):
        assert isinstance(printed[key], float) and printed[key] > 0, key
    assert (printed["targets"], printed["met"]) == ({}, None)
