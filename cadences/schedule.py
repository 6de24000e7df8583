"""When a cadence may touch a prospect: which weekdays, which hours, which holiday calendar."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time
from functools import cache

import holidays

from cadences.errors import CadenceError

MONDAY_TO_FRIDAY = frozenset({1, 2, 3, 4, 5})


@dataclass(frozen=True)
class Schedule:
    """Business days (ISO weekdays 1=Mon..7=Sun, minus holidays) and a daily window [start, end).

    `holidays` is a country code from the `holidays` package ("US", "DE"), optionally with a
    subdivision ("DE-BY"), or None for no holiday calendar. Times are wall-clock times in the
    contact's time zone. Raises CadenceError naming `weekdays`, `end` or `holidays`.
    """

    weekdays: frozenset[int] = field(default=MONDAY_TO_FRIDAY)
    start: time = time(8, 0)
    end: time = time(18, 0)
    holidays: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        if not self.weekdays:
            raise CadenceError("weekdays", "pick at least one day of the week")
        if not self.weekdays <= {1, 2, 3, 4, 5, 6, 7}:
            raise CadenceError("weekdays", "use ISO weekdays, 1 (Monday) to 7 (Sunday)")
        if not self.start < self.end:
            raise CadenceError("end", "the send window must end after it starts")
        if self.holidays is not None:
            _holiday_calendar(self.holidays)

    def is_business_day(self, day: date) -> bool:
        """True on a schedule weekday that is not a public holiday of the chosen calendar."""
        if day.isoweekday() not in self.weekdays:
            return False
        return self.holidays is None or day not in _holiday_calendar(self.holidays)

    def with_window(self, window: tuple[time, time] | None) -> Schedule:
        """This schedule with a step's own hours, when the step has them."""
        return self if window is None else replace(self, start=window[0], end=window[1])


@cache
def _holiday_calendar(code: str) -> holidays.HolidayBase:
    """The calendar for "CC" or "CC-SUBDIV"; cached because building one parses rule tables."""
    country, _, subdivision = code.partition("-")
    supported = holidays.list_supported_countries()
    if len(country) != 2 or country not in supported:
        raise CadenceError("holidays", f"unknown holiday calendar {code!r}; use e.g. 'US' or 'DE'")
    if subdivision and subdivision not in supported[country]:
        raise CadenceError("holidays", f"{country} has no subdivision {subdivision!r}")
    return holidays.country_holidays(country, subdiv=subdivision or None)
