"""Which status changes a job may make."""

from __future__ import annotations

import pytest

from core.errors import InvalidTransition
from core.status import TRANSITIONS, JobStatus, ensure_transition


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (JobStatus.PENDING, JobStatus.ASSIGNED),
        (JobStatus.ASSIGNED, JobStatus.RUNNING),
        (JobStatus.RUNNING, JobStatus.SUCCEEDED),
        (JobStatus.RUNNING, JobStatus.FAILED),
    ],
)
def test_the_normal_course_of_a_job_is_allowed(current, target):
    ensure_transition(current, target)


def test_a_succeeded_job_stays_succeeded():
    assert TRANSITIONS[JobStatus.SUCCEEDED] == frozenset()
    with pytest.raises(InvalidTransition, match="SUCCEEDED job cannot become RUNNING"):
        ensure_transition(JobStatus.SUCCEEDED, JobStatus.RUNNING)


def test_a_pending_job_cannot_start_without_a_partner():
    with pytest.raises(InvalidTransition):
        ensure_transition(JobStatus.PENDING, JobStatus.RUNNING)


def test_the_transitions_are_exactly_the_products():
    allowed = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}

    assert allowed == {
        (JobStatus.PENDING, JobStatus.ASSIGNED),  # Save & Assign, assign
        (JobStatus.ASSIGNED, JobStatus.PENDING),  # unassign
        (JobStatus.ASSIGNED, JobStatus.RUNNING),  # a technician starts it
        (JobStatus.RUNNING, JobStatus.SUCCEEDED),
        (JobStatus.RUNNING, JobStatus.FAILED),
        (JobStatus.RUNNING, JobStatus.ASSIGNED),  # taken back from the technician
        (JobStatus.FAILED, JobStatus.ASSIGNED),  # reopened for the same partner
        (JobStatus.FAILED, JobStatus.PENDING),  # reopened for planning
    }
