"""A job's audit events in words on its page: "Assigned to VEZ9A", "Edited: VIN, service date".

An action this module does not know yet (the technician's side adds some) reads as its name.
"""

from __future__ import annotations

from collections.abc import Mapping

from admin_web.job_labels import FIELD_LABELS
from core.job_views import TimelineEntry

ACTIONS = {
    "job.created": "Created",
    "job.edited": "Edited",
    "job.assigned": "Assigned",
    "job.unassigned": "Unassigned",
    "job.started": "Started",
    "job.succeeded": "Succeeded",
    "job.failed": "Failed",
    "job.taken_back": "Taken back from the technician",
    "job.reopened": "Reopened",
    "job.value_overridden": "Value changed by the technician",
    "box.identified": "Box identified",
    "box.setup_applied": "Configuration applied to the box",
    "box.setup_failed": "Configuration not applied: the box did not answer",
    "box.command": "Box command",
}


def timeline_action(entry: TimelineEntry) -> str:
    """What happened, in a word or two."""
    return ACTIONS.get(entry.action, entry.action)


def timeline_details(entry: TimelineEntry) -> str:
    """The facts of an event that matter to a manager, in a short sentence ("" when none)."""
    details: Mapping[str, object] = entry.details or {}
    parts: list[str] = []
    if "from" in details and "to" in details:
        parts.append(f"{details['from']} → {details['to']}")
    if details.get("partner_code"):
        parts.append(f"partner {details['partner_code']}")
    if details.get("template"):
        parts.append(f"from the template “{details['template']}”")
    if details.get("duplicate_of"):
        parts.append(f"a copy of job {details['duplicate_of']}")
    changed = details.get("changed")
    if isinstance(changed, list):
        names = [FIELD_LABELS.get(str(name), str(name)) for name in changed]
        parts.append(f"changed {', '.join(names)}" if names else "no field changed")
    if details.get("to_edit"):
        parts.append("to be edited")
    if details.get("partner_removed"):
        parts.append("the partner was removed from the fleet")
    if details.get("reason"):
        parts.append(f"reason: {details['reason']}")
    if details.get("field"):
        field = FIELD_LABELS.get(str(details["field"]), str(details["field"]))
        parts.append(f"{field}: {details.get('planned') or '—'} → {details.get('used') or '—'}")
    if details.get("command"):
        parts.append(str(details["command"]).replace("_", " ").lower())
    if details.get("qnr"):
        parts.append(f"box {details['qnr']}")
    if details.get("bulk"):
        parts.append("in a bulk action")
    return "; ".join(parts)
