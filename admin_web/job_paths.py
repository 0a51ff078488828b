"""Addresses of the job forms' pages, which the job tables, the Overview and the menu link to.

The job page, its edit page, Duplicate and Delete, New Job and Templates are routes of the job
forms, not of this module; their paths are the URL scheme the two share, written here once.
"""

from __future__ import annotations

from core.job_fields import JobType


def job_page(fleet_id: int, job_id: int) -> str:
    """The job page: every field, the status, the timeline."""
    return f"/fleets/{fleet_id}/jobs/{job_id}"


def edit_job(fleet_id: int, job_id: int) -> str:
    """The job's edit form."""
    return f"{job_page(fleet_id, job_id)}/edit"


def duplicate_job(fleet_id: int, job_id: int) -> str:
    """Where the row menu posts Duplicate: a new PENDING copy."""
    return f"{job_page(fleet_id, job_id)}/duplicate"


def delete_job(fleet_id: int, job_id: int) -> str:
    """Where the row menu posts Delete."""
    return f"{job_page(fleet_id, job_id)}/delete"


def new_job(fleet_id: int, job_type: JobType) -> str:
    """New Job for one of the two tables."""
    return f"/fleets/{fleet_id}/jobs/new?type={job_type.lower()}"


def templates_page(fleet_id: int) -> str:
    """Templates of a fleet."""
    return f"/fleets/{fleet_id}/templates"
