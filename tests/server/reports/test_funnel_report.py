"""Funnel report: distinct leads per step, conversions, team median, weakest step, comparison."""

from __future__ import annotations

import pytest

from tests.server.reports.conftest import at, read_csv

URL = "/api/v1/reports/funnel?from=2026-11-01&to=2026-11-26"


@pytest.fixture
def funnel(make, people):
    p = people

    def touch(rep, contact, when, kind="call", outcome="no_answer"):
        make.activity(rep, type=kind, outcome=outcome, occurred_at=at(when),
                      contact_id=contact.id if contact else None)

    a = [make.contact(owner=p.alice) for _ in range(4)]
    touch(p.alice, a[0], "2026-11-03 15:00", outcome="connected")
    touch(p.alice, a[0], "2026-11-04 15:00", outcome="connected")  # same lead again
    touch(p.alice, a[0], "2026-11-05 15:00", kind="demo", outcome="held")
    touch(p.alice, a[1], "2026-11-03 16:00", kind="connect", outcome=None)
    touch(p.alice, a[2], "2026-11-03 17:00", kind="email", outcome="sent")
    touch(p.alice, a[3], "2026-11-01 03:30")  # Oct 31, 23:30 in New York
    touch(p.alice, a[3], "2026-11-05 15:00")
    make.deal(owner=p.alice, stage="won", mrr=1000, closed_at=at("2026-11-20 15:00"))
    for contact in [make.contact(owner=p.alice) for _ in range(2)]:
        touch(p.alice, contact, "2026-10-15 15:00")
    b = [make.contact(owner=p.bob) for _ in range(6)]
    for i, contact in enumerate(b):
        touch(p.bob, contact, "2026-11-10 15:00", outcome="connected" if i < 3 else "no_answer")
    touch(p.bob, None, "2026-11-10 16:00")  # no contact: still one lead worked
    touch(p.bob, b[0], "2026-11-10 17:00", kind="note", outcome=None)  # notes are not touches
    return p


def _rep(report, name):
    return next(rep for rep in report["reps"] if rep["name"] == name)


def test_steps_count_distinct_leads_and_conversions(as_user, funnel):
    report = as_user(funnel.manager).get(URL).get_json()
    alice = _rep(report, "Alice")
    assert {k: alice[k] for k in ("leads_worked", "connected", "demos", "won")} == \
        {"leads_worked": 4, "connected": 2, "demos": 1, "won": 1}
    assert (alice["connect_rate"], alice["demo_rate"], alice["win_rate"]) == (0.5, 0.5, 1.0)
    bob = _rep(report, "Bob")
    assert (bob["leads_worked"], bob["connected"], bob["demos"], bob["demo_rate"], bob["win_rate"]) == \
        (7, 3, 0, 0.0, None)
    assert report["team_median"] == {"leads_worked": 4, "connected": 2, "demos": 0, "won": 0,
                                     "connect_rate": 0.465, "demo_rate": 0.25, "win_rate": 1.0}  # (0.5 + 3/7) / 2


def test_weakest_step_is_flagged_with_the_books_prompt(as_user, funnel):
    report = as_user(funnel.manager).get(URL).get_json()
    assert _rep(report, "Alice")["weakest"] is None
    bob = _rep(report, "Bob")["weakest"]
    assert (bob["step"], bob["value"], bob["team_median"], bob["ratio"]) == ("demo_rate", 0.0, 0.25, 0.0)
    assert "personalization" in bob["prompt"]
    carol = _rep(report, "Carol")["weakest"]
    assert (carol["step"], carol["value"], carol["team_median"]) == ("leads_worked", 0, 4)
    assert "time management" in carol["prompt"]


def test_comparison_period_measures_coaching(as_user, funnel):
    report = as_user(funnel.manager).get(URL + "&compare_from=2026-10-01&compare_to=2026-10-31").get_json()
    alice = _rep(report, "Alice")
    assert (alice["compare"]["leads_worked"], alice["change"]["leads_worked"]) == (3, 1)
    assert (alice["compare"]["connect_rate"], alice["change"]["connect_rate"]) == (0.0, 0.5)
    assert alice["change"]["demo_rate"] is None  # nothing connected in October: no rate
    assert report["compare"]["from"] == "2026-10-01"


def test_compare_needs_both_ends(as_user, funnel):
    assert as_user(funnel.manager).get(URL + "&compare_from=2026-10-01").status_code == 422


def test_funnel_csv_ends_with_the_team_median(as_user, funnel):
    rows = read_csv(as_user(funnel.manager).get(URL + "&format=csv"))
    assert [(r["rep"], r["leads_worked"], r["weakest_step"]) for r in rows] == [
        ("Alice", "4", ""), ("Bob", "7", "demo_rate"), ("Carol", "0", "leads_worked"), ("team median", "4", "")]
