"""Translate between cadence rows and the pure `cadences` library's dataclasses."""

from __future__ import annotations

from datetime import time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import cadences as lib
from server.models import Cadence, CadenceStep, Enrollment

DEFAULT_SCHEDULE: dict[str, Any] = {
    "weekdays": [1, 2, 3, 4, 5], "start": "08:00", "end": "18:00", "holidays": None}
_UTC = ZoneInfo("UTC")


def parse_clock(text: str) -> time:
    """ "HH:MM" to a time; the schemas have already checked the format."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def format_clock(moment: time) -> str:
    return moment.strftime("%H:%M")


def schedule_of(data: dict[str, Any]) -> lib.Schedule:
    """The library schedule for a stored (or posted) schedule document."""
    return lib.Schedule(weekdays=frozenset(data["weekdays"]), start=parse_clock(data["start"]),
                        end=parse_clock(data["end"]), holidays=data.get("holidays"))


def step_of(row: CadenceStep | dict[str, Any]) -> lib.Step:
    get = row.get if isinstance(row, dict) else lambda name, default=None: getattr(row, name)
    window = None
    if get("window_start") and get("window_end"):
        window = (parse_clock(get("window_start")), parse_clock(get("window_end")))
    return lib.Step(get("type"), get("delay_days", 0) or 0, window=window,
                    subject=get("subject", "") or "", body=get("body", "") or "",
                    instructions=get("instructions", "") or "")


def plan_of(cadence: Cadence) -> lib.Cadence:
    """The library cadence for a row; cached by content since building one parses templates."""
    schedule = cadence.schedule or DEFAULT_SCHEDULE
    key = (
        cadence.name,
        (tuple(schedule["weekdays"]), schedule["start"], schedule["end"], schedule.get("holidays")),
        tuple((s.type, s.delay_days, s.window_start, s.window_end, s.subject, s.body,
               s.instructions) for s in cadence.steps),
        cadence.stop_on_company_reply, cadence.pause_on_out_of_office,
        cadence.out_of_office_delay_days,
    )
    return _plan(key)


@lru_cache(maxsize=256)
def _plan(key: tuple) -> lib.Cadence:
    name, (weekdays, start, end, holidays), steps, stop_on_reply, pause_on_ooo, ooo_days = key
    schedule = schedule_of({"weekdays": weekdays, "start": start, "end": end,
                            "holidays": holidays})
    return lib.Cadence(
        name=name, schedule=schedule, stop_on_company_reply=stop_on_reply,
        pause_on_out_of_office=pause_on_ooo, out_of_office_delay_days=ooo_days,
        steps=[step_of(dict(zip(("type", "delay_days", "window_start", "window_end", "subject",
                                  "body", "instructions"), step))) for step in steps],
    )


def zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_for(enrollment: Enrollment) -> ZoneInfo:
    """The contact's time zone, else the rep's, else UTC: steps land in the prospect's day."""
    return zone(enrollment.contact.timezone) or zone(enrollment.user.timezone) or _UTC


def state_of(enrollment: Enrollment) -> lib.Enrollment:
    return lib.Enrollment(status=lib.Status(enrollment.status), step_index=enrollment.step_index,
                          next_due_at=enrollment.next_due_at, reason=enrollment.reason,
                          resume_at=enrollment.resume_at)


def store_state(enrollment: Enrollment, state: lib.Enrollment, now) -> bool:
    """Write the library's state onto the row; True when anything changed.

    A change of state means the step handed to the outbox or a task is no longer the one
    waiting, so the worker must look at the enrollment again.
    """
    if state == state_of(enrollment):
        return False
    enrollment.status = state.status.value
    enrollment.reason = state.reason
    enrollment.step_index = state.step_index
    enrollment.next_due_at = state.next_due_at
    enrollment.resume_at = state.resume_at
    enrollment.handed_off_at = None
    enrollment.ended_at = None if state.status.is_open else now
    return True
