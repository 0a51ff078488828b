"""The job and template pages the way a test reads them: addresses, form values, messages.

DownGateway is a CloudBoxx service that cannot be reached, as the HTTP client reports it.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import httpx

from cloudboxx import (
    Box,
    BoxConfig,
    Command,
    GatewayUnavailable,
    Vehicle,
    VehicleModel,
    VehicleState,
)


def jobs_of(fleet_id: int) -> str:
    """Where a fleet's job routes start."""
    return f"/fleets/{fleet_id}/jobs"


def new_job_of(fleet_id: int) -> str:
    """The New Job form of a fleet."""
    return f"{jobs_of(fleet_id)}/new"


def job_of(fleet_id: int, job_id: int | str) -> str:
    """The page of one job."""
    return f"{jobs_of(fleet_id)}/{job_id}"


def templates_of(fleet_id: int) -> str:
    """The Templates page of a fleet."""
    return f"/fleets/{fleet_id}/templates"


def problem_next_to(page: httpx.Response, field: str) -> str | None:
    """The message the form shows next to a field, if any."""
    match = re.search(rf'id="{re.escape(field)}-problem">([^<]*)</p>', page.text)
    return html.unescape(match.group(1)) if match else None


class _FormValues(HTMLParser):
    """What each field of the page's forms holds, as a browser would send it (last one wins)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {key: value or "" for key, value in attrs}
        name = named.get("name")
        if tag == "input" and name and named.get("type", "text") not in ("submit", "checkbox"):
            self.values[name] = named.get("value", "")
        elif tag == "input" and name and "checked" in named:
            self.values[name] = named.get("value", "on")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in named:
            self.values[self._select] = named.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def form_values(page: httpx.Response) -> dict[str, str]:
    """Every filled field of the page's forms by name (selects by their chosen option)."""
    parser = _FormValues()
    parser.feed(page.text)
    return {name: value for name, value in parser.values.items() if value}


class DownGateway:
    """A CloudBoxx service that cannot be reached: every call fails the way the client's does."""

    def _down(self) -> GatewayUnavailable:
        return GatewayUnavailable("the service answered 503")

    async def list_vehicle_models(self, *, flow_id: str) -> list[VehicleModel]:
        raise self._down()

    async def get_box(self, qnr: str, *, flow_id: str) -> Box:
        raise self._down()

    async def bind_box(self, qnr: str, vehicle: Vehicle, config: BoxConfig, *, flow_id: str) -> Box:
        raise self._down()

    async def apply_config(self, qnr: str, config: BoxConfig, *, flow_id: str) -> Box:
        raise self._down()

    async def send_command(self, qnr: str, command: Command, *, flow_id: str) -> VehicleState:
        raise self._down()

    async def read_state(self, qnr: str, *, flow_id: str) -> VehicleState:
        raise self._down()
