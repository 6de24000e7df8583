"""The rep's own view: activity this month vs what quota needs at their own conversion rates,
and the leads they are neglecting."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select

from server.extensions import db
from server.models import Activity, Company, Contact, Deal, User
from server.reports.activity import ACTIVITY_METRICS
from server.reports.periods import local_midnight, next_start
from server.reports.sla import TOUCH_TYPES

RATE_DAYS = 90
NEGLECT_DAYS = 14
NEGLECT_LIMIT = 25
WORKED_STAGES = ("lead", "mql", "sql", "opportunity")


def _funnel_counts(rep: User, start: datetime, end: datetime) -> dict[str, float]:
    flags = (select(
        func.count().label("activities"),
        func.sum(case((ACTIVITY_METRICS["connects"], 1), else_=0)).label("connects"),
        func.sum(case((Activity.type == "demo", 1), else_=0)).label("demos"))
        .where(Activity.user_id == rep.id, Activity.type.in_(TOUCH_TYPES),
               Activity.occurred_at >= start, Activity.occurred_at < end))
    row = db.session.execute(flags).one()
    won = db.session.execute(
        select(func.count(), func.sum(Deal.mrr))
        .where(Deal.owner_id == rep.id, Deal.stage == "won", Deal.closed_at >= start, Deal.closed_at < end)).one()
    return {"activities": int(row.activities or 0), "connects": int(row.connects or 0),
            "demos": int(row.demos or 0), "wins": int(won[0] or 0), "won_mrr": float(won[1] or 0)}


def _rates(history: dict[str, float]) -> dict[str, float | None]:
    def ratio(a, b):
        return round(history[a] / history[b], 3) if history[b] else None
    return {"connects_per_activity": ratio("connects", "activities"),
            "demos_per_connect": ratio("demos", "connects"), "wins_per_demo": ratio("wins", "demos"),
            "average_deal_mrr": round(history["won_mrr"] / history["wins"], 2) if history["wins"] else None}


def _needed(remaining: float, rates: dict[str, float | None]) -> dict[str, int | None]:
    """Work still needed this month, walking the funnel back from MRR; None where a rate is unknown."""
    steps = [("wins", "average_deal_mrr"), ("demos", "wins_per_demo"), ("connects", "demos_per_connect"),
             ("activities", "connects_per_activity")]
    if remaining <= 0:
        return {name: 0 for name, _ in steps}
    needed, amount = {}, remaining
    for name, rate in steps:
        divisor = rates[rate]
        amount = math.ceil(amount / divisor - 1e-9) if amount is not None and divisor else None
        needed[name] = amount
    return needed


def neglected_leads(rep: User, now: datetime) -> list[dict[str, Any]]:
    """The rep's open leads nobody has touched for NEGLECT_DAYS days (or ever), SQLs first."""
    # Correlated per contact (index on activities.contact_id): only the rep's own leads are read.
    touch = (select(func.max(Activity.occurred_at)).where(Activity.contact_id == Contact.id,
                                                          Activity.type.in_(TOUCH_TYPES))
             .correlate(Contact).scalar_subquery())
    leads = (select(Contact.id, Contact.first_name, Contact.last_name, Contact.lifecycle_stage,
                    Contact.sql_at, Contact.company_id, touch.label("last_touch"))
             .where(Contact.owner_id == rep.id, Contact.lifecycle_stage.in_(WORKED_STAGES),
                    Contact.do_not_contact.is_(False)).subquery())
    cutoff = now - timedelta(days=NEGLECT_DAYS)
    stmt = (select(leads, Company.name.label("company"))
            .outerjoin(Company, Company.id == leads.c.company_id)
            .where(or_(leads.c.last_touch.is_(None), leads.c.last_touch < cutoff))
            .order_by(leads.c.sql_at.is_(None), leads.c.sql_at, leads.c.last_touch.is_not(None),
                      leads.c.last_touch, leads.c.id)
            .limit(NEGLECT_LIMIT))
    return [{"contact_id": row.id, "name": " ".join(p for p in (row.first_name, row.last_name) if p),
             "company": row.company, "lifecycle_stage": row.lifecycle_stage,
             "last_touch_at": row.last_touch.isoformat() if row.last_touch else None,
             "days_since_touch": (now - row.last_touch).days if row.last_touch else None}
            for row in db.session.execute(stmt)]


def me_report(rep: User, tz, now: datetime) -> dict[str, Any]:
    today = now.astimezone(tz).date()
    month = today.replace(day=1)
    start, end = local_midnight(month, tz), local_midnight(next_start(month, "month"), tz)
    so_far = _funnel_counts(rep, start, end)
    rates = _rates(_funnel_counts(rep, local_midnight(today - timedelta(days=RATE_DAYS), tz), start))
    quota = float(rep.monthly_quota or 0)
    remaining = max(quota - so_far["won_mrr"], 0.0)
    needed = _needed(remaining, rates)
    days_left = (next_start(month, "month") - today).days
    per_day = (math.ceil(needed["activities"] / days_left) if needed["activities"] is not None else None)
    return {"report": "me", "rep": {"id": rep.id, "name": rep.name}, "timezone": tz.key,
            "month": month.isoformat()[:7], "quota": quota, "so_far": so_far, "remaining_mrr": remaining,
            "rates": rates, "rates_window_days": RATE_DAYS, "needed": needed, "days_left": days_left,
            "activities_per_day_needed": per_day, "neglected_leads": neglected_leads(rep, now),
            "neglect_days": NEGLECT_DAYS}


def me_table(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = ["figure", "value"]
    rows = [["quota", report["quota"]], ["remaining_mrr", report["remaining_mrr"]]]
    rows += [[f"so_far_{k}", v] for k, v in report["so_far"].items()]
    rows += [[f"rate_{k}", v] for k, v in report["rates"].items()]
    rows += [[f"needed_{k}", v] for k, v in report["needed"].items()]
    rows += [["activities_per_day_needed", report["activities_per_day_needed"]]]
    rows += [[f"neglected: {lead['name']} ({lead['company'] or ''})", lead["last_touch_at"] or "never"]
             for lead in report["neglected_leads"]]
    return header, rows
