"""Explainable scores: fit (who they are, no decay) and engagement (what they did, decaying).

Engagement = Σ weight(signal) × 0.5^(age / half-life). It is kept incrementally in a score row
(value at ``engagement_at``) and decayed at read time, so reading a score never touches the
events. The few largest recent contributions are kept beside it to explain the number.
Pure functions: no Flask, no database; settings come in as a mapping (``app.config``).
"""

from __future__ import annotations

import bisect
import math
from collections import OrderedDict
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

# Default points per signal (a website visit is split by page kind). SCORE_WEIGHTS overrides.
DEFAULT_WEIGHTS = {
    "website_visit": 3, "blog_visit": 2, "pricing_visit": 18, "demo_page_visit": 12,
    "careers_visit": 0, "content_download": 10, "webinar_attended": 12, "form_submitted": 8,
    "email_sent": 0, "email_open": 2, "email_click": 6, "email_reply": 25, "email_bounce": 0,
    "demo_request": 40, "free_trial_signup": 35, "meeting_booked": 45, "social_mention": 4,
    "unsubscribe": 0,
}
# Roberge's buyer matrix: which behaviour shows which stage of the buyer's journey.
BUYER_STAGES = ("education", "research", "selection")
STAGE_OF_SIGNAL = {
    "website_visit": "education", "blog_visit": "education", "form_submitted": "education",
    "social_mention": "education", "content_download": "research", "pricing_visit": "research",
    "demo_page_visit": "research", "webinar_attended": "research", "demo_request": "selection",
    "free_trial_signup": "selection", "meeting_booked": "selection",
}
LABELS = {
    "website_visit": "Visited the website", "blog_visit": "Read the blog",
    "pricing_visit": "Visited pricing page", "demo_page_visit": "Visited the demo page",
    "careers_visit": "Visited the careers page", "content_download": "Downloaded content",
    "webinar_attended": "Attended a webinar", "form_submitted": "Submitted a form",
    "email_open": "Opened your email", "email_click": "Clicked a link in your email",
    "email_reply": "Replied to your email", "demo_request": "Requested a demo",
    "free_trial_signup": "Signed up for a free trial", "meeting_booked": "Booked a meeting",
    "social_mention": "Mentioned on social media",
}
PAGE_KINDS = (("pricing", ("pricing", "plans", "price")), ("demo_page", ("demo",)),
              ("careers", ("careers", "jobs")),
              ("blog", ("blog", "resources", "guides", "articles", "news")))
KEEP_CONTRIBUTIONS = 8
TIER_FIT = {"enterprise": ("Enterprise", 10), "mid": ("Mid-size", 7), "small": ("Small business", 4)}
SENIORITY_FIT = {"owner": 15, "founder": 15, "c_level": 15, "partner": 12, "vp": 12,
                 "director": 10, "manager": 6, "senior": 3, "entry": 0}
ICP_INDUSTRY_POINTS = 5


def page_kind(path: str | None) -> str | None:
    """pricing / demo_page / careers / blog from a page path, None for anything else."""
    lowered = (path or "").lower()
    for kind, words in PAGE_KINDS:
        if any(f"/{word}" in lowered for word in words):
            return kind
    return None


def signal_of(event_type: str, properties: Mapping[str, Any] | None) -> str:
    """The scored signal of an event: its type, or the kind of page for a website visit."""
    if event_type == "website_visit":
        kind = page_kind((properties or {}).get("path"))
        return f"{kind}_visit" if kind else "website_visit"
    return event_type


def weights(config: Mapping[str, Any]) -> dict[str, float]:
    """Default weights overlaid with ``SCORE_WEIGHTS`` ("signal=points,...")."""
    return dict(_weights(config.get("SCORE_WEIGHTS") or ""))


@lru_cache(maxsize=16)
def _weights(setting: str) -> tuple[tuple[str, float], ...]:
    """Parsed once per setting: every tracking hit scores with it."""
    table = dict(DEFAULT_WEIGHTS)
    for part in setting.split(","):
        name, _, value = part.partition("=")
        if name.strip() and value.strip():
            table[name.strip()] = float(value)
    return tuple(table.items())


def decayed(value: float, since: datetime | None, now: datetime, half_life_days: float) -> float:
    if since is None or value == 0:
        return 0.0
    return _halved(value, (now - since).total_seconds(), half_life_days)


def _halved(value: float, age_s: float, half_life_days: float) -> float:
    """``value`` after ``age_s`` seconds of halving every ``half_life_days``."""
    return value * 0.5 ** (age_s / 86400 / half_life_days)


