"""Schedules, cadences and the book's default cadences per company tier."""

from datetime import date, time

import pytest

from cadences import (
    TIERS,
    Cadence,
    CadenceError,
    MergeContext,
    Schedule,
    Step,
    default_cadence,
    render_text,
    required_fields,
)


def test_the_default_schedule_is_weekdays_eight_to_six_without_holidays():
    schedule = Schedule()
    assert schedule.weekdays == {1, 2, 3, 4, 5}
    assert (schedule.start, schedule.end, schedule.holidays) == (time(8), time(18), None)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"weekdays": []}, "weekdays"),
        ({"weekdays": [0, 1]}, "weekdays"),
        ({"weekdays": [8]}, "weekdays"),
        ({"start": time(18), "end": time(8)}, "end"),
        ({"start": time(9), "end": time(9)}, "end"),
        ({"holidays": "XX"}, "holidays"),
        ({"holidays": "us"}, "holidays"),
        ({"holidays": "USA"}, "holidays"),
        ({"holidays": "DE-XX"}, "holidays"),
    ],
)
def test_an_invalid_schedule_is_refused_naming_the_field(arguments, field):
    with pytest.raises(CadenceError) as refusal:
        Schedule(**arguments)
    assert refusal.value.field == field


@pytest.mark.parametrize(
    ("calendar", "day", "is_business_day"),
    [
        (None, date(2026, 11, 26), True),  # Thanksgiving, but no calendar chosen
        ("US", date(2026, 11, 26), False),
        ("US", date(2026, 11, 27), True),
        ("DE", date(2026, 10, 3), False),  # a Saturday anyway
        ("DE", date(2026, 12, 25), False),
        ("DE-BY", date(2027, 1, 6), False),
        (None, date(2026, 11, 29), False),  # Sunday
    ],
)
def test_business_days_skip_off_days_and_holidays(calendar, day, is_business_day):
    assert Schedule(holidays=calendar).is_business_day(day) is is_business_day


def test_weekdays_given_as_a_list_are_stored_as_a_set():
    assert Schedule(weekdays=[1, 3, 3]).weekdays == frozenset({1, 3})


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"name": " ", "steps": [Step("call")]}, "name"),
        ({"name": "Empty", "steps": []}, "steps"),
        ({"name": "Odd", "steps": [Step("call")], "out_of_office_delay_days": -1},
         "out_of_office_delay_days"),
    ],
)  # fmt: skip
def test_an_invalid_cadence_is_refused_naming_the_field(arguments, field):
    with pytest.raises(CadenceError) as refusal:
        Cadence(**arguments)
    assert refusal.value.field == field


def test_a_step_window_narrows_the_cadence_hours_for_that_step_only():
    morning_call = Step("call", window=(time(9), time(11)))
    cadence = Cadence("Mornings", [morning_call, Step("task")], Schedule(holidays="US"))
    assert cadence.schedule_for(morning_call) == Schedule(
        start=time(9), end=time(11), holidays="US"
    )
    assert cadence.schedule_for(cadence.steps[1]) is cadence.schedule


@pytest.mark.parametrize(("tier", "attempts"), [("small", 5), ("mid", 8), ("enterprise", 12)])
def test_default_cadence_length_follows_the_company_tier(tier, attempts):
    cadence = default_cadence(tier)
    assert len(cadence.steps) == attempts
    assert {step.type for step in cadence.steps} == {"call", "auto_email", "voicemail"}
    assert cadence.steps[0].delay_days == 0
    assert cadence.schedule == Schedule()


@pytest.mark.parametrize("tier", TIERS)
def test_default_emails_render_for_a_contact_with_only_a_company_and_rep(tier):
    minimal = MergeContext(contact={}, company={"name": "Acme"}, rep={"name": "Grace"})
    for step in default_cadence(tier).steps:
        assert required_fields(step.subject) | required_fields(step.body) <= {
            "company.name", "rep.name"
        }  # fmt: skip
        if step.kind.needs_template:
            assert render_text(step.body, minimal).startswith("Hi there,")


def test_default_cadence_ends_its_emails_with_a_break_up():
    emails = [step for step in default_cadence("mid").steps if step.type == "auto_email"]
    assert emails[-1].subject == "Closing the loop"
    assert emails[0].subject != emails[1].subject


def test_an_unknown_tier_is_refused():
    with pytest.raises(CadenceError) as refusal:
        default_cadence("galactic")
    assert refusal.value.field == "tier"
