"""Activity report: per rep and period, the funnel activities, wins and new MRR.

"Where does each rep rank on daily/weekly/monthly activity, and how does that compare with
their own history?" SQL counts per (user, period); Python only arranges those few rows and
takes medians across reps.
"""

from __future__ import annotations

from datetime import date
from statistics import median
from typing import Any

from sqlalchemy import case, func, select

from server.extensions import db
from server.models import Activity, Deal
from server.reports import engagement
from server.reports.periods import (
    Period,
    bounds_of,
    bucket_index,
    in_range,
    periods,
    previous_start,
)
from server.reports.scope import Scope

# How each activity metric is counted: (type, outcome) conditions on one activity row.
CONNECTED = Activity.outcome == "connected"
ACTIVITY_METRICS = {
    "calls": Activity.type == "call",
    "connects": (Activity.type == "connect") | ((Activity.type == "call") & CONNECTED),
    "voicemails": (Activity.type == "voicemail") | ((Activity.type == "call") & (Activity.outcome == "voicemail")),
    "emails": Activity.type == "email",
    "meetings": Activity.type == "meeting",
    "demos": Activity.type == "demo",
}
METRICS = ("calls", "connects", "voicemails", "emails", "opens", "replies", "meetings", "demos",
           "deals_won", "new_mrr")


def _activity_counts(members: Any, bounds: list) -> dict[tuple[int, int], dict[str, int]]:
    flags = select(
        Activity.user_id.label("user_id"),
        bucket_index(Activity.occurred_at, bounds).label("bucket"),
        *[case((condition, 1), else_=0).label(name) for name, condition in ACTIVITY_METRICS.items()],
    ).where(Activity.user_id.in_(members), in_range(Activity.occurred_at, bounds)).subquery()
    stmt = (select(flags.c.user_id, flags.c.bucket,
                   *[func.sum(flags.c[name]).label(name) for name in ACTIVITY_METRICS])
            .group_by(flags.c.user_id, flags.c.bucket))
    return {(row.user_id, row.bucket): {name: int(row._mapping[name] or 0) for name in ACTIVITY_METRICS}
            for row in db.session.execute(stmt)}


def _deals_won(members: Any, bounds: list) -> dict[tuple[int, int], dict[str, float]]:
    won = select(
        Deal.owner_id.label("user_id"), bucket_index(Deal.closed_at, bounds).label("bucket"),
        Deal.mrr.label("mrr"),
    ).where(Deal.stage == "won", Deal.owner_id.in_(members), in_range(Deal.closed_at, bounds)).subquery()
    stmt = (select(won.c.user_id, won.c.bucket, func.count().label("deals_won"),
                   func.sum(won.c.mrr).label("new_mrr"))
            .group_by(won.c.user_id, won.c.bucket))
    return {(row.user_id, row.bucket): {"deals_won": row.deals_won, "new_mrr": round(float(row.new_mrr or 0), 2)}
            for row in db.session.execute(stmt)}


def figures(members: Any, buckets: list[Period]) -> dict[tuple[int, int], dict[str, Any]]:
    """``{(user_id, bucket index): {metric: value}}`` for the given users and periods."""
    bounds = bounds_of(buckets)
    merged: dict[tuple[int, int], dict[str, Any]] = {}
    for part in (_activity_counts(members, bounds), _deals_won(members, bounds),
                 engagement.email_counts(members, bounds)):
        for key, values in part.items():
            merged.setdefault(key, {}).update(values)
    return merged


def _values(found: dict[str, Any] | None) -> dict[str, Any]:
    found = found or {}
    return {name: found.get(name, 0 if engagement.is_wired(name) else None) for name in METRICS}


def _change(current: dict[str, Any], previous: dict[str, Any]) -> tuple[dict, dict]:
    change, pct = {}, {}
    for name in METRICS:
        now, before = current[name], previous[name]
        if now is None or before is None:
            change[name] = pct[name] = None
            continue
        change[name] = round(now - before, 2)
        pct[name] = round(100.0 * (now - before) / before, 1) if before else None
    return change, pct


def _sum(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {name: None if any(r[name] is None for r in rows) else round(sum(r[name] for r in rows), 2)
            for name in METRICS}


def _median(rows: list[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        return {name: None for name in METRICS}
    return {name: None if rows[0][name] is None else median(r[name] for r in rows) for name in METRICS}


def activity_report(scope: Scope, first: date, last: date, group: str) -> dict[str, Any]:
    """The report as JSON-ready data (see README "Reports API")."""
    shown = periods(first, last, group, scope.tz)
    before = periods(previous_start(shown[0].start, group), previous_start(shown[0].start, group),
                     group, scope.tz)
    buckets = before + shown  # bucket 0 is the period before the first one shown
    found = figures(scope.member_ids, buckets)
    reps = []
    for rep in scope.reps:
        series = [_values(found.get((rep.id, index))) for index in range(len(buckets))]
        rows = []
        for index, period in enumerate(shown, start=1):
            change, pct = _change(series[index], series[index - 1])
            rows.append({**period.as_json(), **series[index], "previous": series[index - 1],
                         "change": change, "change_pct": pct})
        reps.append({"id": rep.id, "name": rep.name, "periods": rows, "total": _sum(series[1:])})
    user_ids = {user_id for user_id, _ in found}
    team_total, team_median = [], []
    for index, period in enumerate(shown, start=1):
        everyone = [_values(found.get((user_id, index))) for user_id in user_ids] or [_values(None)]
        team_total.append({**period.as_json(), **_sum(everyone)})
        by_rep = [r["periods"][index - 1] for r in reps]
        team_median.append({**period.as_json(), **_median(by_rep)})
    return {
        "report": "activity", "team": scope.as_json(), "timezone": scope.tz.key, "group": group,
        "from": shown[0].start.isoformat(), "to": shown[-1].end.isoformat(),
        "metrics": list(METRICS), "periods": [p.as_json() for p in shown], "reps": reps,
        "team_median": team_median, "team_total": team_total,
        "not_wired": [name for name in METRICS if not engagement.is_wired(name)],
    }


def activity_table(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """One row per rep and period (then the team's median and total), with the previous period."""
    header = ["rep_id", "rep", "start", "end", *METRICS, *[f"previous_{m}" for m in METRICS]]
    rows = [[rep["id"], rep["name"], p["start"], p["end"], *[p[m] for m in METRICS],
             *[p["previous"][m] for m in METRICS]]
            for rep in report["reps"] for p in rep["periods"]]
    for label, series in (("team median", report["team_median"]), ("team total", report["team_total"])):
        rows += [["", label, p["start"], p["end"], *[p[m] for m in METRICS], *[""] * len(METRICS)]
                 for p in series]
    return header, rows
