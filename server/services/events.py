"""Recording engagement events: append-only, idempotent by ``event_id``, scored as they arrive."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import Connection, select

from server.extensions import db
from server.models import Company, Contact
from server.models.engagement import EngagementEvent
from server.models.types import utcnow
from server.services import pg_bulk, score_state, sqlite_bulk

# Below this many events a thread costs more than it saves (the tracking endpoints send one).
HELPER_FROM = 50

T = TypeVar("T")
U = TypeVar("U")


@dataclass
class Event:
    """One event ready to store: its contact/company already resolved to ids."""

    event_id: str
    type: str
    occurred_at: datetime
    contact_id: int | None = None
    company_id: int | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    source: str = "api"
    activity_id: int | None = None
    visitor_id: str | None = None
    machine: bool = False

    def row(self, now: datetime) -> dict[str, Any]:
        return {"event_id": self.event_id, "type": self.type, "contact_id": self.contact_id,
                "company_id": self.company_id, "activity_id": self.activity_id,
                "visitor_id": self.visitor_id, "occurred_at": self.occurred_at,
                "received_at": now, "source": self.source, "machine": self.machine,
                "properties": self.properties}


@dataclass
class IngestResult:
    created: list[Event]
    duplicates: int


def _insert_new(connection: Connection, rows: list[dict[str, Any]]) -> set[str]:
    """Insert the rows whose event_id is new (ON CONFLICT DO NOTHING); returns those ids."""
    if not rows:
        return set()
    table = EngagementEvent.__table__
    if connection.dialect.name == "postgresql":
        statement = pg_bulk.recordset_insert(table, "ON CONFLICT (event_id) DO NOTHING",
                                             "RETURNING event_id")
        return set(connection.execute(statement, pg_bulk.rows_param(rows)).scalars())
    stored = sqlite_bulk.insert(connection, table, rows,
                                "ON CONFLICT (event_id) DO NOTHING RETURNING event_id")
    return {event_id for event_id, in stored}


def _meanwhile(background: Callable[[], T], foreground: Callable[[], U], *,
               helper: bool) -> tuple[T, U]:
    """Both results; with ``helper``, ``background`` runs in a thread while ``foreground`` runs here.

    The database works on an INSERT without holding the GIL (psycopg waits on its socket,
    sqlite3 steps in C), so folding a batch meanwhile takes its time off the request.
    """
    if not helper:
        return background(), foreground()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest") as pool:
        there = pool.submit(background)
        here = foreground()
        return there.result(), here


def fill_companies(events: list[Event]) -> None:
    """Give contact events their contact's company, so accounts score too."""
    missing = {e.contact_id for e in events if e.contact_id and e.company_id is None}
    if not missing:
        return
    companies = dict(db.session.execute(
        select(Contact.id, Contact.company_id).where(Contact.id.in_(missing))).all())
    for event in events:
        if event.contact_id and event.company_id is None:
            event.company_id = companies.get(event.contact_id)


def ingest(events: list[Event], *, now: datetime | None = None, commit: bool = True,
           config: Mapping[str, Any] | None = None) -> IngestResult:
    """Store the events not seen before and fold them into the score state.

    Duplicates (within the batch or already stored, even by a racing request) are counted and
    otherwise ignored: the unique ``event_id`` decides.
    """
    now = now or utcnow()
    config = config or current_app.config
    unique: dict[str, Event] = {}
    for event in events:
        unique.setdefault(event.event_id, event)
    candidates = list(unique.values())
    fill_companies(candidates)
    db.session.flush()  # the INSERT below runs on the connection, past the session
    # Score rows are read (and locked) first, so that the batch is folded while its events
    # are inserted; the few batches that repeat an event_id are folded again without it.
    rows = score_state.load(candidates)
    connection = db.session.connection()
    stored, folded = _meanwhile(
        partial(_insert_new, connection, [e.row(now) for e in candidates]),
        partial(score_state.fold, rows, candidates, config=config, now=now),
        helper=len(candidates) >= HELPER_FROM)
    created = [e for e in candidates if e.event_id in stored]
    if len(created) < len(candidates):
        folded = score_state.fold(rows, created, config=config, now=now)
    score_state.save(folded, config=config, now=now)
    if commit:
        db.session.commit()
    return IngestResult(created=created, duplicates=len(events) - len(created))


def new_lead(email: str, properties: Mapping[str, Any], company: Company | None) -> Contact:
    """A contact created by inbound capture (a form with an email we did not know)."""
    contact = Contact(email=email.lower(), company=company, lifecycle_stage="lead",
                      first_name=_short(properties.get("first_name")),
                      last_name=_short(properties.get("last_name")),
                      provenance={"email": {"source": "event", "at": utcnow().isoformat()}})
    db.session.add(contact)
    db.session.flush()
    return contact


def _short(value: Any) -> str | None:
    return value.strip()[:120] or None if isinstance(value, str) else None
