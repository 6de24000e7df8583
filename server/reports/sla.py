"""SLA report: did each rep touch every SQL within the hour, and with enough attempts?"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from server.extensions import db
from server.models import Activity, Company, Contact, User
from server.reports import engagement
from server.reports.periods import local_midnight
from server.reports.scope import Scope
from server.reports.sql import median_by, seconds_between

SLA_SECONDS = 3600
TOUCH_TYPES = ("call", "voicemail", "email", "connect", "meeting", "demo", "linkedin")
# Attempts expected per lead by company size tier (Roberge: 5 small, 8 mid, 12 enterprise);
# a company without a tier is held to the smallest target.
ATTEMPT_TARGETS = {"small": 5, "mid": 8, "enterprise": 12}
DEFAULT_TARGET = 5
MISSED_LIST_LIMIT = 100


def _attempt_target() -> Any:
    return case(*[(Company.size_tier == tier, n) for tier, n in ATTEMPT_TARGETS.items()],
                else_=DEFAULT_TARGET)


def _sql_leads(members: Any, start: datetime | None, end: datetime, *, high_priority_only: bool = False) -> Any:
    """One row per SQL lead: owner, when it became SQL, first touch, attempts, target."""
    chosen = [Contact.owner_id.in_(members), Contact.sql_at.is_not(None), Contact.sql_at < end]
    if start is not None:
        chosen.append(Contact.sql_at >= start)
    if high_priority_only:
        chosen.append(engagement.high_priority_clause(Contact, Company).is_(True))
    touched = (select(Activity.contact_id.label("contact_id"),
                      func.min(Activity.occurred_at).label("first_touch"),
                      func.count().label("attempts"))
               .join(Contact, Contact.id == Activity.contact_id)
               .outerjoin(Company, Company.id == Contact.company_id)
               .where(Activity.type.in_(TOUCH_TYPES), Activity.occurred_at >= Contact.sql_at, *chosen)
               .group_by(Activity.contact_id).subquery())
    stmt = (select(Contact.id.label("contact_id"), Contact.owner_id.label("owner_id"),
                   Contact.sql_at.label("sql_at"), touched.c.first_touch,
                   func.coalesce(touched.c.attempts, 0).label("attempts"),
                   _attempt_target().label("target"),
                   seconds_between(Contact.sql_at, touched.c.first_touch).label("delay"),
                   engagement.high_priority_clause(Contact, Company).label("high_priority"))
            .outerjoin(Company, Company.id == Contact.company_id)
            .outerjoin(touched, touched.c.contact_id == Contact.id)
            .where(*chosen))
    return stmt.subquery()


def _per_rep(leads: Any, now: datetime) -> dict[int, dict[str, Any]]:
    within = leads.c.delay <= SLA_SECONDS
    pending = and_(leads.c.first_touch.is_(None), leads.c.sql_at > now - timedelta(seconds=SLA_SECONDS))
    stmt = select(
        leads.c.owner_id, func.count().label("sqls"),
        func.sum(case((within, 1), else_=0)).label("within"),
        func.sum(case((pending, 1), else_=0)).label("pending"),
        func.sum(case((leads.c.first_touch.is_(None), 1), else_=0)).label("untouched"),
        func.sum(leads.c.attempts).label("attempts"), func.sum(leads.c.target).label("target"),
        func.sum(case((leads.c.attempts < leads.c.target, 1), else_=0)).label("below"),
    ).group_by(leads.c.owner_id)
    medians = dict(db.session.execute(median_by(leads, "owner_id", "delay")).all())
    found = {}
    for row in db.session.execute(stmt):
        due = row.sqls - row.pending
        found[row.owner_id] = {
            "sqls_received": row.sqls, "touched_within_1h": int(row.within),
            "pending_within_1h": int(row.pending), "untouched": int(row.untouched),
            "pct_within_1h": round(100.0 * row.within / due, 1) if due else None,
            "median_minutes_to_first_touch": _minutes(medians.get(row.owner_id)),
            "attempts_made": int(row.attempts), "attempts_target": int(row.target),
            "sqls_below_attempt_target": int(row.below)}
    return found


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(float(seconds) / 60.0, 1)


EMPTY = {"sqls_received": 0, "touched_within_1h": 0, "pending_within_1h": 0, "untouched": 0,
         "pct_within_1h": None, "median_minutes_to_first_touch": None, "attempts_made": 0,
         "attempts_target": 0, "sqls_below_attempt_target": 0}


def _missed_high_priority(members: Any, start: datetime, end: datetime, now: datetime) -> list[dict]:
    """High-priority SQLs touched late (in range) or never touched (any age), oldest first."""
    leads = _sql_leads(members, None, end, high_priority_only=True)
    late = and_(leads.c.sql_at >= start, leads.c.delay > SLA_SECONDS)
    overdue = and_(leads.c.first_touch.is_(None), leads.c.sql_at <= now - timedelta(seconds=SLA_SECONDS))
    stmt = (select(leads, Contact.first_name, Contact.last_name, Company.name.label("company"),
                   User.name.label("owner"))
            .join(Contact, Contact.id == leads.c.contact_id)
            .outerjoin(Company, Company.id == Contact.company_id)
            .join(User, User.id == leads.c.owner_id)
            .where(leads.c.high_priority.is_(True), or_(late, overdue))
            .order_by(leads.c.sql_at, leads.c.contact_id).limit(MISSED_LIST_LIMIT))
    return [{"contact_id": row.contact_id,
             "name": " ".join(p for p in (row.first_name, row.last_name) if p),
             "company": row.company, "owner_id": row.owner_id, "owner": row.owner,
             "sql_at": row.sql_at.isoformat(),
             "first_touch_at": row.first_touch.isoformat() if row.first_touch else None,
             "status": "untouched" if row.first_touch is None else "late",
             "age_hours": round((now - row.sql_at).total_seconds() / 3600.0, 1)}
            for row in db.session.execute(stmt)]


def sla_report(scope: Scope, first: date, last: date, now: datetime) -> dict[str, Any]:
    start = local_midnight(first, scope.tz)
    end = local_midnight(last + timedelta(days=1), scope.tz)
    found = _per_rep(_sql_leads(scope.member_ids, start, end), now)
    reps = [{"id": rep.id, "name": rep.name, **found.get(rep.id, EMPTY)} for rep in scope.reps]
    return {"report": "sla", "team": scope.as_json(), "timezone": scope.tz.key,
            "from": first.isoformat(), "to": last.isoformat(), "sla_minutes": SLA_SECONDS // 60,
            "attempt_targets": ATTEMPT_TARGETS, "reps": reps,
            "missed_high_priority": _missed_high_priority(scope.member_ids, start, end, now),
            "high_priority_source": engagement.HIGH_PRIORITY_SOURCE}


SLA_COLUMNS = tuple(EMPTY)


def sla_table(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = ["rep_id", "rep", *SLA_COLUMNS]
    return header, [[rep["id"], rep["name"], *[rep[c] for c in SLA_COLUMNS]] for rep in report["reps"]]
