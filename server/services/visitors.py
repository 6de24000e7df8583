"""Website visitors: anonymous page views until we learn who they are, then attributed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from server.extensions import db, dialect_name
from server.models import Contact
from server.models.engagement import EngagementEvent, Visitor
from server.services import score_state
from server.services.events import Event


def visitor(visitor_id: str, now: datetime) -> Visitor:
    """The visitor's row, written first so that it stays locked until this request commits.

    A page view racing the form that identifies its visitor (the thank-you page) then waits for
    that request and is stored as the contact's, instead of anonymous after attribution ran.
    """
    insert = postgresql.insert if dialect_name() == "postgresql" else sqlite.insert
    db.session.execute(insert(Visitor).values(id=visitor_id, first_seen_at=now, last_seen_at=now)
                       .on_conflict_do_update(index_elements=[Visitor.id], set_={"last_seen_at": now}))
    return db.session.get(Visitor, visitor_id, populate_existing=True)


def identify(found: Visitor, contact: Contact, *, now: datetime, config: Mapping[str, Any]) -> int:
    """Tie the visitor to ``contact`` and give it their earlier anonymous visits (scored now).

    Returns how many past events were attributed. A visitor already known as someone else is
    not re-assigned (a shared computer must not merge two people).
    """
    if found.contact_id not in (None, contact.id):
        return 0
    found.contact_id, found.identified_at = contact.id, found.identified_at or now
    db.session.flush()
    rows = db.session.execute(
        select(EngagementEvent).where(EngagementEvent.visitor_id == found.id,
                                      EngagementEvent.contact_id.is_(None))).scalars().all()
    if not rows:
        return 0
    events = [Event(r.event_id, r.type, r.occurred_at, contact_id=contact.id,
                    company_id=contact.company_id, properties=r.properties or {},
                    machine=r.machine) for r in rows]
    scores = score_state.load(events)  # score rows before events, as ingestion locks them
    db.session.execute(
        update(EngagementEvent).where(EngagementEvent.id.in_([r.id for r in rows]))
        .values(contact_id=contact.id, company_id=contact.company_id)
        .execution_options(synchronize_session=False))
    score_state.save(score_state.fold(scores, events, config=config, now=now),
                     config=config, now=now)
    return len(rows)
