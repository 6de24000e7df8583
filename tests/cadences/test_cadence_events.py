"""The enrollment state machine: every (status, event) pair, then the timing of each move."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from cadences import (
    Bounced,
    Enrollment,
    MeetingBooked,
    Outcome,
    OutOfOffice,
    Pause,
    Replied,
    Resume,
    Status,
    StepCompleted,
    Stop,
    TransitionError,
    Unsubscribed,
    apply_event,
    enroll,
)

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday, 10:00 in Berlin

# One enrollment per status, all waiting on step 0 (a call) of `call_email_voicemail`.
STATES = {
    "active": Enrollment(Status.ACTIVE, 0, next_due_at=NOW),
    "paused_manual": Enrollment(Status.PAUSED, 0, reason="manual"),
    "paused_out_of_office": Enrollment(
        Status.PAUSED, 0, reason="out_of_office", resume_at=datetime(2026, 11, 30, 7, tzinfo=UTC)
    ),
    "finished": Enrollment(Status.FINISHED, 3),
    "stopped_reply": Enrollment(Status.STOPPED_REPLY, 1, reason="reply"),
    "stopped_meeting": Enrollment(Status.STOPPED_MEETING, 1, reason="meeting"),
    "stopped_bounce": Enrollment(Status.STOPPED_BOUNCE, 1, reason="bounce"),
    "stopped_unsubscribe": Enrollment(Status.STOPPED_UNSUBSCRIBE, 1, reason="unsubscribe"),
    "stopped_manual": Enrollment(Status.STOPPED_MANUAL, 1, reason="manual"),
}

EVENTS = {
    **{outcome.value: StepCompleted(outcome) for outcome in Outcome},
    "reply": Replied(),
    "bounce": Bounced(),
    "unsubscribe": Unsubscribed(),
    "meeting": MeetingBooked(),
    "out_of_office": OutOfOffice(return_on=date(2026, 12, 7)),
    "pause": Pause(),
    "resume": Resume(),
    "stop": Stop(),
}

REFUSED = "refused"
UNCHANGED = "unchanged"

# Expected (status, reason, log_activity, flag_contact) for an active enrollment on a call step.
ACTIVE = {
    "connected": (Status.PAUSED, "connected", "call", None),
    "voicemail": (Status.ACTIVE, None, "call", None),
    "no_answer": (Status.ACTIVE, None, "call", None),
    "wrong_number": (Status.STOPPED_MANUAL, "wrong_number", "call", "wrong_number"),
    "meeting_booked": (Status.STOPPED_MEETING, "meeting_booked", "call", None),
    "not_interested": (Status.STOPPED_MANUAL, "not_interested", "call", None),
    "sent": REFUSED,  # not an outcome of a call
    "done": REFUSED,
    "skipped": (Status.ACTIVE, None, None, None),
    "reply": (Status.STOPPED_REPLY, "reply", None, None),
    "bounce": (Status.STOPPED_BOUNCE, "bounce", None, "email_bounced"),
    "unsubscribe": (Status.STOPPED_UNSUBSCRIBE, "unsubscribe", None, "unsubscribed"),
    "meeting": (Status.STOPPED_MEETING, "meeting", None, None),
    "out_of_office": (Status.PAUSED, "out_of_office", None, None),
    "pause": (Status.PAUSED, "manual", None, None),
    "resume": REFUSED,
    "stop": (Status.STOPPED_MANUAL, "manual", None, None),
}

_PAUSED = {
    **{outcome.value: REFUSED for outcome in Outcome},
    "reply": (Status.STOPPED_REPLY, "reply", None, None),
    "bounce": (Status.STOPPED_BOUNCE, "bounce", None, "email_bounced"),
    "unsubscribe": (Status.STOPPED_UNSUBSCRIBE, "unsubscribe", None, "unsubscribed"),
    "meeting": (Status.STOPPED_MEETING, "meeting", None, None),
    "pause": REFUSED,
    "resume": (Status.ACTIVE, None, None, None),
    "stop": (Status.STOPPED_MANUAL, "manual", None, None),
}
PAUSED_MANUAL = {**_PAUSED, "out_of_office": UNCHANGED}  # the rep's pause wins
PAUSED_OUT_OF_OFFICE = {**_PAUSED, "out_of_office": (Status.PAUSED, "out_of_office", None, None)}

# Once ended, outside facts change nothing and commands or outcomes are refused.
ENDED = {name: UNCHANGED if event.external else REFUSED for name, event in EVENTS.items()}

EXPECTED = {
    "active": ACTIVE,
    "paused_manual": PAUSED_MANUAL,
    "paused_out_of_office": PAUSED_OUT_OF_OFFICE,
    **{state: ENDED for state in STATES if not STATES[state].status.is_open},
}


def test_the_table_covers_every_status_and_every_event():
    assert {state.status for state in STATES.values()} == set(Status)
    assert {outcome.value for outcome in Outcome} <= set(EVENTS)
    assert all(set(row) == set(EVENTS) for row in EXPECTED.values())
    assert set(EXPECTED) == set(STATES)


@pytest.mark.parametrize("event_name", EVENTS)
@pytest.mark.parametrize("state_name", STATES)
def test_transition(state_name, event_name, call_email_voicemail, berlin):
    before, event = STATES[state_name], EVENTS[event_name]
    expected = EXPECTED[state_name][event_name]

    def apply():
        return apply_event(before, event, cadence=call_email_voicemail, now=NOW, tz=berlin)

    if expected == REFUSED:
        with pytest.raises(TransitionError) as refusal:
            apply()
        assert refusal.value.status == before.status
        assert refusal.value.event == event.name
        return
    transition = apply()
    if expected == UNCHANGED:
        assert transition.enrollment == before
        assert (transition.log_activity, transition.flag_contact) == (None, None)
        return
    status, reason, activity, flag = expected
    assert transition.enrollment.status == status
    assert transition.enrollment.reason == reason
    assert transition.log_activity == activity
    assert transition.flag_contact == flag
    assert (transition.schedule_next_at is not None) == (status is Status.ACTIVE)


def test_completing_a_step_schedules_the_next_by_its_delay(call_email_voicemail, berlin):
    active = Enrollment(Status.ACTIVE, 0, next_due_at=NOW)
    transition = apply_event(
        active, StepCompleted(Outcome.NO_ANSWER), cadence=call_email_voicemail, now=NOW, tz=berlin
    )
    # The email waits two business days: Tuesday 10:00 Berlin -> Thursday 10:00 Berlin.
    assert transition.enrollment.step_index == 1
    assert transition.schedule_next_at == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_the_last_step_done_finishes_the_enrollment(call_email_voicemail, berlin):
    on_last = Enrollment(Status.ACTIVE, 2, next_due_at=NOW)
    transition = apply_event(
        on_last, StepCompleted(Outcome.VOICEMAIL), cadence=call_email_voicemail, now=NOW, tz=berlin
    )
    assert transition.enrollment == Enrollment(Status.FINISHED, 3)
    assert transition.log_activity == "voicemail"
    assert transition.schedule_next_at is None


def test_connecting_pauses_on_the_next_step_and_asks_for_a_follow_up(call_email_voicemail, berlin):
    active = Enrollment(Status.ACTIVE, 0, next_due_at=NOW)
    transition = apply_event(
        active, StepCompleted(Outcome.CONNECTED), cadence=call_email_voicemail, now=NOW, tz=berlin
    )
    assert transition.enrollment == Enrollment(Status.PAUSED, 1, reason="connected")
    assert transition.create_follow_up


def test_connecting_on_the_last_step_finishes_with_a_follow_up(call_email_voicemail, berlin):
    on_last = Enrollment(Status.ACTIVE, 2, next_due_at=NOW)
    transition = apply_event(
        on_last, StepCompleted(Outcome.CONNECTED), cadence=call_email_voicemail, now=NOW, tz=berlin
    )
    assert transition.enrollment.status is Status.FINISHED
    assert transition.create_follow_up


def test_the_worker_marks_an_auto_email_sent_and_logs_one_email(call_email_voicemail, berlin):
    on_email = Enrollment(Status.ACTIVE, 1, next_due_at=NOW)
    transition = apply_event(
        on_email, StepCompleted(Outcome.SENT), cadence=call_email_voicemail, now=NOW, tz=berlin
    )
    assert transition.log_activity == "email"
    assert transition.enrollment.step_index == 2


def test_a_call_outcome_on_an_email_step_is_refused(call_email_voicemail, berlin):
    on_email = Enrollment(Status.ACTIVE, 1, next_due_at=NOW)
    with pytest.raises(TransitionError, match="no_answer is not an outcome of a auto_email step"):
        apply_event(
            on_email,
            StepCompleted(Outcome.NO_ANSWER),
            cadence=call_email_voicemail,
            now=NOW,
            tz=berlin,
        )


def test_an_enrollment_past_the_cadence_end_is_refused_clearly(call_email_voicemail, berlin):
    beyond = Enrollment(Status.ACTIVE, 7, next_due_at=NOW)
    with pytest.raises(TransitionError, match="no step 7"):
        apply_event(
            beyond, StepCompleted(Outcome.DONE), cadence=call_email_voicemail, now=NOW, tz=berlin
        )


def test_enrolling_makes_the_first_step_due_at_the_next_open_moment(call_email_voicemail, berlin):
    saturday_noon = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
    enrollment = enroll(call_email_voicemail, enrolled_at=saturday_noon, tz=berlin)
    monday_eight = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert enrollment == Enrollment(Status.ACTIVE, 0, next_due_at=monday_eight)


def test_out_of_office_resumes_on_the_return_date_at_window_start(call_email_voicemail, berlin):
    active = Enrollment(Status.ACTIVE, 1, next_due_at=NOW)
    transition = apply_event(
        active, OutOfOffice(date(2026, 12, 7)), cadence=call_email_voicemail, now=NOW, tz=berlin
    )
    assert transition.enrollment.resume_at == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    assert transition.enrollment.step_index == 1


def test_out_of_office_without_a_date_waits_the_cadence_default(call_email_voicemail, berlin):
    active = Enrollment(Status.ACTIVE, 1, next_due_at=NOW)
    transition = apply_event(
        active, OutOfOffice(), cadence=call_email_voicemail, now=NOW, tz=berlin
    )
    # Five business days after Tuesday 10:00 is the next Tuesday 10:00.
    assert transition.enrollment.resume_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_out_of_office_with_a_past_return_date_resumes_from_now(call_email_voicemail, berlin):
    active = Enrollment(Status.ACTIVE, 1, next_due_at=NOW)
    transition = apply_event(
        active, OutOfOffice(date(2026, 11, 1)), cadence=call_email_voicemail, now=NOW, tz=berlin
    )
    assert transition.enrollment.resume_at == NOW


def test_out_of_office_is_ignored_when_the_cadence_opts_out(call_email_voicemail, berlin):
    cadence = replace(call_email_voicemail, pause_on_out_of_office=False)
    active = Enrollment(Status.ACTIVE, 1, next_due_at=NOW)
    transition = apply_event(active, OutOfOffice(), cadence=cadence, now=NOW, tz=berlin)
    assert transition.enrollment == active


def test_resuming_makes_the_waiting_step_due_at_the_next_open_moment(call_email_voicemail, berlin):
    paused = Enrollment(Status.PAUSED, 1, reason="out_of_office")
    friday_evening = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)  # 20:00 Berlin, window closed
    transition = apply_event(
        paused, Resume(), cadence=call_email_voicemail, now=friday_evening, tz=berlin
    )
    assert transition.enrollment == Enrollment(
        Status.ACTIVE, 1, next_due_at=datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    )


def test_pause_and_stop_carry_the_given_reason(call_email_voicemail, berlin):
    active = Enrollment(Status.ACTIVE, 0, next_due_at=NOW)
    paused = apply_event(
        active,
        Pause("missing_field:contact.title"),
        cadence=call_email_voicemail,
        now=NOW,
        tz=berlin,
    )
    stopped = apply_event(
        active, Stop("changed_jobs"), cadence=call_email_voicemail, now=NOW, tz=berlin
    )
    assert paused.enrollment.reason == "missing_field:contact.title"
    assert stopped.enrollment.reason == "changed_jobs"


def test_a_naive_clock_is_refused(call_email_voicemail, berlin):
    active = Enrollment(Status.ACTIVE, 0, next_due_at=NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        apply_event(
            active, Pause(), cadence=call_email_voicemail, now=datetime(2026, 11, 24, 9), tz=berlin
        )
