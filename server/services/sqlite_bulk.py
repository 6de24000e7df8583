"""Many rows on SQLite through the driver, each value bound by its column type's own processor.

For every row of an ``executemany`` SQLAlchemy builds the parameters in Python, through several
calls per row; for a batch's 500 events and 1,000 score rows that came to ~4 ms of the request,
half of it on the thread that the fold waits for. Here the statement text is built once per
shape and the rows become positional parameters in one pass over the columns' processors
(``UTCDateTime``'s text, JSON through ``json_codec``, booleans as integers): the stored values
are the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, Connection, Row, Table
from sqlalchemy.engine import Dialect


def insert(connection: Connection, table: Table, rows: Sequence[dict[str, Any]],
           tail: str = "") -> list[Row[Any]]:
    """``INSERT INTO table (…) VALUES (…), (…) {tail}`` with every row in one statement; returns
    the rows of a ``RETURNING`` in ``tail``.

    One statement runs in one call into SQLite, which releases the GIL for all of it: the
    events are inserted on a helper thread while the request's thread folds them into scores
    (``executemany`` would take the GIL back after every row). Past SQLite's limit on
    parameters the rows go in several statements.
    """
    columns = _columns(table, connection.dialect)
    per_statement = _parameter_limit(connection) // len(columns)
    returned: list[Row[Any]] = []
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        params = tuple(value for row in chunk for value in _bound(row, columns))
        result = connection.exec_driver_sql(_insert_text(table, len(chunk), tail), params)
        if result.returns_rows:
            returned.extend(result.all())
    return returned


def insert_each(connection: Connection, table: Table, rows: Sequence[dict[str, Any]],
                tail: str = "") -> None:
    """``INSERT INTO table (…) VALUES (…) {tail}`` once per row (``executemany``).

    SQLite itself is faster this way than with one statement of many rows (500 event rows:
    ~6 against ~12 ms), when no other thread is waiting for the GIL.
    """
    columns = _columns(table, connection.dialect)
    params = [_bound(row, columns) for row in rows]
    connection.exec_driver_sql(_insert_text(table, 1, tail), params)


Processor = Callable[[Any], Any] | None


def _bound(row: dict[str, Any], columns: tuple[tuple[str, Processor], ...]) -> tuple[Any, ...]:
    return tuple(bind(row[key]) if bind else row[key] for key, bind in columns)


def _written(table: Table) -> list[Column[Any]]:
    """The columns an INSERT names: a serial key is left to SQLite."""
    return [c for c in table.columns if c is not table.autoincrement_column]


@lru_cache(maxsize=16)
def _columns(table: Table, dialect: Dialect) -> tuple[tuple[str, Processor], ...]:
    """Each column written, with the processor SQLAlchemy would bind its values with."""
    return tuple((c.key, c.type.dialect_impl(dialect).bind_processor(dialect)) for c in _written(table))


@lru_cache(maxsize=64)
def _insert_text(table: Table, rows: int, tail: str) -> str:
    names = [c.name for c in _written(table)]
    row = f"({', '.join('?' * len(names))})"
    return f"INSERT INTO {table.name} ({', '.join(names)}) VALUES {', '.join([row] * rows)} {tail}"


def _parameter_limit(connection: Connection) -> int:
    return connection.connection.driver_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
