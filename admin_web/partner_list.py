"""The list of a fleet's service partners as Partners & Teams shows it: by status, searchable.

Core gives the rows in a stable order (partner name or e-mail); this keeps that order inside
each status group, and finds rows by name, Partner ID or e-mail for the search field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.status import InvitationStatus
from core.views import PartnerRow

STATUS_ORDER = (InvitationStatus.ACCEPTED, InvitationStatus.PENDING, InvitationStatus.DECLINED)
SEARCH_ABOVE = 5  # entries; up to this many fit on a phone's screen without searching
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True, slots=True)
class PartnerGroup:
    """The entries of one status, in the list's order."""

    status: InvitationStatus
    rows: tuple[PartnerRow, ...]


@dataclass(frozen=True, slots=True)
class PartnerList:
    """What the list shows: the groups, how many entries there are, what was searched for."""

    groups: tuple[PartnerGroup, ...]
    total: int
    shown: int
    query: str
    searchable: bool


def partner_list(rows: Sequence[PartnerRow], query: str = "") -> PartnerList:
    """The rows grouped by status (ACCEPTED, PENDING, DECLINED), only those matching query."""
    wanted = " ".join(query.split())[:MAX_QUERY_LENGTH]
    found = [row for row in rows if matches(row, wanted)]
    groups = tuple(
        PartnerGroup(status, tuple(row for row in found if row.status == status))
        for status in STATUS_ORDER
    )
    return PartnerList(
        groups=tuple(group for group in groups if group.rows),
        total=len(rows),
        shown=len(found),
        query=wanted,
        searchable=len(rows) > SEARCH_ABOVE or bool(wanted),
    )


def matches(row: PartnerRow, query: str) -> bool:
    """Whether the partner's name, Partner ID or e-mail contains query, ignoring case."""
    needle = query.casefold()
    return any(needle in (text or "").casefold() for text in _searched(row))


def partner_label(row: PartnerRow) -> str:
    """How a message names an entry: `Demo Installers (DEMO1)`, or the e-mail while pending."""
    if row.partner_name and row.partner_code:
        return f"{row.partner_name} ({row.partner_code})"
    return row.email


def _searched(row: PartnerRow) -> tuple[str | None, ...]:
    return (row.partner_name, row.partner_code, row.email)
