"""Where one contact stands in a cadence, and the result of moving them on (new state + effects).

The state is plain data the server stores in a row; effects are data too, so the server applies
them (log an activity, flag the contact, create a follow-up task) in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from cadences.cadence import Cadence
from cadences.scheduling import next_step_due
from cadences.steps import Step


class Status(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED_REPLY = "stopped_reply"
    STOPPED_MEETING = "stopped_meeting"
    STOPPED_BOUNCE = "stopped_bounce"
    STOPPED_UNSUBSCRIBE = "stopped_unsubscribe"
    STOPPED_MANUAL = "stopped_manual"

    @property
    def is_open(self) -> bool:
        """Active or paused; every other status is final."""
        return self in (Status.ACTIVE, Status.PAUSED)


@dataclass(frozen=True)
class Enrollment:
    """One contact's position in a cadence.

    `step_index` is the step due next (while paused: the step that will be due on resume; once
    finished: the number of steps). `next_due_at` (UTC) is set only while active. `reason` says
    why an enrollment is paused or stopped ("manual", "connected", "out_of_office",
    "not_interested", "wrong_number", "meeting_booked", "meeting", "reply", "bounce",
    "unsubscribe"). `resume_at` (UTC) is when the worker should resume an out-of-office pause.
    """

    status: Status
    step_index: int
    next_due_at: datetime | None = None
    reason: str | None = None
    resume_at: datetime | None = None

    def current_step(self, cadence: Cadence) -> Step | None:
        """The step this enrollment waits on, or None once it is past the last one."""
        if self.step_index < len(cadence.steps):
            return cadence.steps[self.step_index]
        return None


@dataclass(frozen=True)
class Transition:
    """The enrollment after an event, plus what the server must do about it.

    `log_activity` is the activity type to record for a completed step ("email", "call",
    "voicemail", "linkedin", "note"; None for a skipped step or an external event, whose
    activity the inbound handler records). `flag_contact` is "wrong_number", "email_bounced"
    or "unsubscribed". `create_follow_up` asks for a rep task after a live conversation.
    """

    enrollment: Enrollment
    log_activity: str | None = None
    flag_contact: str | None = None
    create_follow_up: bool = False

    @property
    def schedule_next_at(self) -> datetime | None:
        """When the next step falls due (UTC), if the enrollment is still running."""
        return self.enrollment.next_due_at


def enroll(cadence: Cadence, *, enrolled_at: datetime, tz: ZoneInfo) -> Enrollment:
    """A fresh active enrollment whose first step is due by the schedule in `tz`."""
    first = cadence.steps[0]
    due = next_step_due(enrolled_at, first.delay_days, cadence.schedule_for(first), tz)
    return Enrollment(status=Status.ACTIVE, step_index=0, next_due_at=due)
