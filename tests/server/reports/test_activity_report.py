"""Activity report: counts per rep and week in the team's zone, medians, previous period."""

from __future__ import annotations

import pytest

from tests.server.reports.conftest import at, read_csv

URL = "/api/v1/reports/activity?from=2026-11-09&to=2026-11-22&group=week"


@pytest.fixture
def activity_log(make, people):
    p = people
    for rep, when, kind, outcome in [
        (p.alice, "2026-11-03 15:00", "call", "no_answer"),   # previous week (Nov 2-8)
        (p.alice, "2026-11-03 16:00", "call", "connected"),
        (p.alice, "2026-11-10 14:00", "call", "connected"),
        (p.alice, "2026-11-10 14:05", "call", "no_answer"),
        (p.alice, "2026-11-11 15:00", "voicemail", "left"),
        (p.alice, "2026-11-12 15:00", "email", "sent"),
        (p.alice, "2026-11-16 04:59", "call", "no_answer"),   # Sun Nov 15 23:59 in New York
        (p.alice, "2026-11-16 05:00", "meeting", "booked"),   # Mon Nov 16 00:00 in New York
        (p.alice, "2026-11-17 15:00", "demo", "held"),
        (p.alice, "2026-11-18 15:00", "note", None),
        (p.alice, "2026-11-23 05:00", "call", "no_answer"),   # Mon Nov 23: outside the range
        (p.bob, "2026-11-10 15:00", "call", "connected"),
        (p.bob, "2026-11-10 15:10", "connect", None),
        (p.bob, "2026-11-20 15:00", "email", "sent"),
        (p.bob, "2026-11-20 15:01", "email", "sent"),
        (p.dave, "2026-11-10 15:00", "call", "no_answer"),    # deactivated: totals only
        (p.dave, "2026-11-10 15:01", "call", "no_answer"),
        (p.dave, "2026-11-10 15:02", "call", "connected"),
        (p.wes, "2026-11-10 15:00", "call", "connected"),     # other team: nowhere
    ]:
        make.activity(rep, type=kind, outcome=outcome, occurred_at=at(when))
    make.deal(owner=p.alice, stage="won", mrr=1500, closed_at=at("2026-11-18 15:00"))
    make.deal(owner=p.alice, stage="won", mrr=500, closed_at=at("2026-11-23 04:00"))  # Nov 22 EST
    make.deal(owner=p.alice, stage="lost", mrr=900, closed_at=at("2026-11-18 15:00"))
    make.deal(owner=p.bob, stage="proposal", mrr=700)
    return p


def _rep(report, name):
    return next(rep for rep in report["reps"] if rep["name"] == name)


def test_weeks_follow_the_team_zone_and_skip_notes(as_user, activity_log):
    report = as_user(activity_log.manager).get(URL).get_json()
    assert report["periods"] == [{"start": "2026-11-09", "end": "2026-11-15"},
                                 {"start": "2026-11-16", "end": "2026-11-22"}]
    assert report["timezone"] == "America/New_York"
    week1, week2 = _rep(report, "Alice")["periods"]
    assert {k: week1[k] for k in ("calls", "connects", "voicemails", "emails", "meetings", "demos")} == \
        {"calls": 3, "connects": 1, "voicemails": 1, "emails": 1, "meetings": 0, "demos": 0}
    assert (week1["deals_won"], week1["new_mrr"]) == (0, 0)
    assert {k: week2[k] for k in ("calls", "meetings", "demos", "deals_won", "new_mrr")} == \
        {"calls": 0, "meetings": 1, "demos": 1, "deals_won": 2, "new_mrr": 2000.0}


def test_previous_period_and_change_come_from_the_week_before(as_user, activity_log):
    week1 = _rep(as_user(activity_log.manager).get(URL).get_json(), "Alice")["periods"][0]
    assert (week1["previous"]["calls"], week1["previous"]["connects"]) == (2, 1)
    assert (week1["change"]["calls"], week1["change_pct"]["calls"]) == (1, 50.0)
    assert (week1["change"]["emails"], week1["change_pct"]["emails"]) == (1, None)


