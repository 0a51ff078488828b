"""One generated row per table of whatever schema a database has; every row read back, compared.

Values come only from the reflected column types and the table and column names, so the same
schema always gets the same rows, and a table a new migration adds is filled without anyone
writing data for it. Every column is set, references to real parent rows included, so a
migration that nulls, cascades or rewrites anything shows up as a changed row.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

Row = dict[str, Any]
Rows = dict[str, list[Row]]  # table name → its rows, in an order that does not depend on storage

# Alembic's bookkeeping: it changes with every step by design.
VERSION_TABLE = "alembic_version"


def fill_new_tables(connection: Connection, existing: Collection[str] = ()) -> None:
    """Insert one generated row into every empty table not in existing, parents first.

    Tables that existed before are left alone, so one a migration emptied stays empty and shows.
    """
    for table in _reflect(connection):
        if table.name in existing:
            continue
        if connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
            continue
        row = {column.name: generated_value(table.name, column) for column in table.columns}
        row |= _references(connection, table, row)
        connection.execute(table.insert().values(row))


def all_rows(connection: Connection) -> Rows:
    """Every row of every table but Alembic's, each as a dict of column name to value."""
    return {
        table.name: sorted(
            (dict(row._mapping) for row in connection.execute(sa.select(table))),
            key=lambda row: repr(sorted(row.items())),
        )
        for table in _reflect(connection)
    }


def differences(expected: Rows, found: Rows) -> dict[str, Any]:
    """Per differing table: expected rows not found (how the nearest found row differs), extras."""
    differing: dict[str, Any] = {}
    for table in sorted(expected.keys() | found.keys()):
        if table not in found or table not in expected:
            differing[table] = "no such table" if table not in found else "a table not expected"
            continue
        missing = _without(expected[table], found[table])
        extra = _without(found[table], expected[table])
        entry: dict[str, Any] = {}
        if missing:
            entry["changed or missing"] = [nearest_difference(r, found[table]) for r in missing]
        if len(extra) > len(missing):  # a changed row is both; only more rows than before count
            entry["extra"] = extra
        if entry:
            differing[table] = entry
    return differing


def nearest_difference(row: Row, candidates: list[Row], columns: set[str] | None = None) -> Any:
    """Column → (row's value, nearest candidate's) where they differ, in columns (default: all)."""
    if not candidates:
        return {"no rows, expected": row}

    def difference(other: Row) -> dict[str, tuple[Any, Any]]:
        compared = row.keys() | other.keys() if columns is None else columns
        return {
            c: (row.get(c), other.get(c)) for c in sorted(compared) if row.get(c) != other.get(c)
        }

    return min(map(difference, candidates), key=len)


def generated_value(table: str, column: sa.Column[Any]) -> Any:
    """A value of the column's type, the same on every run, set even where NULL would do."""
    seed = zlib.crc32(f"{table}.{column.name}".encode())
    kind = column.type
    # Subclasses before their bases: Enum is a String, BigInteger an Integer, Float a Numeric.
    if isinstance(kind, sa.Enum):
        return kind.enums[seed % len(kind.enums)]
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.BigInteger):
        return 2**40 + seed  # beyond 32 bits, so a column narrowed by mistake shows
    if isinstance(kind, sa.SmallInteger):
        return 1 + seed % (2**15 - 1)
    if isinstance(kind, sa.Integer):
        return 1 + seed % (2**31 - 1)
    if isinstance(kind, sa.DateTime):
        moment = datetime(2026, 1, 1) + timedelta(seconds=seed % 10**7, microseconds=seed % 10**6)
        return moment.replace(tzinfo=UTC) if kind.timezone else moment
    if isinstance(kind, sa.Date):
        return date(2026, 1, 1) + timedelta(days=seed % 3650)
    if isinstance(kind, sa.Time):
        return time(seed % 24, seed % 60, seed % 60)
    if isinstance(kind, sa.JSON):
        return {"from": f"{table}.{column.name}", "seed": seed, "list": [1, "ä", None]}
    if isinstance(kind, sa.LargeBinary):
        return seed.to_bytes(4, "big") + b"\x00\xff"
    if isinstance(kind, sa.Float):
        return seed % 1000 + 0.5
    if isinstance(kind, sa.Numeric):
        return Decimal(seed % 10**6) / 100
    if isinstance(kind, sa.Uuid):
        return UUID(int=seed)
    if isinstance(kind, sa.String):
        text = f"{column.name} ä {seed}"
        return text[: kind.length] if kind.length else text
    raise AssertionError(
        f"{table}.{column.name} has type {kind!r}: teach tests/generated_rows.py a value for it"
    )


def _without(rows: list[Row], others: list[Row]) -> list[Row]:
    left = list(others)
    kept = []
    for row in rows:
        if row in left:
            left.remove(row)
        else:
            kept.append(row)
    return kept


def _reflect(connection: Connection) -> list[sa.Table]:
    metadata = sa.MetaData()
    metadata.reflect(connection)
    return [table for table in metadata.sorted_tables if table.name != VERSION_TABLE]


def _references(connection: Connection, table: sa.Table, row: Row) -> Row:
    """Every foreign key, nullable or not, pointing at the parent's first row."""
    references: Row = {}
    for key in table.foreign_key_constraints:
        parent = key.referred_table
        referred = [element.column.name for element in key.elements]
        if parent is table:
            values = [row[name] for name in referred]
        else:
            columns = [parent.c[name] for name in referred]
            found = connection.execute(sa.select(*columns).order_by(*columns).limit(1)).first()
            assert found is not None, f"{table.name} is filled before its parent {parent.name}"
            values = list(found)
        references |= dict(zip(key.column_keys, values, strict=True))
    return references
