"""The last known state of a fleet's box by its QNR: the fragment the job form shows under the QNR.

The form's script asks for it as the manager types a QNR; without the script the form's Look up
button shows the same, with everything typed kept. No unit of work is open during the call.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from admin_web.deps import PathId, ServicesDep, SessionDep
from admin_web.fleet_frame import fleet_frame
from admin_web.form_text import TextFormRoute
from admin_web.fragments import render_fragment
from core.box_state import box_state
from core.errors import DomainError, InvalidInput, NotFound, ServiceUnavailable

router = APIRouter(prefix="/fleets/{fleet_id}/jobs", route_class=TextFormRoute)


@router.get("/box-state", name="box_state")
async def show_box_state(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep, qnr: str = ""
) -> Response:
    """What CloudBoxx last heard from the box: online, last heartbeat, central lock."""
    frame = await fleet_frame(services, session, fleet_id)
    found, problem, status_code = None, None, 200
    try:
        found = await box_state(services.boxes, fleet_name=frame.fleet.name, qnr=qnr)
    except DomainError as refused:
        problem, status_code = refused.message, _status_of(refused)
    return render_fragment(
        request,
        "_box_state.html",
        {"current_fleet": frame.fleet, "box": found, "box_problem": problem},
        status_code=status_code,
    )


def _status_of(problem: DomainError) -> int:
    if isinstance(problem, InvalidInput):
        return 400
    if isinstance(problem, NotFound):
        return 404
    if isinstance(problem, ServiceUnavailable):
        return 503
    return 409
