"""Marketing SLA (leads delivered, value, goal, speed) and the rep's own month."""

from __future__ import annotations

import pytest
import time_machine

from tests.server.reports.conftest import at, read_csv

NOW = at("2026-11-27 12:00")
MARKETING = "/api/v1/reports/marketing-sla?from=2026-09-01&to=2026-11-30&goal=200"


@pytest.fixture
def delivered(make, people):
    p = people

    def sql(owner, sql_at, tier=None, stage=None, won_at=None, mrr=0):
        company = make.company(size_tier=tier, buyer_stage=stage) if tier else None
        if won_at:
            make.deal(company=company, owner=owner, stage="won", mrr=mrr, closed_at=at(won_at))
        return make.contact(company=company, owner=owner, lifecycle_stage="sql", sql_at=at(sql_at))

    sql(p.alice, "2026-09-10 15:00", "small", "selection", "2026-09-20 15:00", 600)
    sql(p.alice, "2026-10-05 15:00", "small", "selection")
    sql(p.bob, "2026-10-01 03:00", "enterprise", "education", "2026-10-31 03:00", 5000)  # Sep 30 EDT
    sql(p.bob, "2026-11-02 15:00", "enterprise", "education", "2026-11-01 15:00", 900)  # won before SQL
    sql(p.dave, "2026-11-10 15:00", "small", "selection")
    sql(p.wes, "2026-11-10 15:00", "small", "selection", "2026-11-11 15:00", 100)  # other team
    sql(p.alice, "2026-11-12 15:00")  # no company: unknown type
    return p


def test_leads_and_value_per_month_against_the_goal(as_user, delivered):
    report = as_user(delivered.manager).get(MARKETING).get_json()
    # Lead values are the priors (no hand-off history): small/selection 0.15 x 300, enterprise/education 0.04 x 5000.
    assert [(m["start"], m["leads"], m["value"], m["goal_met"]) for m in report["months"]] == [
        ("2026-09-01", 2, 245.0, True), ("2026-10-01", 1, 45.0, False), ("2026-11-01", 3, 245.0, True)]
    assert report["months"][0]["segments"] == [
        {"size_tier": "enterprise", "buyer_stage": "education", "leads": 1, "value": 200.0},
        {"size_tier": "small", "buyer_stage": "selection", "leads": 1, "value": 45.0}]


def test_lead_types_value_and_speed(as_user, delivered):
    report = as_user(delivered.manager).get(MARKETING).get_json()
    types = {(t["size_tier"], t["buyer_stage"]): t for t in report["lead_types"]}
    small = types[("small", "selection")]
    assert (small["leads"], small["wins"], small["conversion"], small["average_mrr"], small["value_per_lead"]) == \
        (3, 1, 0.15, 300.0, 45.0)
    enterprise = types[("enterprise", "education")]
    assert (enterprise["leads"], enterprise["wins"], enterprise["value_per_lead"]) == (2, 1, 200.0)
    assert types[("unknown", "unknown")]["value_per_lead"] == 0.0
    assert [(t["size_tier"], t["median_days_to_win"]) for t in report["fastest"]] == \
        [("small", 10.0), ("enterprise", 30.0)]


def test_marketing_csv_has_segment_and_month_rows(as_user, delivered):
    rows = read_csv(as_user(delivered.manager).get(MARKETING + "&format=csv"))
    totals = [(r["month"], r["leads"], r["goal_met"]) for r in rows if r["size_tier"] == "all"]
    assert totals == [("2026-09", "2", "True"), ("2026-10", "1", "False"), ("2026-11", "3", "True")]


@pytest.fixture
def alice_month(make, people):
    alice = people.alice
    for day in range(10):
        make.activity(alice, type="call", outcome="connected" if day < 2 else "no_answer",
                      occurred_at=at(f"2026-11-{day + 2:02d} 15:00"))
    make.activity(alice, type="demo", occurred_at=at("2026-11-12 15:00"))
    make.activity(alice, type="note", occurred_at=at("2026-11-12 16:00"))
    make.deal(owner=alice, stage="won", mrr=2000, closed_at=at("2026-11-05 15:00"))
    for n in range(40):  # the 90 days before November: her conversion rates
        make.activity(alice, type="call", outcome="connected" if n < 8 else "no_answer",
                      occurred_at=at(f"2026-10-{n % 28 + 1:02d} 15:00"))
    make.activity(alice, type="demo", occurred_at=at("2026-10-20 15:00"))
    make.activity(alice, type="demo", occurred_at=at("2026-09-20 15:00"))
    make.deal(owner=alice, stage="won", mrr=4000, closed_at=at("2026-10-10 15:00"))
    n1 = make.contact(owner=alice, lifecycle_stage="lead")
    make.activity(alice, type="call", contact_id=n1.id, occurred_at=at("2026-11-01 15:00"))
    n2 = make.contact(owner=alice, lifecycle_stage="sql", sql_at=at("2026-11-20 15:00"))
    n3 = make.contact(owner=alice, lifecycle_stage="lead")
    make.activity(alice, type="email", contact_id=n3.id, occurred_at=at("2026-11-20 15:00"))
    make.contact(owner=alice, lifecycle_stage="customer")
    make.contact(owner=alice, lifecycle_stage="lead", do_not_contact=True)
    n6 = make.contact(owner=alice, lifecycle_stage="lead")
    return {"n1": n1, "n2": n2, "n6": n6}


@time_machine.travel(NOW, tick=False)
def test_me_walks_quota_back_through_own_rates(as_user, people, alice_month):
    report = as_user(people.alice).get("/api/v1/reports/me").get_json()
    assert report["so_far"] == {"activities": 10 + 1 + 2,  # calls, demo, two lead touches
                                 "connects": 2, "demos": 1, "wins": 1, "won_mrr": 2000.0}
    assert report["rates"] == {"connects_per_activity": 0.19, "demos_per_connect": 0.25,
                               "wins_per_demo": 0.5, "average_deal_mrr": 4000.0}
    assert report["needed"] == {"wins": 2, "demos": 4, "connects": 16, "activities": 85}
    assert (report["remaining_mrr"], report["days_left"], report["activities_per_day_needed"]) == (8000.0, 4, 22)


@time_machine.travel(NOW, tick=False)
def test_me_lists_neglected_leads_sqls_first(as_user, people, alice_month):
    neglected = as_user(people.alice).get("/api/v1/reports/me").get_json()["neglected_leads"]
    assert [(n["contact_id"], n["days_since_touch"]) for n in neglected] == [
        (alice_month["n2"].id, None), (alice_month["n6"].id, None), (alice_month["n1"].id, 25)]


@time_machine.travel(NOW, tick=False)
def test_me_for_another_rep(as_user, people, alice_month):
    assert as_user(people.manager).get(f"/api/v1/reports/me?rep_id={people.alice.id}").status_code == 200
    assert as_user(people.bob).get(f"/api/v1/reports/me?rep_id={people.alice.id}").status_code == 403
    assert as_user(people.west_manager).get(f"/api/v1/reports/me?rep_id={people.alice.id}").status_code == 403
    rows = read_csv(as_user(people.alice).get("/api/v1/reports/me?format=csv"))
    assert {r["figure"]: r["value"] for r in rows}["needed_activities"] == "85"


@time_machine.travel(NOW, tick=False)
def test_me_without_history_needs_are_unknown(as_user, people):
    report = as_user(people.carol).get("/api/v1/reports/me").get_json()
    assert report["needed"] == {"wins": None, "demos": None, "connects": None, "activities": None}
    assert report["neglected_leads"] == []
