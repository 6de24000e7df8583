"""What can happen to an enrollment, one small class per event, and `apply_event` to apply it.

Step outcomes and the commands pause/resume/stop are refused (TransitionError) when they make
no sense in the current status. Facts from outside (reply, bounce, unsubscribe, meeting,
out-of-office) are accepted at any time: once an enrollment has ended they change nothing,
because a reply after the last step is normal, not an error.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import ClassVar
from zoneinfo import ZoneInfo

from cadences.cadence import Cadence
from cadences.enrollment import Enrollment, Status, Transition
from cadences.errors import TransitionError
from cadences.scheduling import next_step_due
from cadences.steps import Outcome


@dataclass(frozen=True)
class Event(ABC):
    """Base of all events; `apply` is only called on an active or paused enrollment."""

    name: ClassVar[str]
    external: ClassVar[bool] = False

    @abstractmethod
    def apply(
        self, enrollment: Enrollment, cadence: Cadence, now: datetime, tz: ZoneInfo
    ) -> Transition: ...

    def refuse(self, enrollment: Enrollment, message: str) -> TransitionError:
        return TransitionError(enrollment.status, self.name, message)


def apply_event(
    enrollment: Enrollment, event: Event, *, cadence: Cadence, now: datetime, tz: ZoneInfo
) -> Transition:
    """Move an enrollment on; `tz` is the contact's zone (else the rep's), `now` the clock.

    :raises TransitionError: when the event is not allowed in the enrollment's status.
    """
    if now.tzinfo is None:
        raise ValueError(f"now must be a timezone-aware datetime, got {now!r}")
    if enrollment.status.is_open:
        return event.apply(enrollment, cadence, now, tz)
    if event.external:
        return Transition(enrollment)
    raise event.refuse(enrollment, "the enrollment has already ended")


def _stop(enrollment: Enrollment, status: Status, reason: str) -> Enrollment:
    return replace(enrollment, status=status, reason=reason, next_due_at=None, resume_at=None)


def _pause(enrollment: Enrollment, reason: str, resume_at: datetime | None = None) -> Enrollment:
    return replace(
        enrollment, status=Status.PAUSED, reason=reason, next_due_at=None, resume_at=resume_at
    )


def _move_to(
    enrollment: Enrollment, step_index: int, cadence: Cadence, now: datetime, tz: ZoneInfo
) -> Enrollment:
    """Active on `step_index`, due by its delay after `now`; finished when no step is left."""
    if step_index >= len(cadence.steps):
        return Enrollment(status=Status.FINISHED, step_index=len(cadence.steps))
    step = cadence.steps[step_index]
    due = next_step_due(now, step.delay_days, cadence.schedule_for(step), tz)
    return Enrollment(status=Status.ACTIVE, step_index=step_index, next_due_at=due)


# Outcomes that end the enrollment: (status, reason, contact flag).
_ENDING_OUTCOMES = {
    Outcome.MEETING_BOOKED: (Status.STOPPED_MEETING, "meeting_booked", None),
    Outcome.NOT_INTERESTED: (Status.STOPPED_MANUAL, "not_interested", None),
    Outcome.WRONG_NUMBER: (Status.STOPPED_MANUAL, "wrong_number", "wrong_number"),
}


@dataclass(frozen=True)
class StepCompleted(Event):
    """The due step was done (by the worker for auto emails, by the rep otherwise)."""

    outcome: Outcome
    name: ClassVar[str] = "step_completed"

    def apply(
        self, enrollment: Enrollment, cadence: Cadence, now: datetime, tz: ZoneInfo
    ) -> Transition:
        if enrollment.status is Status.PAUSED:
            raise self.refuse(enrollment, "no step is due while paused; resume it first")
        step = enrollment.current_step(cadence)
        if step is None:
            raise self.refuse(enrollment, f"the cadence has no step {enrollment.step_index}")
        if self.outcome not in step.kind.outcomes:
            raise self.refuse(enrollment, f"{self.outcome} is not an outcome of a {step.type} step")
        activity = None if self.outcome is Outcome.SKIPPED else step.kind.activity_type
        if self.outcome in _ENDING_OUTCOMES:
            status, reason, flag = _ENDING_OUTCOMES[self.outcome]
            return Transition(_stop(enrollment, status, reason), activity, flag_contact=flag)
        moved = _move_to(enrollment, enrollment.step_index + 1, cadence, now, tz)
        if self.outcome is Outcome.CONNECTED:
            # A live conversation: the rep decides what comes next, so hold the remaining steps.
            after = moved if moved.status is Status.FINISHED else _pause(moved, "connected")
            return Transition(after, activity, create_follow_up=True)
        return Transition(moved, activity)


@dataclass(frozen=True)
class _Ending(Event):
    """An external fact that ends the enrollment with a fixed status."""

    external: ClassVar[bool] = True
    status: ClassVar[Status]
    flag: ClassVar[str | None] = None

    def apply(
        self, enrollment: Enrollment, cadence: Cadence, now: datetime, tz: ZoneInfo
    ) -> Transition:
        return Transition(_stop(enrollment, self.status, self.name), flag_contact=self.flag)


@dataclass(frozen=True)
class Replied(_Ending):
    name: ClassVar[str] = "reply"
    status: ClassVar[Status] = Status.STOPPED_REPLY


@dataclass(frozen=True)
class Bounced(_Ending):
    name: ClassVar[str] = "bounce"
    status: ClassVar[Status] = Status.STOPPED_BOUNCE
    flag: ClassVar[str | None] = "email_bounced"


@dataclass(frozen=True)
class Unsubscribed(_Ending):
    name: ClassVar[str] = "unsubscribe"
    status: ClassVar[Status] = Status.STOPPED_UNSUBSCRIBE
    flag: ClassVar[str | None] = "unsubscribed"


@dataclass(frozen=True)
class MeetingBooked(_Ending):
    """A meeting booked outside a step (calendar event, activity logged elsewhere)."""

    name: ClassVar[str] = "meeting"
    status: ClassVar[Status] = Status.STOPPED_MEETING


@dataclass(frozen=True)
class OutOfOffice(Event):
    """An auto-reply: hold the cadence until the stated return date or the cadence's default.

    A pause the rep made (or a conversation pause) is left alone; only an out-of-office
    pause has its return moved.
    """

    return_on: date | None = None
    name: ClassVar[str] = "out_of_office"
    external: ClassVar[bool] = True

    def apply(
        self, enrollment: Enrollment, cadence: Cadence, now: datetime, tz: ZoneInfo
    ) -> Transition:
        held_by_rep = enrollment.status is Status.PAUSED and enrollment.reason != self.name
        if not cadence.pause_on_out_of_office or held_by_rep:
            return Transition(enrollment)
        if self.return_on is None:
            back = next_step_due(now, cadence.out_of_office_delay_days, cadence.schedule, tz)
        else:
            anchor = max(datetime.combine(self.return_on, time(0), tzinfo=tz), now)
            back = next_step_due(anchor, 0, cadence.schedule, tz)
        return Transition(_pause(enrollment, self.name, resume_at=back))


@dataclass(frozen=True)
class Pause(Event):
    reason: str = "manual"
    name: ClassVar[str] = "pause"

    def apply(
        self, enrollment: Enrollment, cadence: Cadence, now: datetime, tz: ZoneInfo
    ) -> Transition:
        if enrollment.status is Status.PAUSED:
            raise self.refuse(enrollment, "it is already paused")
        return Transition(_pause(enrollment, self.reason))


@dataclass(frozen=True)
class Resume(Event):
    """Carry on: the waiting step falls due at the schedule's next open moment after `now`."""

    name: ClassVar[str] = "resume"

    def apply(
        self, enrollment: Enrollment, cadence: Cadence, now: datetime, tz: ZoneInfo
    ) -> Transition:
        if enrollment.status is Status.ACTIVE:
            raise self.refuse(enrollment, "it is not paused")
        step = enrollment.current_step(cadence)
        if step is None:
            raise self.refuse(enrollment, f"the cadence has no step {enrollment.step_index}")
        due = next_step_due(now, 0, cadence.schedule_for(step), tz)
        return Transition(
            Enrollment(status=Status.ACTIVE, step_index=enrollment.step_index, next_due_at=due)
        )


@dataclass(frozen=True)
class Stop(Event):
    reason: str = "manual"
    name: ClassVar[str] = "stop"

    def apply(
        self, enrollment: Enrollment, cadence: Cadence, now: datetime, tz: ZoneInfo
    ) -> Transition:
        return Transition(_stop(enrollment, Status.STOPPED_MANUAL, self.reason))
