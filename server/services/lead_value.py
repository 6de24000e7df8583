"""Lead value for the marketing SLA: conversion rate × average deal MRR per (tier, stage).

Until there is history the priors below decide; as hand-offs and won deals accumulate they
are blended in (a Beta-style prior worth ``PRIOR_LEADS`` leads and ``PRIOR_WINS`` wins).
The history is read every ``LEAD_VALUE_REFRESH_S`` (per process), not for every lead valued:
it covers every hand-off and won deal, and a hand-off, a sidebar score or a tracking hit must
not cost that. Lead values are a calibration, as in Roberge's marketing SLA, not a live count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import and_, func, select

from server.extensions import db
from server.models import Deal
from server.models.engagement import LeadHandoff
from server.models.types import utcnow

# Priors: (conversion rate from SQL to won deal, average won MRR in the account's currency).
PRIORS = {
    ("small", "education"): (0.02, 300), ("small", "research"): (0.05, 300),
    ("small", "selection"): (0.15, 300),
    ("mid", "education"): (0.03, 1200), ("mid", "research"): (0.08, 1200),
    ("mid", "selection"): (0.20, 1200),
    ("enterprise", "education"): (0.04, 5000), ("enterprise", "research"): (0.10, 5000),
    ("enterprise", "selection"): (0.25, 5000),
}
UNKNOWN_TIER = "small"
PRIOR_LEADS = 20
PRIOR_WINS = 5
CENT = Decimal("0.01")
CALIBRATION = "sidekick.lead_value"  # this process's history, in app.extensions


@dataclass(frozen=True)
class LeadValue:
    size_tier: str | None
    buyer_stage: str | None
    conversion_rate: float
    average_mrr: Decimal
    value: Decimal
    leads: int  # the history behind the figures (0: priors only)
    wins: int


@dataclass(frozen=True)
class Calibration:
    """(hand-offs, those whose company later won a deal, the MRR of those wins) per (tier,
    stage), as read at ``at``."""

    at: datetime
    segments: dict[tuple[str | None, str], tuple[int, int, Decimal]]


def _read_history() -> dict[tuple[str | None, str], tuple[int, int, Decimal]]:
    won = (select(Deal.company_id, func.max(Deal.mrr).label("mrr"), func.min(Deal.closed_at).label("at"))
           .where(Deal.stage == "won").group_by(Deal.company_id).subquery())
    rows = db.session.execute(
        select(LeadHandoff.size_tier, LeadHandoff.buyer_stage, func.count(LeadHandoff.id),
               func.count(won.c.company_id), func.sum(won.c.mrr))
        .select_from(LeadHandoff)
        .outerjoin(won, and_(won.c.company_id == LeadHandoff.company_id, won.c.at >= LeadHandoff.at))
        .group_by(LeadHandoff.size_tier, LeadHandoff.buyer_stage))
    return {(tier, stage): (int(leads), int(wins), Decimal(mrr or 0)) for tier, stage, leads, wins, mrr in rows}


def calibration() -> Calibration:
    """The history behind lead values, read again once it is ``LEAD_VALUE_REFRESH_S`` old."""
    now, found = utcnow(), current_app.extensions.get(CALIBRATION)
    max_age = timedelta(seconds=float(current_app.config["LEAD_VALUE_REFRESH_S"]))
    if found is None or not found.at <= now < found.at + max_age:
        found = current_app.extensions[CALIBRATION] = Calibration(now, _read_history())
    return found


def forget_calibration() -> None:
    """Read the history again at the next estimate (a test's fresh database, say)."""
    current_app.extensions.pop(CALIBRATION, None)


def estimate(tier: str | None, stage: str | None) -> LeadValue:
    """The expected MRR of one lead of this tier at this stage."""
    if stage is None:
        return LeadValue(tier, None, 0.0, Decimal(0), Decimal(0), 0, 0)
    prior_rate, prior_mrr = PRIORS[(tier or UNKNOWN_TIER, stage)]
    leads, wins, won_mrr = calibration().segments.get((tier, stage), (0, 0, Decimal(0)))
    rate = (wins + prior_rate * PRIOR_LEADS) / (leads + PRIOR_LEADS)
    mrr = (won_mrr + Decimal(prior_mrr) * PRIOR_WINS) / (wins + PRIOR_WINS)
    value = (mrr * Decimal(str(round(rate, 6)))).quantize(CENT, ROUND_HALF_UP)
    return LeadValue(tier, stage, round(rate, 4), mrr.quantize(CENT, ROUND_HALF_UP), value,
                     leads, wins)


def monthly(start: datetime, end: datetime) -> list[dict]:
    """Leads handed off per calendar month (UTC), their count and summed value by segment."""
    rows = db.session.execute(
        select(LeadHandoff.at, LeadHandoff.size_tier, LeadHandoff.buyer_stage, LeadHandoff.lead_value)
        .where(LeadHandoff.at >= start, LeadHandoff.at < end)).all()
    months: dict[str, dict] = defaultdict(lambda: {"leads": 0, "value": Decimal(0),
                                                   "segments": defaultdict(lambda: [0, Decimal(0)])})
    for at, tier, stage, value in rows:
        month = months[f"{at:%Y-%m}"]
        month["leads"] += 1
        month["value"] += value
        segment = month["segments"][(tier or "unknown", stage)]
        segment[0] += 1
        segment[1] += value
    return [{"month": key, "leads": m["leads"], "value": m["value"],
             "segments": [{"size_tier": t, "buyer_stage": s, "leads": n, "value": v}
                          for (t, s), (n, v) in sorted(m["segments"].items())]}
            for key, m in sorted(months.items())]
