"""Step types as a registry, and the rules a step must follow to be saved."""

from datetime import time

import pytest

from cadences import STEP_TYPES, CadenceError, Outcome, Step, StepType

PHONE = {"connected", "voicemail", "no_answer", "wrong_number", "meeting_booked",
         "not_interested", "skipped"}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "automatic", "activity_type", "needs_template", "outcomes"),
    [
        ("auto_email", True, "email", True, {"sent", "skipped"}),
        ("manual_email", False, "email", False, {"sent", "skipped"}),
        ("call", False, "call", False, PHONE),
        ("voicemail", False, "voicemail", False, PHONE),
        ("linkedin", False, "linkedin", False,
         {"done", "connected", "meeting_booked", "not_interested", "skipped"}),
        ("task", False, "note", False, {"done", "meeting_booked", "not_interested", "skipped"}),
    ],
)  # fmt: skip
def test_each_step_type_knows_who_does_it_and_what_it_logs(
    name, automatic, activity_type, needs_template, outcomes
):
    kind = STEP_TYPES[name]
    assert issubclass(kind, StepType)
    assert kind.automatic is automatic
    assert kind.activity_type == activity_type
    assert kind.needs_template is needs_template
    assert kind.outcomes == {Outcome(outcome) for outcome in outcomes}


def test_exactly_the_six_step_types_are_registered():
    assert set(STEP_TYPES) == {
        "auto_email",
        "manual_email",
        "call",
        "voicemail",
        "linkedin",
        "task",
    }


def test_a_step_reaches_its_type_through_kind():
    assert Step("call").kind is STEP_TYPES["call"]


def test_a_manual_email_may_leave_the_writing_to_the_rep():
    assert Step("manual_email", 1).body == ""


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"type": "fax"}, "type"),
        ({"type": "call", "delay_days": -1}, "delay_days"),
        ({"type": "call", "delay_days": 1.5}, "delay_days"),
        ({"type": "call", "delay_days": True}, "delay_days"),
        ({"type": "call", "window": (time(11), time(9))}, "window"),
        ({"type": "call", "window": (time(9), time(9))}, "window"),
        ({"type": "auto_email", "body": "Hi"}, "subject"),
        ({"type": "auto_email", "subject": "Hi", "body": "  "}, "body"),
        ({"type": "auto_email", "subject": "{{ contact.", "body": "Hi"}, "subject"),
        ({"type": "manual_email", "body": "{{ deal.size }}"}, "body"),
    ],
)
def test_an_invalid_step_is_refused_naming_the_field(arguments, field):
    with pytest.raises(CadenceError) as refusal:
        Step(**arguments)
    assert refusal.value.field == field


def test_an_unknown_type_error_lists_the_known_ones():
    with pytest.raises(CadenceError, match="known: auto_email, call, linkedin"):
        Step("fax")


def test_a_step_error_can_be_placed_under_its_position():
    with pytest.raises(CadenceError) as refusal:
        Step("call", -2)
    placed = refusal.value.at("steps[3]")
    assert placed.field == "steps[3].delay_days"
    assert str(placed) == "steps[3].delay_days: must be 0 (same day) or more"
