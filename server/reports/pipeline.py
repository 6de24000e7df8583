"""Pipeline report: is there enough open MRR for this quarter, and what is the forecast?

Open deals closing this quarter (or with no close date yet) by stage, weighted by the deal's
confidence or else its stage's probability; coverage = open MRR / quota still to win.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, or_, select

from server.extensions import db
from server.models import OPEN_STAGES, Deal
from server.reports.periods import local_midnight
from server.reports.scope import Scope

# Chance that a deal at this stage closes, in percent, when the rep has not set a confidence.
STAGE_PROBABILITY = {"appointment": 10, "qualified": 25, "demo": 40, "proposal": 60, "negotiation": 80}


def quarter_of(day: date) -> tuple[date, date]:
    """First day of ``day``'s quarter and first day of the next one."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    following = date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return first, following


def parse_quarter(text: str) -> date:
    year, _, q = text.partition("-Q")
    return date(int(year), 3 * int(q) - 2, 1)


def _open_by_stage(members: Any, quarter_end: date) -> dict[tuple[int, str], dict[str, float]]:
    probability = func.coalesce(Deal.confidence, case(*[(Deal.stage == s, p) for s, p in STAGE_PROBABILITY.items()],
                                                      else_=0))
    stmt = (select(Deal.owner_id, Deal.stage, func.count().label("deals"), func.sum(Deal.mrr).label("mrr"),
                   func.sum(Deal.mrr * probability / 100.0).label("weighted"))
            .where(Deal.stage.in_(OPEN_STAGES), Deal.owner_id.in_(members),
                   or_(Deal.close_date.is_(None), Deal.close_date < quarter_end))
            .group_by(Deal.owner_id, Deal.stage))
    return {(row.owner_id, row.stage): {"deals": row.deals, "mrr": float(row.mrr or 0),
                                        "weighted": float(row.weighted or 0)}
            for row in db.session.execute(stmt)}


def _won(members: Any, start, end) -> dict[int, float]:
    stmt = (select(Deal.owner_id, func.sum(Deal.mrr))
            .where(Deal.stage == "won", Deal.owner_id.in_(members), Deal.closed_at >= start, Deal.closed_at < end)
            .group_by(Deal.owner_id))
    return {owner: float(total or 0) for owner, total in db.session.execute(stmt)}


def _summary(by_stage: dict[str, dict], won: float, quota: float) -> dict[str, Any]:
    open_mrr = sum(s["mrr"] for s in by_stage.values())
    weighted = sum(s["weighted"] for s in by_stage.values())
    remaining = max(quota - won, 0.0)
    return {
        "open_by_stage": {stage: {"deals": by_stage[stage]["deals"], "mrr": round(by_stage[stage]["mrr"], 2)}
                          for stage in OPEN_STAGES if stage in by_stage},
        "open_mrr": round(open_mrr, 2), "weighted_open_mrr": round(weighted, 2),
        "won_mrr": round(won, 2), "forecast_mrr": round(won + weighted, 2), "quota": round(quota, 2),
        "remaining_quota": round(remaining, 2),
        "coverage": round(open_mrr / remaining, 2) if remaining else None,
        "forecast_attainment": round((won + weighted) / quota, 3) if quota else None,
    }


def pipeline_report(scope: Scope, today: date, quarter: date | None = None) -> dict[str, Any]:
    first, following = quarter_of(quarter or today)
    start, end = local_midnight(first, scope.tz), local_midnight(following, scope.tz)
    found, won = _open_by_stage(scope.member_ids, following), _won(scope.member_ids, start, end)
    reps, team_stages, team_won = [], {}, sum(won.values())
    for (owner, stage), figures in found.items():
        into = team_stages.setdefault(stage, {"deals": 0, "mrr": 0.0, "weighted": 0.0})
        for key in into:
            into[key] += figures[key]
    for rep in scope.reps:
        quota = float(rep.monthly_quota or Decimal(0)) * 3
        mine = {stage: f for (owner, stage), f in found.items() if owner == rep.id}
        reps.append({"id": rep.id, "name": rep.name, **_summary(mine, won.get(rep.id, 0.0), quota)})
    team_quota = sum(float(rep.monthly_quota or 0) * 3 for rep in scope.reps)
    return {"report": "pipeline", "team": scope.as_json(), "timezone": scope.tz.key,
            "quarter": f"{first.year}-Q{(first.month - 1) // 3 + 1}", "from": first.isoformat(),
            "to": date.fromordinal(following.toordinal() - 1).isoformat(),
            "stages": list(OPEN_STAGES), "stage_probability": STAGE_PROBABILITY, "reps": reps,
            "team_total": _summary(team_stages, team_won, team_quota)}


PIPELINE_COLUMNS = ("open_mrr", "weighted_open_mrr", "won_mrr", "forecast_mrr", "quota",
                    "remaining_quota", "coverage", "forecast_attainment")


def pipeline_table(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    stages = report["stages"]
    header = ["rep_id", "rep", *[f"{s}_mrr" for s in stages], *PIPELINE_COLUMNS]

    def line(rep_id, name, figures):
        by_stage = figures["open_by_stage"]
        return [rep_id, name, *[by_stage.get(s, {}).get("mrr", 0) for s in stages],
                *[figures[c] for c in PIPELINE_COLUMNS]]

    rows = [line(rep["id"], rep["name"], rep) for rep in report["reps"]]
    rows.append(line("", "team", report["team_total"]))
    return header, rows
