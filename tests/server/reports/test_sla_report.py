"""SLA report: first touch within the hour, median time to first touch, attempts vs target."""

from __future__ import annotations

import pytest
import time_machine

from tests.server.reports.conftest import at, read_csv

NOW = "2026-11-27 12:00"
URL = "/api/v1/reports/sla?from=2026-11-01&to=2026-11-27"


@pytest.fixture
def sql_leads(make, people, make_event):
    p = people

    def lead(owner, sql_at, tier=None, request=None, touches=()):
        company = make.company(size_tier=tier)
        contact = make.contact(company=company, owner=owner, lifecycle_stage="sql", sql_at=at(sql_at))
        if request:  # a demo request or free-trial sign-up makes the SQL high priority
            make_event(contact, request, sql_at)
        for when, kind in touches:
            make.activity(owner, type=kind, contact_id=contact.id, occurred_at=at(when))
        return contact

    calls = [(f"2026-11-12 15:{m:02d}", "call") for m in range(7)]
    return {
        "c1": lead(p.alice, "2026-11-10 14:00", "small", touches=[
            ("2026-11-10 14:30", "call"), ("2026-11-11 14:00", "call"), ("2026-11-12 14:00", "email")]),
        "c2": lead(p.alice, "2026-11-11 14:00", "enterprise", "demo_request", touches=[("2026-11-11 16:00", "call")]),
        "c3": lead(p.alice, "2026-11-12 14:00", "mid", touches=[
            ("2026-11-12 13:00", "email"), ("2026-11-12 14:01", "note"), ("2026-11-12 14:10", "call"), *calls]),
        "c4": lead(p.alice, "2026-11-26 09:00", None, "free_trial_signup"),
        "c5": lead(p.alice, "2026-11-27 11:30"),                       # inside its hour: pending
        "c6": lead(p.bob, "2026-10-30 14:00", "small", "demo_request"),   # before the range, never touched
        "c7": lead(p.dave, "2026-11-10 14:00", "small"),               # deactivated rep
        "c8": lead(p.alice, "2026-11-01 03:00", "small", touches=[("2026-11-01 03:10", "call")]),  # Oct 31 EDT
    }


def _rep(report, name):
    return next(rep for rep in report["reps"] if rep["name"] == name)


@time_machine.travel(at(NOW), tick=False)
def test_sla_figures_per_rep(as_user, people, sql_leads):
    report = as_user(people.manager).get(URL).get_json()
    assert _rep(report, "Alice") == {
        "id": people.alice.id, "name": "Alice", "sqls_received": 5, "touched_within_1h": 2,
        "pending_within_1h": 1, "untouched": 2, "pct_within_1h": 50.0,
        "median_minutes_to_first_touch": 30.0, "attempts_made": 3 + 1 + 8, "attempts_target": 5 + 12 + 8 + 5 + 5,
        "sqls_below_attempt_target": 4}
    bob = _rep(report, "Bob")
    assert (bob["sqls_received"], bob["pct_within_1h"], bob["median_minutes_to_first_touch"]) == (0, None, None)
    assert [rep["name"] for rep in report["reps"]] == ["Alice", "Bob", "Carol"]


@time_machine.travel(at(NOW), tick=False)
def test_missed_high_priority_sqls_are_listed_with_age(as_user, people, sql_leads):
    missed = as_user(people.manager).get(URL).get_json()["missed_high_priority"]
    assert [(m["contact_id"], m["status"], m["age_hours"]) for m in missed] == [
        (sql_leads["c6"].id, "untouched", 28 * 24 - 2.0),
        (sql_leads["c2"].id, "late", 16 * 24 - 2.0),
        (sql_leads["c4"].id, "untouched", 27.0)]
    assert missed[0]["owner"] == "Bob"


@time_machine.travel(at(NOW), tick=False)
def test_rep_sees_own_sla_only(as_user, people, sql_leads):
    report = as_user(people.alice).get(URL).get_json()
    assert [rep["name"] for rep in report["reps"]] == ["Alice"]
    assert {m["owner"] for m in report["missed_high_priority"]} == {"Alice"}


@time_machine.travel(at(NOW), tick=False)
def test_sla_csv(as_user, people, sql_leads):
    rows = read_csv(as_user(people.manager).get(URL + "&format=csv"))
    assert [(r["rep"], r["sqls_received"], r["pct_within_1h"]) for r in rows] == [
        ("Alice", "5", "50.0"), ("Bob", "0", ""), ("Carol", "0", "")]
