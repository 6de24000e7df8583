"""Funnel report: leads worked -> connected -> demo -> won per rep, and where to coach.

The weakest step is the book's step (volume, demos, wins) where the rep is furthest below
the team median; it comes with Roberge's coaching prompt and the numbers behind it.
"""

from __future__ import annotations

from datetime import date, timedelta
from statistics import median
from typing import Any

from sqlalchemy import case, func, select

from server.extensions import db
from server.models import Activity, Deal
from server.reports.activity import ACTIVITY_METRICS
from server.reports.periods import local_midnight
from server.reports.scope import Scope
from server.reports.sla import TOUCH_TYPES

COUNTS = ("leads_worked", "connected", "demos", "won")
RATES = {"connect_rate": ("connected", "leads_worked"), "demo_rate": ("demos", "connected"),
         "win_rate": ("won", "demos")}
COACHING = {
    "leads_worked": "Few leads worked: review fit (is the rep working the right leads?) and time management.",
    "demo_rate": "Few demos from connects: coach personalization and building trust on calls.",
    "win_rate": "Few wins from demos: create urgency, reach the real decision maker, find the real pain.",
}


def _counts(members: Any, first: date, last: date, scope: Scope) -> dict[int, dict[str, int]]:
    start, end = local_midnight(first, scope.tz), local_midnight(last + timedelta(days=1), scope.tz)
    # An activity without a contact still counts as one lead (keyed by its own negative id).
    lead = func.coalesce(Activity.contact_id, -Activity.id)
    stmt = (select(Activity.user_id,
                   func.count(func.distinct(case((Activity.type.in_(TOUCH_TYPES), lead)))).label("leads_worked"),
                   func.count(func.distinct(case((ACTIVITY_METRICS["connects"], lead)))).label("connected"),
                   func.count(func.distinct(case((Activity.type == "demo", lead)))).label("demos"))
            .where(Activity.user_id.in_(members), Activity.occurred_at >= start, Activity.occurred_at < end)
            .group_by(Activity.user_id))
    found = {row.user_id: {"leads_worked": row.leads_worked, "connected": row.connected,
                           "demos": row.demos, "won": 0} for row in db.session.execute(stmt)}
    won = (select(Deal.owner_id, func.count())
           .where(Deal.stage == "won", Deal.owner_id.in_(members), Deal.closed_at >= start,
                  Deal.closed_at < end).group_by(Deal.owner_id))
    for owner_id, count in db.session.execute(won):
        found.setdefault(owner_id, {name: 0 for name in COUNTS})["won"] = count
    return found


def _with_rates(counts: dict[str, int] | None) -> dict[str, Any]:
    figures = dict(counts or {name: 0 for name in COUNTS})
    for rate, (top, bottom) in RATES.items():
        figures[rate] = round(figures[top] / figures[bottom], 3) if figures[bottom] else None
    return figures


def _median_of(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out = {}
    for name in (*COUNTS, *RATES):
        values = [row[name] for row in rows if row[name] is not None]
        out[name] = round(median(values), 3) if values else None
    return out


def weakest_step(figures: dict[str, Any], team: dict[str, Any]) -> dict[str, Any] | None:
    """The coached step furthest below the team median, or None when none is below."""
    worst = None
    for step in COACHING:
        mine, theirs = figures[step], team[step]
        if mine is None or not theirs:
            continue
        ratio = mine / theirs
        if ratio < 1 and (worst is None or ratio < worst["ratio"]):
            worst = {"step": step, "value": mine, "team_median": theirs, "ratio": round(ratio, 3),
                     "prompt": COACHING[step]}
    return worst


def _rows(scope: Scope, first: date, last: date) -> tuple[list[dict], dict[str, Any]]:
    counts = _counts(scope.member_ids, first, last, scope)
    rows = [{"id": rep.id, "name": rep.name, **_with_rates(counts.get(rep.id))} for rep in scope.reps]
    return rows, _median_of(rows)


def funnel_report(scope: Scope, first: date, last: date,
                  compare: tuple[date, date] | None = None) -> dict[str, Any]:
    rows, team = _rows(scope, first, last)
    for row in rows:
        row["weakest"] = weakest_step(row, team) if scope.compare_to_team else None
    report = {"report": "funnel", "team": scope.as_json(), "timezone": scope.tz.key,
              "from": first.isoformat(), "to": last.isoformat(), "steps": list(COUNTS),
              "rates": list(RATES), "reps": rows, "team_median": team, "compare": None}
    if compare is not None:
        before, team_before = _rows(scope, *compare)
        by_id = {row["id"]: row for row in before}
        for row in rows:
            earlier = by_id[row["id"]]
            row["compare"] = {name: earlier[name] for name in (*COUNTS, *RATES)}
            row["change"] = {name: None if row[name] is None or earlier[name] is None
                             else round(row[name] - earlier[name], 3) for name in (*COUNTS, *RATES)}
        report["compare"] = {"from": compare[0].isoformat(), "to": compare[1].isoformat(),
                             "team_median": team_before}
    return report


def funnel_table(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    names = [*COUNTS, *RATES]
    header = ["rep_id", "rep", *names, "weakest_step", "coaching"]
    rows = [[rep["id"], rep["name"], *[rep[n] for n in names],
             (rep["weakest"] or {}).get("step"), (rep["weakest"] or {}).get("prompt")]
            for rep in report["reps"]]
    rows.append(["", "team median", *[report["team_median"][n] for n in names], "", ""])
    return header, rows
