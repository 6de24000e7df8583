"""Engagement facts cadences produce (email_sent, email_reply, email_bounce, unsubscribe).

They go to the engagement event store (issue 5), which scores them, feeds the rep's
notifications and marks unsubscribed contacts; the `event_id` makes each one count once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from server.models import Contact, User
from server.services.events import Event, ingest


def record_engagement(kind: str, *, contact: Contact, user: User | None, occurred_at: datetime,
                      event_id: str, properties: dict[str, Any] | None = None,
                      activity_id: int | None = None) -> None:
    """Record `kind` about `contact` once per `event_id`; joins the caller's transaction.

    `user` is the rep concerned (kept in the properties for the feed).
    """
    details = {key: value for key, value in (properties or {}).items() if value is not None}
    if user is not None:
        details["rep_id"] = user.id
    ingest([Event(event_id=event_id[:100], type=kind, occurred_at=occurred_at,
                  contact_id=contact.id, company_id=contact.company_id, properties=details,
                  source="cadence", activity_id=activity_id)],
           now=occurred_at, commit=False)
