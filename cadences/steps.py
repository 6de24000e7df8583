"""Step types (a registry of small classes) and the `Step` a cadence is made of.

Each kind of touch knows who performs it (the worker or the rep), which activity it logs and
which outcomes a rep may report for it, so the server and the state machine never switch on
type names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import ClassVar

from cadences.errors import CadenceError, TemplateError
from cadences.templates import check_syntax


class Outcome(StrEnum):
    """What happened when a step was carried out; the state machine maps each to a transition."""

    CONNECTED = "connected"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    MEETING_BOOKED = "meeting_booked"
    NOT_INTERESTED = "not_interested"
    SENT = "sent"
    DONE = "done"
    SKIPPED = "skipped"


_PHONE_OUTCOMES = frozenset(
    {
        Outcome.CONNECTED,
        Outcome.VOICEMAIL,
        Outcome.NO_ANSWER,
        Outcome.WRONG_NUMBER,
        Outcome.MEETING_BOOKED,
        Outcome.NOT_INTERESTED,
        Outcome.SKIPPED,
    }
)


class StepType:
    """Base of every step type; subclasses only set class attributes and register themselves."""

    name: ClassVar[str]
    automatic: ClassVar[bool] = False
    activity_type: ClassVar[str]
    needs_template: ClassVar[bool] = False
    outcomes: ClassVar[frozenset[Outcome]]


STEP_TYPES: dict[str, type[StepType]] = {}


def register(step_type: type[StepType]) -> type[StepType]:
    """Make a step type available by name; used as a class decorator."""
    STEP_TYPES[step_type.name] = step_type
    return step_type


@register
class AutoEmail(StepType):
    """Sent by the worker from the step's template; nobody has to touch it."""

    name = "auto_email"
    automatic = True
    activity_type = "email"
    needs_template = True
    outcomes = frozenset({Outcome.SENT, Outcome.SKIPPED})


@register
class ManualEmail(StepType):
    """A rep task to write or adapt an email; the template, if any, is only a draft."""

    name = "manual_email"
    activity_type = "email"
    outcomes = frozenset({Outcome.SENT, Outcome.SKIPPED})


@register
class Call(StepType):
    name = "call"
    activity_type = "call"
    outcomes = _PHONE_OUTCOMES


@register
class Voicemail(StepType):
    """A call meant to leave a scripted voicemail; the prospect may still pick up."""

    name = "voicemail"
    activity_type = "voicemail"
    outcomes = _PHONE_OUTCOMES


@register
class LinkedIn(StepType):
    name = "linkedin"
    activity_type = "linkedin"
    outcomes = frozenset(
        {
            Outcome.DONE,
            Outcome.CONNECTED,
            Outcome.MEETING_BOOKED,
            Outcome.NOT_INTERESTED,
            Outcome.SKIPPED,
        }
    )


@register
class Task(StepType):
    """Any other to-do for the rep (research, a gift, a referral ask); it logs a note."""

    name = "task"
    activity_type = "note"
    outcomes = frozenset(
        {Outcome.DONE, Outcome.MEETING_BOOKED, Outcome.NOT_INTERESTED, Outcome.SKIPPED}
    )


@dataclass(frozen=True)
class Step:
    """One touch of a cadence, due `delay_days` business days after the previous one.

    `window` narrows the cadence's send hours for this step only (e.g. calls 09:00-11:00).
    Raises CadenceError naming the field (`type`, `delay_days`, `window`, `subject`, `body`).
    """

    type: str
    delay_days: int = 0
    window: tuple[time, time] | None = None
    subject: str = ""
    body: str = ""
    instructions: str = ""

    def __post_init__(self) -> None:
        if self.type not in STEP_TYPES:
            known = ", ".join(sorted(STEP_TYPES))
            raise CadenceError("type", f"unknown step type {self.type!r} (known: {known})")
        if isinstance(self.delay_days, bool) or not isinstance(self.delay_days, int):
            raise CadenceError("delay_days", "must be a whole number of business days")
        if self.delay_days < 0:
            raise CadenceError("delay_days", "must be 0 (same day) or more")
        if self.window is not None and not self.window[0] < self.window[1]:
            raise CadenceError("window", "start must be before end")
        for field in ("subject", "body"):
            self._check_template(field)

    @property
    def kind(self) -> type[StepType]:
        """The registered step type, which says who performs the step and what it logs."""
        return STEP_TYPES[self.type]

    def _check_template(self, field: str) -> None:
        source = getattr(self, field)
        if self.kind.needs_template and not source.strip():
            raise CadenceError(field, f"a {self.type} step needs a {field} template")
        try:
            check_syntax(source)
        except TemplateError as error:
            raise CadenceError(field, error.message) from error
