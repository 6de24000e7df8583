"""A contact's or company's timeline: engagement events and activities merged, newest first."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, literal, select, tuple_, union_all

from server.auth.policy import visible
from server.errors import fail
from server.extensions import db
from server.models import Activity, User
from server.models.engagement import EngagementEvent
from server.models.types import storable_int
from server.services.feed import VERBS
from server.services.scoring import signal_of


def _encode(at: datetime, kind: str, record_id: int) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{kind}|{record_id}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, str, int]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, kind, record_id = text.split("|")
        return datetime.fromisoformat(at), kind, storable_int(record_id)
    except (ValueError, UnicodeDecodeError):
        fail(422, "The cursor is not one this API gave out.", fields={"cursor": ["Invalid cursor."]})


def timeline(user: User, *, event_filter: ColumnElement[bool], activity_filter: ColumnElement[bool],
             limit: int, cursor: str | None) -> dict[str, Any]:
    """One page of the merged timeline; activities only where the user may read them."""
    events = select(literal("event").label("kind"), EngagementEvent.id.label("id"),
                    EngagementEvent.occurred_at.label("at")).where(event_filter)
    activities = select(literal("activity").label("kind"), Activity.id.label("id"),
                        Activity.occurred_at.label("at")).where(
        activity_filter, visible(user, "activity", Activity.user_id))
    merged = union_all(events, activities).subquery()
    stmt = select(merged.c.kind, merged.c.id, merged.c.at)
    if cursor:
        at, kind, record_id = _decode(cursor)
        stmt = stmt.where(tuple_(merged.c.at, merged.c.kind, merged.c.id) < tuple_(at, kind, record_id))
    keys = db.session.execute(stmt.order_by(merged.c.at.desc(), merged.c.kind.desc(), merged.c.id.desc())
                              .limit(limit + 1)).all()
    more, keys = len(keys) > limit, keys[:limit]
    found = _load(keys)
    items = [found[(kind, record_id)] for kind, record_id, _ in keys]
    last = items[-1] if items else None
    return {"items": items, "next_cursor": _encode(last["occurred_at"], last["kind"], last["id"])
            if more and last else None}


def _load(keys: list) -> dict[tuple[str, int], dict[str, Any]]:
    event_ids = [record_id for kind, record_id, _ in keys if kind == "event"]
    activity_ids = [record_id for kind, record_id, _ in keys if kind == "activity"]
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for e in db.session.scalars(select(EngagementEvent).where(EngagementEvent.id.in_(event_ids))):
        signal = signal_of(e.type, e.properties)
        found[("event", e.id)] = {
            "kind": "event", "id": e.id, "type": e.type, "occurred_at": e.occurred_at,
            "contact_id": e.contact_id, "company_id": e.company_id, "machine": e.machine,
            "properties": e.properties or {}, "user_id": None, "outcome": None, "notes": None,
            "summary": VERBS.get(signal, signal).capitalize() + (" (automated)" if e.machine else "")}
    for a in db.session.scalars(select(Activity).where(Activity.id.in_(activity_ids))):
        found[("activity", a.id)] = {
            "kind": "activity", "id": a.id, "type": a.type, "occurred_at": a.occurred_at,
            "contact_id": a.contact_id, "company_id": a.company_id, "machine": False,
            "properties": {}, "user_id": a.user_id, "outcome": a.outcome, "notes": a.notes,
            "summary": f"{a.type.capitalize()}" + (f": {a.outcome.replace('_', ' ')}" if a.outcome else "")}
    return found
