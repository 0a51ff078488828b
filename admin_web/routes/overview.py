"""The Overview, a fleet's home: jobs by status, what finished each day, what needs attention."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from starlette.responses import Response

from admin_web.deps import PathId, ServicesDep, SessionDep
from admin_web.finished_chart import NARROW, WIDE, finished_chart
from admin_web.form_text import TextFormRoute
from admin_web.pages import render_page
from core.job_fields import JobType
from core.moments import local_date
from core.services import accounts
from core.services.overview import show_overview
from core.status import JobStatus

router = APIRouter(route_class=TextFormRoute)
TABLES = {JobType.INSTALLATION: "installation_jobs", JobType.MAINTENANCE: "maintenance_jobs"}


@router.get("/fleets/{fleet_id}/overview", name="overview")
async def show_fleet_overview(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """Counts per status of both job types, the last 30 days' finished jobs, what needs a look."""
    async with services.uow.read_only() as uow:
        overview = await show_overview(uow, session.manager, fleet_id=fleet_id)
        me = await accounts.describe_manager(uow, session.manager)
    fleet = next(f for f in me.fleets if f.id == fleet_id)
    yesterday = local_date(services.clock.now(), fleet.time_zone) - timedelta(days=1)
    return render_page(
        request,
        "overview.html",
        {
            "me": me,
            "current_fleet": fleet,
            "csrf_token": session.csrf_token,
            "active": "overview",
            "overview": overview,
            "charts": {
                "wide": finished_chart(overview.days, WIDE),
                "narrow": finished_chart(overview.days, NARROW),
            },
            "tables": TABLES,
            "statuses": tuple(JobStatus),
            # ASSIGNED with a service date up to yesterday: the overdue jobs of a table.
            "overdue_until": yesterday.isoformat(),
            "no_jobs": not any(sum(counts.values()) for counts in overview.counts.values()),
        },
    )
