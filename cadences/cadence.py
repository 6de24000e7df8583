"""A cadence: an ordered list of steps run on one schedule, plus the per-cadence stop options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cadences.errors import CadenceError
from cadences.schedule import Schedule
from cadences.steps import Step


@dataclass(frozen=True)
class Cadence:
    """A named sequence of touches; the server stores who owns it.

    `stop_on_company_reply` asks the server to stop every enrollment at a company when anyone
    there replies (the library only sees one enrollment at a time). `pause_on_out_of_office`
    makes an out-of-office reply pause the enrollment until the stated return date, or for
    `out_of_office_delay_days` business days when none is stated.
    Raises CadenceError naming `name`, `steps` or `out_of_office_delay_days`.
    """

    name: str
    steps: Sequence[Step]
    schedule: Schedule = field(default_factory=Schedule)
    stop_on_company_reply: bool = True
    pause_on_out_of_office: bool = True
    out_of_office_delay_days: int = 5

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))
        if not self.name.strip():
            raise CadenceError("name", "give the cadence a name")
        if not self.steps:
            raise CadenceError("steps", "a cadence needs at least one step")
        if self.out_of_office_delay_days < 0:
            raise CadenceError("out_of_office_delay_days", "must be 0 or more")

    def schedule_for(self, step: Step) -> Schedule:
        """The schedule a step is timed by: the cadence's, narrowed to the step's own window."""
        return self.schedule.with_window(step.window)
