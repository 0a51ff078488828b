"""What a job table shows: its columns' labels and cells, sort links, status chips, page links.

Every link keeps the table's other filters, so a chip, a header or Next changes one thing only.
The links are built from the query core read (`JobQuery`), never from the raw query string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from cloudboxx import VehicleModel
from core.job_views import JobPage, JobRow
from core.moments import MONTHS, show_moment
from core.services.job_list import SORT_COLUMNS, JobFilter, JobQuery, JobSort
from core.status import JobStatus

COLUMN_LABELS = {
    "id": "Job",
    "status": "Status",
    "license_plate": "License plate",
    "vin": "VIN",
    "custom_name": "Custom name",
    "vehicle_model_id": "Vehicle model",
    "qnr": "QNR",
    "service_date": "Service date",
    "partner": "Partner",
    "technician": "Technician",
    "updated_at": "Last change",
}
"""The gear menu's and the header's words for each of core's JOB_COLUMNS."""
DEFAULT_SORT = JobSort()
EMPTY = "—"


@dataclass(frozen=True, slots=True)
class Header:
    """A column's header: its label and, if the table sorts on it, the link that does."""

    key: str
    label: str
    sort_url: str | None
    sorted: str | None  # "ascending", "descending" or None: the header's aria-sort


@dataclass(frozen=True, slots=True)
class Chip:
    """A status filter chip with the count of the jobs in that status."""

    status: JobStatus | None  # None: the "All" chip
    count: int
    url: str
    on: bool


@dataclass(frozen=True, slots=True)
class Cell:
    """One value of a row, as text (the status cell is drawn from the row itself)."""

    key: str
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class TableRow:
    """A job's line: the job and its cells in the order of the chosen columns."""

    job: JobRow
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class JobTable:
    """A page of a job table, ready to draw."""

    headers: tuple[Header, ...]
    chips: tuple[Chip, ...]
    rows: tuple[TableRow, ...]
    shown_total: int
    next_url: str | None
    first_url: str | None
    filtered: bool
    empty_fleet: bool  # no job of this type at all: the table makes way for a first New Job
    here: str
    filter: str  # the filter alone as a query string, for bulk on every job matching it
    export_url: str  # the filter's every job, sorted as shown, as a CSV file


def show_day(day: date) -> str:
    """A date as people read it: `1 Dec 2026`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def table_url(
    path: str,
    query: JobQuery,
    *,
    statuses: Iterable[JobStatus] | None = None,
    sort: JobSort | None = None,
    after: str | None = None,
) -> str:
    """The table's address with the query's filters, changed as asked, without a cursor."""
    wanted = query.filter
    chosen = wanted.statuses if statuses is None else frozenset(statuses)
    pairs = _filter_pairs(replace(wanted, statuses=chosen))
    order = sort or query.sort
    if order != DEFAULT_SORT:
        pairs.append(("sort", sort_key(order)))
    if after:
        pairs.append(("after", after))
    return f"{path}?{urlencode(pairs)}" if pairs else path


def filter_query(wanted: JobFilter) -> str:
    """A filter as a query string (`status=PENDING&q=b-ev`): what bulk on a whole filter sends."""
    return urlencode(_filter_pairs(wanted))


def filter_words(wanted: JobFilter) -> str:
    """A filter as a manager reads it: `PENDING; partner VEZ9A; search “b-ev”` (or `all jobs`)."""
    words = []
    if wanted.statuses:
        words.append(" or ".join(status.value for status in JobStatus if status in wanted.statuses))
    if wanted.partner_code:
        words.append(f"partner {wanted.partner_code}")
    if wanted.service_from:
        words.append(f"service date from {show_day(wanted.service_from)}")
    if wanted.service_until:
        words.append(f"service date until {show_day(wanted.service_until)}")
    if wanted.text:
        words.append(f"search “{wanted.text}”")
    return "; ".join(words) or "all jobs"


def _filter_pairs(wanted: JobFilter) -> list[tuple[str, str]]:
    pairs = [("status", status.value) for status in JobStatus if status in wanted.statuses]
    if wanted.partner_code:
        pairs.append(("partner", wanted.partner_code))
    if wanted.service_from:
        pairs.append(("from", wanted.service_from.isoformat()))
    if wanted.service_until:
        pairs.append(("until", wanted.service_until.isoformat()))
    if wanted.text:
        pairs.append(("q", wanted.text))
    return pairs


def sort_key(sort: JobSort) -> str:
    """A sort as the `sort` parameter writes it: `service_date`, `-id`."""
    return f"-{sort.column}" if sort.descending else sort.column


def job_table(
    path: str,
    query: JobQuery,
    page: JobPage,
    columns: Iterable[str],
    *,
    models: Mapping[str, VehicleModel],
    time_zone: str,
) -> JobTable:
    """The page's headers, chips, rows and page links, for the chosen columns."""
    shown = tuple(columns)
    wanted = query.filter
    chips = [Chip(None, page.total, table_url(path, query, statuses=()), not wanted.statuses)]
    for status in JobStatus:
        toggled = wanted.statuses ^ {status}
        chips.append(
            Chip(
                status,
                page.counts[status],
                table_url(path, query, statuses=toggled),
                status in wanted.statuses,
            )
        )
    selected = wanted.statuses or frozenset(JobStatus)
    return JobTable(
        headers=tuple(_header(path, query, key) for key in shown),
        chips=tuple(chips),
        rows=tuple(
            TableRow(row, tuple(_cell(row, key, models, time_zone) for key in shown))
            for row in page.rows
        ),
        shown_total=sum(page.counts[status] for status in selected),
        next_url=table_url(path, query, after=page.next_cursor) if page.next_cursor else None,
        first_url=table_url(path, query) if query.cursor else None,
        filtered=wanted != JobFilter(),
        empty_fleet=page.total == 0 and replace(wanted, statuses=frozenset()) == JobFilter(),
        here=table_url(path, query, after=query.cursor),
        filter=filter_query(wanted),
        export_url=table_url(f"{path}/export", query),
    )


def _header(path: str, query: JobQuery, key: str) -> Header:
    label = COLUMN_LABELS[key]
    if key not in SORT_COLUMNS:
        return Header(key, label, None, None)
    current = query.sort
    if current.column == key:
        flipped = JobSort(key, not current.descending)
        return Header(
            key,
            label,
            table_url(path, query, sort=flipped),
            "descending" if current.descending else "ascending",
        )
    return Header(key, label, table_url(path, query, sort=JobSort(key, False)), None)


def _cell(row: JobRow, key: str, models: Mapping[str, VehicleModel], time_zone: str) -> Cell:
    return Cell(key, COLUMN_LABELS[key], _text(row, key, models, time_zone) or EMPTY)


def _text(row: JobRow, key: str, models: Mapping[str, VehicleModel], time_zone: str) -> str:
    if key == "id":
        return f"#{row.id}"
    if key == "status":
        return row.status.value
    if key == "vehicle_model_id":
        model = models.get(row.vehicle_model_id or "")
        return model.name if model else row.vehicle_model_id or ""
    if key == "service_date":
        return show_day(row.service_date) if row.service_date else ""
    if key == "partner":
        return f"{row.partner_name} ({row.partner_code})" if row.partner_name else ""
    if key == "technician":
        return row.technician_name or ""
    if key == "updated_at":
        return show_moment(row.updated_at, time_zone)
    text: str | None = getattr(row, key)
    return text or ""