def test_rep_without_activity_gets_zeros_and_deactivated_rep_has_no_row(as_user, activity_log):
    report = as_user(activity_log.manager).get(URL).get_json()
    assert [rep["name"] for rep in report["reps"]] == ["Alice", "Bob", "Carol"]
    carol = _rep(report, "Carol")
    assert all(p[m] == 0 for p in carol["periods"] for m in ("calls", "emails", "new_mrr"))


def test_team_median_is_over_shown_reps_and_total_keeps_departed_reps(as_user, activity_log):
    report = as_user(activity_log.manager).get(URL).get_json()
    median1, median2 = report["team_median"]
    assert (median1["calls"], median1["connects"], median1["emails"]) == (1, 1, 0)
    assert (median2["emails"], median2["new_mrr"]) == (0, 0)
    total1, total2 = report["team_total"]
    assert (total1["calls"], total1["connects"]) == (3 + 1 + 3, 1 + 2 + 1)  # Alice, Bob, Dave
    assert (total2["emails"], total2["new_mrr"]) == (2, 2000.0)


def test_empty_period_in_the_past_is_all_zeros(as_user, activity_log):
    report = as_user(activity_log.manager).get(
        "/api/v1/reports/activity?from=2026-06-01&to=2026-06-07&group=day").get_json()
    assert len(report["periods"]) == 7
    assert all(row["calls"] == 0 for row in report["team_total"])
    assert [m["calls"] for m in report["team_median"]] == [0] * 7


def test_day_and_month_groups(as_user, activity_log):
    days = as_user(activity_log.manager).get(
        "/api/v1/reports/activity?from=2026-11-15&to=2026-11-16&group=day").get_json()
    alice = _rep(days, "Alice")["periods"]
    assert [(p["start"], p["calls"], p["meetings"]) for p in alice] == \
        [("2026-11-15", 1, 0), ("2026-11-16", 0, 1)]
    months = as_user(activity_log.manager).get(
        "/api/v1/reports/activity?from=2026-11-01&to=2026-11-30&group=month").get_json()
    (november,) = _rep(months, "Alice")["periods"]
    assert (november["calls"], november["previous"]["calls"]) == (6, 0)


def test_opens_and_replies_count_human_events_for_the_sender_or_owner(as_user, make, make_event, activity_log):
    p = activity_log
    lead = make.contact(owner=p.bob)
    sent = make.activity(p.alice, type="email", contact_id=lead.id, occurred_at=at("2026-11-10 12:00"))
    make_event(lead, "email_open", "2026-11-10 12:30", activity=sent)           # Alice sent it
    make_event(lead, "email_open", "2026-11-10 12:00", activity=sent, machine=True)  # scanner
    make_event(lead, "email_reply", "2026-11-16 05:00")                          # no email: owner Bob
    make_event(lead, "website_visit", "2026-11-16 06:00")
    report = as_user(p.manager).get(URL).get_json()
    assert report["not_wired"] == []
    alice, bob = _rep(report, "Alice")["periods"], _rep(report, "Bob")["periods"]
    assert [(w["opens"], w["replies"]) for w in alice] == [(1, 0), (0, 0)]
    assert [(w["opens"], w["replies"]) for w in bob] == [(0, 0), (0, 1)]


def test_csv_has_a_row_per_rep_and_week_plus_team_rows(as_user, activity_log):
    rows = read_csv(as_user(activity_log.manager).get(URL + "&format=csv"))
    assert len(rows) == 3 * 2 + 2 * 2
    alice = [r for r in rows if r["rep"] == "Alice"]
    assert [(r["start"], r["calls"], r["previous_calls"]) for r in alice] == \
        [("2026-11-09", "3", "2"), ("2026-11-16", "0", "3")]
    assert rows[-1]["rep"] == "team total"


def test_bad_ranges_are_422(as_user, people):
    client = as_user(people.manager)
    assert client.get("/api/v1/reports/activity?from=2026-11-10&to=2026-11-01").status_code == 422
    assert client.get("/api/v1/reports/activity?group=year").status_code == 422
    assert client.get("/api/v1/reports/activity?from=2020-01-01&to=2026-01-01").status_code == 422
