"""When the next step is due and when each email may actually leave a mailbox.

All functions take the clock as an argument and return UTC datetimes, so the worker and the
tests get the same answer for the same inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cadences.errors import CadenceError
from cadences.schedule import Schedule


def next_step_due(
    previous: datetime, delay_days: int, schedule: Schedule, tz: ZoneInfo
) -> datetime:
    """The moment a step falls due, `delay_days` business days after `previous`.

    `previous` is when the prior step was done (or the enrollment began). It is first moved to
    the next open moment of the schedule in `tz` (the contact's zone, else the rep's): a
    non-business day or a time after the window goes to the next business day's start, a time
    before the window to today's start. Then `delay_days` business days are added keeping the
    wall-clock time, so "Tuesday 14:30 + 2" is Thursday 14:30 local even across a DST change.
    A wall-clock time that a DST jump skips is pushed forward by the jump.

    :raises ValueError: if `previous` is naive.
    :raises CadenceError: if `delay_days` is negative.
    """
    _require_aware(previous, "previous")
    if delay_days < 0:
        raise CadenceError("delay_days", "must be 0 (same day) or more")
    local = previous.astimezone(tz)
    day, clock = _open_moment(local.date(), local.time(), schedule)
    for _ in range(delay_days):
        day = _next_business_day(day, schedule)
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def spaced_send_times(
    due_at: Sequence[datetime],
    *,
    now: datetime,
    tz: ZoneInfo,
    sent_at: Sequence[datetime] = (),
    min_gap: timedelta = timedelta(seconds=30),
    daily_cap: int = 500,
) -> list[datetime | None]:
    """Give each due email of one mailbox a send time, or None when today's cap is used up.

    Times are never before `now` or the email's due time, at least `min_gap` after the
    mailbox's previous send, and at most `daily_cap` per calendar day in `tz` (the rep's zone).
    `sent_at` holds the mailbox's sends so far today (older ones may be included). The result
    is aligned with `due_at`; earlier-due emails are served first. The worker sends those whose
    time has come and leaves the rest, and the Nones, for a later pass.
    """
    _require_aware(now, "now")
    per_day = Counter(moment.astimezone(tz).date() for moment in sent_at)
    last = max(sent_at, default=None)
    slots: list[datetime | None] = [None] * len(due_at)
    for index in sorted(range(len(due_at)), key=lambda i: due_at[i]):
        slot = max(due_at[index], now) if last is None else max(due_at[index], now, last + min_gap)
        day = slot.astimezone(tz).date()
        if per_day[day] >= daily_cap:
            continue
        per_day[day] += 1
        last = slot
        slots[index] = slot.astimezone(UTC)
    return slots


def _open_moment(day: date, clock: time, schedule: Schedule) -> tuple[date, time]:
    """The first (day, time) at or after the given one that lies inside the schedule."""
    if not schedule.is_business_day(day) or clock >= schedule.end:
        return _next_business_day(day, schedule), schedule.start
    return day, max(clock, schedule.start)


def _next_business_day(day: date, schedule: Schedule) -> date:
    """The first business day after `day`; it exists because a schedule has at least one weekday."""
    day += timedelta(days=1)
    while not schedule.is_business_day(day):
        day += timedelta(days=1)
    return day


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {moment!r}")
