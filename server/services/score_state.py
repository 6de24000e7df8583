"""Keeping each contact's and company's score row up to date as events arrive.

Work per batch is proportional to the batch, never to the history: rows are loaded by
primary key, and locked until the batch commits so that two batches about one contact do not
lose an update (on PostgreSQL the rows, on SQLite, which has no row locks, the database).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Text, cast, or_, select, update

from server.extensions import db, dialect_name
from server.models import Company
from server.models.engagement import CompanyScore, ContactScore
from server.services import handoff, pg_bulk, scoring, sqlite_bulk

if TYPE_CHECKING:
    from server.services.events import Event

HOT_SIGNALS = {"email_open", "email_click", "email_reply", "website_visit", "blog_visit",
               "pricing_visit", "demo_page_visit", "form_submitted"}
HIGH_PRIORITY = {"demo_request", "free_trial_signup"}


class State:
    """A score row as plain attributes while a batch is folded in (written back in bulk).

    Its attributes are exactly the row's columns, so ``vars(state)`` is the row to write.
    """

    def __init__(self, values: dict[str, Any]) -> None:
        vars(self).update(values)
        self.contributions = orjson.loads(self.contributions) if self.contributions else []


@lru_cache(maxsize=8)
def _load_statement(model: Any, dialect: str):
    """SELECT the rows by key (``pg_bulk.one_of``), locked in key order on PostgreSQL.

    Built once per model and dialect: constructing it per batch cost more than running it.
    ``contributions`` comes as JSON text for ``State`` to parse with orjson, five times faster
    than the standard library's parser a batch spent a twentieth of its time in. Only
    ``scoring.add_contribution`` writes these lists (strings and small numbers), so orjson's
    float reading of integers beyond 64 bits cannot arise.
    """
    table = model.__table__
    key = table.primary_key.columns[0]
    columns = [cast(c, Text).label(c.key) if c.key == "contributions" else c for c in table.columns]
    stmt = select(*columns).where(pg_bulk.one_of(key, "ids", dialect)).order_by(key)
    return stmt.with_for_update() if dialect == "postgresql" else stmt


@lru_cache(maxsize=8)
def _columns(model: Any) -> tuple[str, ...]:
    return tuple(c.key for c in model.__table__.columns)


@lru_cache(maxsize=8)
def _key(model: Any) -> str:
    return model.__table__.primary_key.columns[0].key


def _load(model: Any, ids: set[int]) -> dict[int, dict[str, Any]]:
    """The rows for ``ids`` (locked on PostgreSQL) as column → value; blank ones for the ids
    without a row yet.

    A row that does not exist cannot be locked, and two batches creating it would each write
    their own: on PostgreSQL the missing rows are created blank first, in key order. A row that
    another batch is creating meanwhile is read once that batch has committed.
    """
    if not ids:
        return {}
    found = _read(model, ids)
    missing = ids - found.keys()
    if missing and dialect_name() == "postgresql":
        raced = missing - _create_blank(model, missing)
        if raced:
            found.update(_read(model, raced))
        missing -= raced
    for absent in missing:
        found[absent] = _blank(model, absent)
    return found


def _read(model: Any, ids: set[int]) -> dict[int, dict[str, Any]]:
    """The stored rows for ``ids``, by key, locked on PostgreSQL.

    Rows are read as tuples and zipped with the column names: a batch reads a thousand rows,
    and SQLAlchemy's mapping per row cost more than the read.
    """
    columns = _columns(model)
    at = columns.index(_key(model))
    rows = db.session.execute(_load_statement(model, dialect_name()), {"ids": sorted(ids)})
    return {row[at]: dict(zip(columns, row)) for row in rows}


def _blank(model: Any, key: int) -> dict[str, Any]:
    """The row of ``key`` before its first event, as stored (engagement and contributions are
    NOT NULL) and as folded."""
    return {**dict.fromkeys(_columns(model)), "engagement": 0.0, "contributions": [], _key(model): key}


def _create_blank(model: Any, ids: set[int]) -> set[int]:
    """INSERT a blank row for each id, in key order, unless one exists (PostgreSQL); returns
    the ids it inserted."""
    statement = pg_bulk.recordset_insert(model.__table__, "ON CONFLICT DO NOTHING",
                                         f"RETURNING {_key(model)}")
    rows = [_blank(model, i) for i in sorted(ids)]
    return set(db.session.execute(statement, pg_bulk.rows_param(rows)).scalars())


def _lock_sqlite() -> None:
    """Take SQLite's write lock now, unless this transaction already holds it.

    The driver would begin the transaction only at the first write, after the score rows
    were read: another process could fold its batch into the same rows in between.
    """
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _save(model: Any, states: dict[int, State]) -> None:
    """Write the batch back: INSERT … ON CONFLICT DO UPDATE (one statement on PostgreSQL)."""
    if not states:
        return
    table = model.__table__
    rows = [vars(s) for s in states.values()]
    if dialect_name() == "postgresql":
        statement = pg_bulk.recordset_insert(table, pg_bulk.update_all_but_key(table))
        db.session.execute(statement, pg_bulk.rows_param(rows))
    else:
        sqlite_bulk.insert_each(db.session.connection(), table, rows, pg_bulk.update_all_but_key(table))
    for record in list(db.session.identity_map.values()):
        if isinstance(record, model):
            db.session.expire(record)


def _later(current: datetime | None, at: datetime) -> datetime:
    return at if current is None or at > current else current


def _fold(row: Any, signal: str, points: float, at: datetime, half_life: float) -> bool:
    """Add one event to a row; True when it moved the row's buyer stage."""
    scoring.add_contribution(row, signal, points, at, half_life)
    row.last_event_at = _later(row.last_event_at, at)
    stage = scoring.later_stage(row.buyer_stage, signal)
    moved = stage != row.buyer_stage
    row.buyer_stage = stage
    return moved


