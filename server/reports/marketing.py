"""Marketing SLA: SQLs delivered per month by size tier and buyer stage, their value vs a goal.

A lead's value comes from ``server.services.lead_value`` (conversion x average won MRR per size
tier and buyer stage); which types move fastest is the median days from SQL to a won deal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, literal, select

from server.extensions import db
from server.models import Company, Contact, Deal
from server.reports.periods import bounds_of, bucket_index, in_range, periods
from server.reports.scope import Scope
from server.reports.sql import median_by, seconds_between
from server.services import lead_value

UNKNOWN = "unknown"


def _tier():
    return func.coalesce(Company.size_tier, literal(UNKNOWN))


def _stage():
    return func.coalesce(Company.buyer_stage, literal(UNKNOWN))


def _first_wins():
    """Each company's first won deal: when, and its MRR."""
    return (select(Deal.company_id, func.min(Deal.closed_at).label("won_at"), func.max(Deal.mrr).label("mrr"))
            .where(Deal.stage == "won").group_by(Deal.company_id).subquery())


def _history(members: Any) -> Any:
    """One row per SQL ever delivered: its type and, if its company won after, when and how much."""
    wins = _first_wins()
    return (select(Contact.id, _tier().label("tier"), _stage().label("stage"),
                   (_tier() + literal(" / ") + _stage()).label("kind"), wins.c.mrr,
                   (seconds_between(Contact.sql_at, wins.c.won_at) / 86400.0).label("days_to_win"))
            .outerjoin(Company, Company.id == Contact.company_id)
            .outerjoin(wins, and_(wins.c.company_id == Contact.company_id, wins.c.won_at >= Contact.sql_at))
            .where(Contact.sql_at.is_not(None), Contact.owner_id.in_(members))).subquery()


def lead_types(members: Any) -> dict[str, dict[str, Any]]:
    """Per lead type: SQLs and wins here, median days to win, and the value per lead.

    The value is the engagement issue's lead value (historical conversion x average won MRR
    per tier and stage, blended with documented priors): one estimate per type, not per lead.
    """
    history = _history(members)
    stmt = (select(history.c.kind, history.c.tier, history.c.stage, func.count().label("leads"),
                   func.count(history.c.mrr).label("wins"))
            .group_by(history.c.kind, history.c.tier, history.c.stage))
    speed = dict(db.session.execute(median_by(history, "kind", "days_to_win")).all())
    types = {}
    for row in db.session.execute(stmt):
        value = lead_value.estimate(None if row.tier == UNKNOWN else row.tier,
                                    None if row.stage == UNKNOWN else row.stage)
        types[row.kind] = {"size_tier": row.tier, "buyer_stage": row.stage, "leads": row.leads,
                           "wins": row.wins, "conversion": value.conversion_rate,
                           "average_mrr": float(value.average_mrr), "value_per_lead": float(value.value),
                           "median_days_to_win": None if speed.get(row.kind) is None
                           else round(float(speed[row.kind]), 1)}
    return types


def _delivered(members: Any, months: list) -> list[Any]:
    bounds = bounds_of(months)
    stmt = (select(bucket_index(Contact.sql_at, bounds).label("month"), _tier().label("tier"),
                   _stage().label("stage"), Contact.id)
            .outerjoin(Company, Company.id == Contact.company_id)
            .where(Contact.owner_id.in_(members), in_range(Contact.sql_at, bounds))).subquery()
    return db.session.execute(
        select(stmt.c.month, stmt.c.tier, stmt.c.stage, func.count().label("leads"))
        .group_by(stmt.c.month, stmt.c.tier, stmt.c.stage)).all()


def marketing_report(scope: Scope, first: date, last: date, goal: float | None) -> dict[str, Any]:
    months = periods(first, last, "month", scope.tz)
    types = lead_types(scope.member_ids)
    rows = [{**m.as_json(), "leads": 0, "value": 0.0, "segments": []} for m in months]
    for found in _delivered(scope.member_ids, months):
        kind = f"{found.tier} / {found.stage}"
        value = round(found.leads * types.get(kind, {}).get("value_per_lead", 0.0), 2)
        row = rows[found.month]
        row["leads"] += found.leads
        row["value"] = round(row["value"] + value, 2)
        row["segments"].append({"size_tier": found.tier, "buyer_stage": found.stage,
                                "leads": found.leads, "value": value})
    for row in rows:
        row["segments"].sort(key=lambda s: (s["size_tier"], s["buyer_stage"]))
        row["goal"] = goal
        row["goal_met"] = None if not goal else row["value"] >= goal
    fastest = sorted((t for t in types.values() if t["median_days_to_win"] is not None),
                     key=lambda t: (t["median_days_to_win"], t["size_tier"], t["buyer_stage"]))
    return {"report": "marketing-sla", "team": scope.as_json(), "timezone": scope.tz.key,
            "from": months[0].start.isoformat(), "to": months[-1].end.isoformat(), "goal": goal,
            "months": rows, "lead_types": sorted(types.values(), key=lambda t: (t["size_tier"], t["buyer_stage"])),
            "fastest": fastest, "lead_value_source": "server.services.lead_value (hand-off history blended with priors)"}


def marketing_table(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = ["month", "size_tier", "buyer_stage", "leads", "value", "goal", "goal_met"]
    rows = []
    for month in report["months"]:
        rows += [[month["start"][:7], s["size_tier"], s["buyer_stage"], s["leads"], s["value"], "", ""]
                 for s in month["segments"]]
        rows.append([month["start"][:7], "all", "all", month["leads"], month["value"], month["goal"],
                     month["goal_met"]])
    return header, rows
