"""Values a statement's worth at a time: an `IN (...)` or a multi-row statement stays well under
the bound parameters SQLite and asyncpg take at once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

VALUES_PER_STATEMENT = 5000

T = TypeVar("T")


def statement_chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """values, VALUES_PER_STATEMENT at a time."""
    for start in range(0, len(values), VALUES_PER_STATEMENT):
        yield values[start : start + VALUES_PER_STATEMENT]