def _mark_contact(row: State, event: Event, signal: str) -> None:
    at = event.occurred_at
    if signal in HOT_SIGNALS:
        row.hot_at = _later(row.hot_at, at)
    if event.type in HIGH_PRIORITY and (row.high_priority_at is None or at > row.high_priority_at):
        row.high_priority_at, row.high_priority_type = at, event.type
    if event.type == "unsubscribe" and row.unsubscribed_at is None:
        row.unsubscribed_at = at


@dataclass
class Rows:
    """The score rows a batch may touch, as loaded: folding never changes them."""

    contacts: dict[int, dict[str, Any]]
    companies: dict[int, dict[str, Any]]


@dataclass
class Folded:
    """Score rows with a batch folded in, not yet written."""

    contacts: dict[int, State]
    companies: dict[int, State]
    moved: dict[int, datetime]  # contact → when its buyer stage moved
    company_moved: set[int]


def _scored(events: Iterable[Event]) -> list[Event]:
    """Machine opens and clicks are stored but never scored."""
    return [e for e in events if not e.machine]


def load(events: Iterable[Event]) -> Rows:
    """Read and lock the score rows of these events' contacts and companies (on SQLite, which
    has no row locks, the database).

    Every writer of events takes these locks before it writes them, so no two wait on each
    other in a cycle.
    """
    scored = _scored(events)
    _lock_sqlite()
    return Rows(_load(ContactScore, {e.contact_id for e in scored if e.contact_id}),
                _load(CompanyScore, {e.company_id for e in scored if e.company_id}))


def fold(rows: Rows, events: Iterable[Event], *, config: Mapping[str, Any],
         now: datetime) -> Folded:
    """The rows with ``events`` added; pure, so it may run again with fewer events."""
    half_life = float(config["SCORE_HALF_LIFE_DAYS"])
    table = scoring.weights(config)
    result = Folded({}, {}, {}, set())
    for event in sorted(_scored(events), key=lambda e: e.occurred_at):
        signal = scoring.signal_of(event.type, event.properties)
        points = table.get(signal, 0.0)
        if event.contact_id:
            row = _state(result.contacts, rows.contacts, event.contact_id)
            row.company_id = event.company_id or row.company_id
            _mark_contact(row, event, signal)
            if _fold(row, signal, points, event.occurred_at, half_life):
                result.moved[event.contact_id] = min(event.occurred_at, now)
        if event.company_id and _fold(_state(result.companies, rows.companies, event.company_id),
                                      signal, points, event.occurred_at, half_life):
            result.company_moved.add(event.company_id)
    return result


def _state(states: dict[int, State], rows: dict[int, dict[str, Any]], key: int) -> State:
    state = states.get(key)
    if state is None:
        state = states[key] = State(rows[key])
    return state


def save(folded: Folded, *, config: Mapping[str, Any], now: datetime) -> None:
    """Write the folded rows, then hand off contacts whose buyer stage moved."""
    _save(ContactScore, folded.contacts)
    _save(CompanyScore, folded.companies)
    _copy_company_stages({cid: folded.companies[cid] for cid in folded.company_moved})
    if folded.moved:
        handoff.consider({cid: (folded.contacts[cid], at) for cid, at in folded.moved.items()},
                         config=config, now=now)


def _copy_company_stages(rows: dict[int, State]) -> None:
    """Companies show the furthest stage any of their people reached (the API's buyer_stage).

    One UPDATE per stage reached, guarded by the stages before it: no read, no row per company.
    """
    by_stage: dict[str, list[int]] = {}
    for cid, row in rows.items():
        if row.buyer_stage:
            by_stage.setdefault(row.buyer_stage, []).append(cid)
    for stage, ids in by_stage.items():
        db.session.execute(_stage_statement(stage, dialect_name()), {"ids": sorted(ids)})


@lru_cache(maxsize=8)
def _stage_statement(stage: str, dialect: str):
    table = Company.__table__
    earlier = scoring.BUYER_STAGES[:scoring.BUYER_STAGES.index(stage)]
    behind = or_(table.c.buyer_stage.is_(None), table.c.buyer_stage.in_(earlier))
    return (update(table).where(pg_bulk.one_of(table.c.id, "ids", dialect), behind)
            .values(buyer_stage=stage))
