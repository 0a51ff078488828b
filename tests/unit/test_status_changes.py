"""A status changes in one place: a check that fails as soon as any other code assigns one."""

from __future__ import annotations

import ast
from pathlib import Path

import core

CORE = Path(core.__file__).parent
# (module, function) where a status may be assigned, one per kind of thing that has one.
THE_ONE_PLACE = {
    ("services/transitions.py", "move_job"),  # jobs
    ("services/transitions.py", "move_jobs"),  # many jobs at once, set-based
    ("services/transitions.py", "move_invitation"),  # invitations (fleet connections)
    ("services/joining.py", "_answer"),  # requests to join a team
    ("services/telegram_outbox.py", "_move_to"),  # messages FleetCrew sends on its own
    ("services/box_commands.py", "_move_to"),  # commands for a CloudBoxx
    ("services/box_commands.py", "_moving_to"),  # the same, set-based
    ("services/job_import.py", "_mark_imported"),  # kept CSV files of jobs
}


def status_assignments(root: Path) -> set[tuple[str, str]]:
    found = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                targets = (
                    node.targets
                    if isinstance(node, ast.Assign)
                    else [node.target]
                    if isinstance(node, ast.AugAssign | ast.AnnAssign)
                    else []
                )
                # update(...).values(status=…) changes a status without the one place, too
                updates = (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "values"
                    and any(keyword.arg == "status" for keyword in node.keywords)
                )
                if updates or any(
                    isinstance(t, ast.Attribute) and t.attr == "status" for t in targets
                ):
                    found.add((path.relative_to(root).as_posix(), function.name))
    return found


def test_nothing_but_the_one_place_assigns_a_status():
    assert status_assignments(CORE) <= THE_ONE_PLACE


def test_the_check_sees_an_assignment_or_an_update_elsewhere(tmp_path):
    (tmp_path / "rogue.py").write_text(
        "def sneak(job):\n    job.status = 'SUCCEEDED'\n\n"
        "def bulk(query):\n    return query.values(status='FAILED')\n"
    )

    assert status_assignments(tmp_path) == {
        ("rogue.py", "sneak"),
        ("rogue.py", "bulk"),
    }
