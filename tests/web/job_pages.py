"""Reading the job tables and the Overview the way a manager does: rows, chips, the message."""

from __future__ import annotations

import html
import re

import httpx

_ROW = re.compile(r'<input type="checkbox" form="bulk" name="job" value="(\d+)"')
_FLASH = re.compile(r'<div class="flash flash-(\w+)" role="\w+">(.*?)</div>', re.S)
_CHIP = re.compile(r'<a class="chip[^"]*" href="([^"]*)"[^>]*>(\w+) <span class="chip-count">(\d+)')


def table_of(fleet_id: int, kind: str = "installation") -> str:
    """The address of a fleet's Installation Jobs or Maintenance Jobs."""
    return f"/fleets/{fleet_id}/jobs/{kind}"


def overview_of(fleet_id: int) -> str:
    """The address of a fleet's Overview."""
    return f"/fleets/{fleet_id}/overview"


def bulk_of(fleet_id: int) -> str:
    """Where a job table's bulk actions are sent."""
    return f"/fleets/{fleet_id}/jobs/bulk"


def rows_of(page: httpx.Response) -> list[int]:
    """The job ids of the table's rows, top to bottom."""
    return [int(job_id) for job_id in _ROW.findall(page.text)]


def flash_of(page: httpx.Response) -> tuple[str, str] | None:
    """The kind and text of the message at the top of the page, if there is one."""
    match = _FLASH.search(page.text)
    return (match.group(1), html.unescape(match.group(2))) if match else None


def chips_of(page: httpx.Response) -> dict[str, tuple[int, str]]:
    """Each status chip's count and link, by its label (All, PENDING …)."""
    return {
        label: (int(count), html.unescape(url)) for url, label, count in _CHIP.findall(page.text)
    }


def row_html(page: httpx.Response, job_id: int) -> str:
    """The HTML of one job's row."""
    start = page.text.index(f'name="job" value="{job_id}"')
    return page.text[start : page.text.index("</tr>", start)]
