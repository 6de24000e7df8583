"""Figures that come from engagement events (issue 5): email opens, replies, high-priority requests.

Opens flagged as machine opens (image proxies, scanners) are not counted. An event is credited
to the rep who sent the tracked email, else to the contact's owner.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, exists, func, select

from server.extensions import db
from server.models import Activity, Contact
from server.models.engagement import EngagementEvent
from server.reports.periods import bucket_index, in_range

EMAIL_EVENTS = {"opens": "email_open", "replies": "email_reply"}
HIGH_PRIORITY_TYPES = ("demo_request", "free_trial_signup")
HIGH_PRIORITY_SOURCE = "demo_request or free_trial_signup events"


def is_wired(metric: str) -> bool:
    return True


def email_counts(members: Any, bounds: list) -> dict[tuple[int, int], dict[str, int]]:
    """``{(user_id, bucket): {"opens": n, "replies": n}}`` from human email events."""
    rep = func.coalesce(Activity.user_id, Contact.owner_id)
    flags = (select(rep.label("user_id"), bucket_index(EngagementEvent.occurred_at, bounds).label("bucket"),
                    *[case((EngagementEvent.type == kind, 1), else_=0).label(name)
                      for name, kind in EMAIL_EVENTS.items()])
             .select_from(EngagementEvent)
             .outerjoin(Activity, Activity.id == EngagementEvent.activity_id)
             .outerjoin(Contact, Contact.id == EngagementEvent.contact_id)
             .where(EngagementEvent.type.in_(EMAIL_EVENTS.values()), EngagementEvent.machine.is_(False),
                    in_range(EngagementEvent.occurred_at, bounds))).subquery()
    stmt = (select(flags.c.user_id, flags.c.bucket, *[func.sum(flags.c[name]).label(name) for name in EMAIL_EVENTS])
            .where(flags.c.user_id.in_(members)).group_by(flags.c.user_id, flags.c.bucket))
    return {(row.user_id, row.bucket): {name: int(row._mapping[name] or 0) for name in EMAIL_EVENTS}
            for row in db.session.execute(stmt)}


def high_priority_clause(contact: Any, company: Any) -> Any:
    """SQL: the lead asked for a demo or started a free trial (a high-priority request)."""
    return exists().where(EngagementEvent.contact_id == contact.id,
                          EngagementEvent.type.in_(HIGH_PRIORITY_TYPES))
