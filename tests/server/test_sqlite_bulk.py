"""Rows written through the driver on SQLite are stored exactly as SQLAlchemy stores them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
    select,
)

from server import json_codec
from server.models.types import JSONType, UTCDateTime
from server.services import sqlite_bulk

NOON = datetime(2026, 12, 5, 12, 0, 0, 123456, tzinfo=UTC)
TABLE = Table("things", MetaData(),
              Column("id", Integer, primary_key=True),
              Column("name", String(20), unique=True),
              Column("at", UTCDateTime),
              Column("weight", Float),
              Column("machine", Boolean),
              Column("properties", JSONType))


def _thing(n: int, **changes) -> dict:
    return {"name": f"thing-{n}", "at": NOON + timedelta(minutes=n), "weight": n / 3,
            "machine": n % 2 == 0, "properties": {"path": f"/p/{n}", "tags": ["a", n]}, **changes}


@pytest.fixture
def connection(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'bulk.db'}", json_serializer=json_codec.dumps)
    TABLE.metadata.create_all(engine)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def _stored(connection) -> list[tuple]:
    """The raw values in the file, not read back through the column types."""
    raw = connection.connection.driver_connection
    return raw.execute("SELECT name, at, weight, machine, properties FROM things ORDER BY name").fetchall()


def test_insert_stores_what_sqlalchemy_stores(connection):
    rows = [_thing(n) for n in range(3)] + [_thing(3, at=NOON.astimezone(timezone(timedelta(hours=1))))]
    connection.execute(insert(TABLE), rows)
    expected = _stored(connection)
    connection.execute(TABLE.delete())

    sqlite_bulk.insert(connection, TABLE, rows)

    assert _stored(connection) == expected
    assert connection.execute(select(TABLE.c.at).where(TABLE.c.name == "thing-3")).scalar_one() == NOON


def test_insert_returns_what_its_returning_clause_names(connection):
    sqlite_bulk.insert(connection, TABLE, [_thing(1)])
    returned = sqlite_bulk.insert(connection, TABLE, [_thing(1), _thing(2)],
                                  "ON CONFLICT (name) DO NOTHING RETURNING name")
    assert [name for name, in returned] == ["thing-2"]


def test_insert_splits_rows_past_sqlites_limit_on_parameters(connection):
    connection.connection.driver_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 12)  # 2 rows
    returned = sqlite_bulk.insert(connection, TABLE, [_thing(n) for n in range(5)], "RETURNING name")
    assert sorted(name for name, in returned) == [f"thing-{n}" for n in range(5)]


def test_insert_each_runs_its_upsert_for_every_row(connection):
    sqlite_bulk.insert(connection, TABLE, [_thing(1), _thing(2)])
    sqlite_bulk.insert_each(connection, TABLE, [_thing(2, weight=20.0), _thing(3)],
                            "ON CONFLICT (name) DO UPDATE SET weight = excluded.weight")
    weights = dict(connection.execute(select(TABLE.c.name, TABLE.c.weight)).all())
    assert weights == {"thing-1": 1 / 3, "thing-2": 20.0, "thing-3": 1.0}
