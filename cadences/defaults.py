"""The starter cadences the book recommends, sized to how big the target company is.

Smaller companies get fewer attempts (5) because one decision maker answers or does not;
mid-market gets 8 and enterprise 12, because reaching a buyer there takes persistence.
Calls lead, emails follow the same day, voicemails are left on later call attempts.
"""

from __future__ import annotations

from cadences.cadence import Cadence
from cadences.errors import CadenceError
from cadences.steps import Step

_CALL_NOTES = "Call; if you reach them, aim for a 15-minute meeting. No voicemail on this one."
_VOICEMAIL_NOTES = (
    "Call; if nobody answers, leave a voicemail under 30 seconds and say an email follows."
)

_INTRO = (
    "Quick question about {{ company.name }}",
    (
        "Hi {{ contact.first_name | default('there') }},\n\n"
        "I work with teams like {{ company.name }} on prospecting. Would a 15-minute call next "
        "week be worth it to see whether we can help?\n\n{{ rep.name }}\n"
    ),
)
_FOLLOW_UP = (
    "Re: {{ company.name }}",
    (
        "Hi {{ contact.first_name | default('there') }},\n\n"
        "I tried you by phone as well. Is this on your list this quarter, or should I check "
        "back later?\n\n{{ rep.name }}\n"
    ),
)
_BREAK_UP = (
    "Closing the loop",
    (
        "Hi {{ contact.first_name | default('there') }},\n\n"
        "I have not heard back, so I will stop here. If timing changes, just reply to this "
        "email.\n\n{{ rep.name }}\n"
    ),
)

# (step type, business days after the previous step)
_PLANS: dict[str, tuple[tuple[str, int], ...]] = {
    "small": (("call", 0), ("auto_email", 0), ("voicemail", 2), ("auto_email", 2), ("call", 3)),
    "mid": (
        ("call", 0), ("auto_email", 0), ("voicemail", 2), ("auto_email", 1),
        ("call", 2), ("voicemail", 2), ("auto_email", 0), ("call", 3),
    ),
    "enterprise": (
        ("call", 0), ("auto_email", 0), ("voicemail", 1), ("auto_email", 2),
        ("call", 2), ("voicemail", 0), ("auto_email", 2), ("call", 3),
        ("voicemail", 0), ("auto_email", 3), ("call", 4), ("auto_email", 0),
    ),
}  # fmt: skip

TIERS = tuple(_PLANS)


def default_cadence(tier: str) -> Cadence:
    """The book's starter cadence for a company tier ("small", "mid" or "enterprise").

    :raises CadenceError: on field `tier` when the tier is unknown.
    """
    if tier not in _PLANS:
        raise CadenceError("tier", f"unknown tier {tier!r}; use one of {', '.join(TIERS)}")
    plan = _PLANS[tier]
    email_count = sum(1 for kind, _ in plan if kind == "auto_email")
    steps: list[Step] = []
    for kind, delay in plan:
        if kind == "auto_email":
            number = sum(1 for step in steps if step.type == "auto_email") + 1
            subject, body = _email(number, email_count)
            steps.append(Step(kind, delay, subject=subject, body=body))
        else:
            notes = _VOICEMAIL_NOTES if kind == "voicemail" else _CALL_NOTES
            steps.append(Step(kind, delay, instructions=notes))
    return Cadence(name=f"Default {tier} ({len(plan)} attempts)", steps=steps)


def _email(number: int, count: int) -> tuple[str, str]:
    """Subject and body for the n-th of `count` emails: intro, follow-ups, then the break-up."""
    if number == count:
        return _BREAK_UP
    return _INTRO if number == 1 else _FOLLOW_UP
