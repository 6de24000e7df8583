"""Report periods in a team's time zone, and the SQL that buckets timestamps into them.

Boundaries are computed here, in Python, from local midnights (so DST is right), and the
database only compares UTC timestamps with them: the same SQL on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import case

GROUPS = ("day", "week", "month")
MAX_PERIODS = 400


def zone(name: str | None) -> ZoneInfo:
    """The named zone, or UTC for a missing or unknown name (never fails a report)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant at which ``day`` starts in ``tz``."""
    return datetime.combine(day, time(), tzinfo=tz).astimezone(timezone.utc)


def period_start(day: date, group: str) -> date:
    if group == "week":
        return day - timedelta(days=day.weekday())  # weeks start on Monday (ISO)
    if group == "month":
        return day.replace(day=1)
    return day


def next_start(day: date, group: str) -> date:
    if group == "week":
        return day + timedelta(days=7)
    if group == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=1)


def previous_start(day: date, group: str) -> date:
    return period_start(day - timedelta(days=1), group)


@dataclass(frozen=True)
class Period:
    """One bucket: local dates ``start`` .. ``end`` (inclusive) and its UTC bounds."""

    start: date
    end: date
    start_utc: datetime
    end_utc: datetime

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def periods(first: date, last: date, group: str, tz: ZoneInfo) -> list[Period]:
    """Whole periods covering ``first`` .. ``last`` (aligned to the period's start)."""
    starts = [period_start(first, group)]
    while (following := next_start(starts[-1], group)) <= last:
        starts.append(following)
        if len(starts) > MAX_PERIODS:
            raise ValueError(f"more than {MAX_PERIODS} periods")
    starts.append(next_start(starts[-1], group))
    bounds = [local_midnight(day, tz) for day in starts]
    return [Period(starts[i], starts[i + 1] - timedelta(days=1), bounds[i], bounds[i + 1])
            for i in range(len(starts) - 1)]


def bounds_of(buckets: list[Period]) -> list[datetime]:
    return [p.start_utc for p in buckets] + [buckets[-1].end_utc]


def bucket_index(column: Any, bounds: list[datetime]) -> Any:
    """SQL: the index of the period ``column`` falls in (callers filter to the whole range)."""
    if len(bounds) == 2:
        return case((column < bounds[1], 0), else_=0)
    whens = [(column < bound, index) for index, bound in enumerate(bounds[1:-1])]
    return case(*whens, else_=len(bounds) - 2)


def in_range(column: Any, bounds: list[datetime]) -> Any:
    return (column >= bounds[0]) & (column < bounds[-1])


def default_range(today: date, group: str) -> tuple[date, date]:
    """Last 14 days, 12 weeks or 6 months up to ``today``."""
    if group == "day":
        return today - timedelta(days=13), today
    if group == "week":
        return period_start(today, "week") - timedelta(weeks=11), today
    first = today.replace(day=1)
    for _ in range(5):
        first = previous_start(first, "month")
    return first, today
