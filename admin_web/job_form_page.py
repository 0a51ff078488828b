"""Rendering the job form and the template form: what was typed, its problems, the model choices.

Both forms show the same job data (Setup, Maintenance, Master Data, extra items); the vehicle
models come from the CloudBoxx gateway, asked before any unit of work opens. Each model option
carries what that model takes, so a little script can narrow the other choices; the server
checks them all the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import Response

from admin_web.fleet_frame import FleetFrame
from admin_web.job_form_data import TypedJob, items_with_blanks
from admin_web.pages import render_page
from cloudboxx import VehicleModel
from core.box_state import BoxStateView, box_state
from core.container import Services
from core.errors import DomainError
from core.job_fields import JobType

BLANK_ITEMS = 1
MAX_BLANK_ITEMS = 20
NoticeKind = Literal["success", "info", "warning", "error"]


@dataclass(frozen=True, slots=True)
class FormState:
    """What a job or template form shows besides the fleet and the choices."""

    typed: TypedJob = field(default_factory=TypedJob)
    problems: Mapping[str, str] = field(default_factory=dict)
    notice: str | None = None
    notice_kind: NoticeKind = "error"
    blanks: int = BLANK_ITEMS
    box: BoxStateView | None = None
    box_problem: str | None = None
    template_name: str = ""
    creation_key: str = ""  # New Job: the form's own key, so a second send saves no second job
    seen: str = ""  # edit: the job's last change when the form was opened

    def with_notice(self, text: str, kind: NoticeKind = "error") -> FormState:
        """The same form with a message above it."""
        return replace(self, notice=text, notice_kind=kind)

    def with_problems(self, problems: Mapping[str, str]) -> FormState:
        """The same form with messages next to its fields."""
        return replace(self, problems={**self.problems, **problems})

    def with_another_item(self) -> FormState:
        """The same form with one more empty extra item row (the form's "Add an item")."""
        return replace(self, blanks=min(self.blanks + 1, MAX_BLANK_ITEMS))


def job_type_of(typed: TypedJob, default: JobType) -> JobType:
    """The job type the form holds, or default when it holds none that is known."""
    text = typed.value("job_type").strip().upper()
    return JobType(text) if text in JobType.__members__ else default


def model_offers(models: Sequence[VehicleModel]) -> dict[str, dict[str, list[str]]]:
    """Per model id, what each model-bound field may take there."""
    return {
        model.id: {
            "installation_variant": sorted(model.installation_variants),
            "central_lock_connection_type": sorted(model.central_lock_connection_types),
            "fuel_type": sorted(model.fuel_types),
            "configuration_preset": sorted(model.configuration_presets),
        }
        for model in models
    }


def models_by_brand(models: Sequence[VehicleModel]) -> dict[str, list[VehicleModel]]:
    """The models grouped under their brands, as the model choice lists them."""
    brands: dict[str, list[VehicleModel]] = {}
    for model in models:
        brands.setdefault(model.brand, []).append(model)
    return brands


async def look_up_box(services: Services, frame: FleetFrame, state: FormState) -> FormState:
    """The form with the last known state of the box whose QNR it holds, or why there is none."""
    qnr = state.typed.value("qnr").strip()
    if not qnr:
        return replace(state, box_problem="Type the box's QNR first, then look it up.")
    try:
        found = await box_state(services.boxes, fleet_name=frame.fleet.name, qnr=qnr)
    except DomainError as problem:
        return replace(state, box_problem=problem.message)
    return replace(state, box=found)


def render_form(
    request: Request,
    frame: FleetFrame,
    page: str,
    *,
    state: FormState,
    models: Sequence[VehicleModel],
    active: str,
    status_code: int = 200,
    **more: Any,
) -> Response:
    """The job form (job_form.html) or the template form, with the choices of the models."""
    presets = sorted({preset for model in models for preset in model.configuration_presets})
    return render_page(
        request,
        page,
        {
            **frame.context(active),
            "form": state,
            "typed": state.typed,
            "item_rows": items_with_blanks(state.typed.items, state.blanks),
            "brands": models_by_brand(models),
            "offers": model_offers(models),
            "known_models": {model.id for model in models},
            "presets": presets,
            "time_zone": frame.fleet.time_zone,
            **more,
        },
        status_code=status_code,
    )


def seen_moment(text: str) -> datetime | None:
    """The last change a form carried (see FormState.seen); none checks nothing."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