def add_contribution(state: Any, signal: str, points: float, at: datetime,
                     half_life_days: float) -> None:
    """Fold one event into a score row (anything with engagement/engagement_at/contributions).

    Events may arrive out of order: an older event is decayed to the row's time, a newer one
    moves the row's time forward. The kept contributions stay in order, largest first, so a
    new one is placed by bisection (a fold ranks ~4 entries, not all 9).
    """
    if points <= 0:
        return
    if state.engagement_at is None or at >= state.engagement_at:
        state.engagement = decayed(state.engagement or 0.0, state.engagement_at, at,
                                   half_life_days) + points
        state.engagement_at = at
    else:
        state.engagement = (state.engagement or 0.0) + decayed(points, at, state.engagement_at,
                                                               half_life_days)
    entries = list(state.contributions or [])
    # Largest decayed value first. log2(w) + t / half-life orders entries as their decayed
    # values do at any one reference time, without datetime arithmetic per entry.
    half_life_s = half_life_days * 86400
    bisect.insort(entries, {"s": signal, "at": at.isoformat(), "w": points},
                  key=lambda e: -(_log2(e["w"]) + _timestamp(e["at"]) / half_life_s))
    state.contributions = entries[:KEEP_CONTRIBUTIONS]


def _log2(points: float) -> float:
    return math.log2(points) if points > 0 else -math.inf


@lru_cache(maxsize=65536)
def _timestamp(iso: str) -> float:
    """Contribution times are parsed again for every event folded into a row: parse once."""
    return datetime.fromisoformat(iso).timestamp()


def later_stage(current: str | None, signal: str) -> str | None:
    """The further of the current buyer stage and the stage this signal shows."""
    shown = STAGE_OF_SIGNAL.get(signal)
    if shown is None:
        return current
    if current is None or BUYER_STAGES.index(shown) > BUYER_STAGES.index(current):
        return shown
    return current


def _ago(seconds: float) -> str:
    seconds = max(seconds, 0)
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 48 * 3600:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} d ago"


def engagement_reasons(state: Any, now: datetime, half_life_days: float) -> tuple[int, list[dict]]:
    """The engagement score now and its reasons, largest first, in words a rep understands."""
    total = decayed(state.engagement or 0.0, state.engagement_at, now, half_life_days)
    # In epoch seconds: a queue explains a hundred rows of up to eight entries each.
    now_s = now.timestamp()
    grouped: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for entry in state.contributions or []:
        at = _timestamp(entry["at"])
        group = grouped.setdefault(entry["s"], {"points": 0.0, "count": 0, "last": at})
        group["points"] += _halved(entry["w"], now_s - at, half_life_days)
        group["count"] += 1
        group["last"] = max(group["last"], at)
    reasons = []
    for signal, group in grouped.items():
        label = LABELS.get(signal, signal.replace("_", " ").capitalize())
        times = f" {group['count']}×" if group["count"] > 1 else ""
        last = "last " if group["count"] > 1 else ""
        reasons.append({"text": f"{label}{times} ({last}{_ago(now_s - group['last'])})",
                        "points": round(group["points"])})
    rest = round(total - sum(group["points"] for group in grouped.values()))
    if rest > 0:
        reasons.append({"text": "Earlier engagement", "points": rest})
    reasons = [r for r in reasons if r["points"] > 0]
    reasons.sort(key=lambda r: -r["points"])
    for reason in reasons:
        reason["text"] = f"{reason['text']} +{reason['points']}"
    return round(total), reasons


@lru_cache(maxsize=16)
def icp_industries(setting: str) -> frozenset[str]:
    return frozenset(name.strip().lower() for name in setting.split(",") if name.strip())


def fit_reasons(size_tier: str | None, industry: str | None, seniority: str | None,
                title: str | None, config: Mapping[str, Any]) -> tuple[int, list[dict]]:
    """Fit: size tier and industry match to the ideal customer profile, and seniority."""
    icp = icp_industries(config.get("ICP_INDUSTRIES") or "")
    reasons = []
    tier_label, points = TIER_FIT.get(size_tier or "", (None, 0))
    words = [tier_label] if tier_label else []
    if industry and industry.lower() in icp:
        words.append(industry)
        points += ICP_INDUSTRY_POINTS
    if points:
        reasons.append({"text": f"{', '.join(words)} +{points}", "points": points})
    senior = SENIORITY_FIT.get(seniority or "", 0)
    if senior:
        who = title or seniority.replace("_", "-")
        reasons.append({"text": f"{who} (decision level) +{senior}", "points": senior})
    reasons.sort(key=lambda r: -r["points"])
    return sum(r["points"] for r in reasons), reasons
