"""The benchmarks still run end to end, at tiny sizes, and print the figures they promise."""

from __future__ import annotations

import json

import pytest

from bench import bot_throughput, bulk, revocation


def last_json_line(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    lines = capsys.readouterr().out.strip().splitlines()
    figures: dict[str, object] = json.loads(lines[-1])
    return figures


def test_bot_throughput_prints_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    returned = bot_throughput.main(["--technicians", "2", "--jobs", "1", "--paced-jobs", "1"])

    printed = last_json_line(capsys)
    assert printed == returned
    for key in ("updates_per_s", "baseline_updates_per_s", "p50_ms", "p95_ms", "p99_ms"):
        assert isinstance(printed[key], float) and printed[key] > 0, key
    assert printed["updates"] == printed["paced_updates"] == 2 * 18


def test_revocation_prints_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    returned = revocation.main(
        [
            "--technicians",
            "2",
            "--restart-grants",
            "3",
            "--box-seconds",
            "0.05",
            "--window-seconds",
            "1",
        ]
    )

    printed = last_json_line(capsys)
    assert printed == returned
    for key in ("completion_to_box_p95_s", "expiry_lateness_p95_s", "restart_catchup_s"):
        assert isinstance(printed[key], float) and printed[key] > 0, key
    assert (printed["completions"], printed["expiries"], printed["restart_grants"]) == (2, 2, 3)


def test_bulk_prints_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    returned = bulk.main(["--jobs", "30"])

    printed = last_json_line(capsys)
    assert printed == returned
    for key in ("assign_s", "unassign_s", "change_s", "delete_s"):
        assert isinstance(printed[key], float) and printed[key] > 0, key
    assert (printed["jobs"], printed["target_s"], printed["met"]) == (30, 2.0, True)
