"""Pipeline report: open MRR by stage, weighted forecast and quota coverage for the quarter."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from server.schemas.common import YEARS_MESSAGE
from tests.server.reports.conftest import at, read_csv

NOW = at("2026-11-27 12:00")
URL = "/api/v1/reports/pipeline"


@pytest.fixture
def pipeline(make, people):
    p = people
    for owner, stage, mrr, extra in [
        (p.alice, "appointment", 1000, {}),
        (p.alice, "proposal", 2000, {"confidence": 50}),
        (p.alice, "negotiation", 3000, {"close_date": date(2027, 2, 1)}),  # next quarter
        (p.alice, "demo", 500, {"close_date": date(2026, 12, 15)}),
        (p.alice, "won", 4000, {"closed_at": at("2026-10-01 03:00")}),  # Sep 30 in New York
        (p.alice, "won", 6000, {"closed_at": at("2026-11-05 15:00")}),
        (p.alice, "lost", 9999, {"closed_at": at("2026-11-05 15:00")}),
        (p.bob, "qualified", 15000, {}),
        (p.dave, "qualified", 800, {}),  # deactivated rep: team total only
        (p.wes, "proposal", 7000, {}),   # other team
    ]:
        make.deal(owner=owner, stage=stage, mrr=mrr, **extra)
    return p


def _rep(report, name):
    return next(rep for rep in report["reps"] if rep["name"] == name)


@time_machine.travel(NOW, tick=False)
def test_rep_pipeline_coverage_and_forecast(as_user, pipeline):
    report = as_user(pipeline.manager).get(URL).get_json()
    assert (report["quarter"], report["from"], report["to"]) == ("2026-Q4", "2026-10-01", "2026-12-31")
    alice = _rep(report, "Alice")
    assert alice["open_by_stage"] == {"appointment": {"deals": 1, "mrr": 1000.0},
                                      "demo": {"deals": 1, "mrr": 500.0},
                                      "proposal": {"deals": 1, "mrr": 2000.0}}
    assert {k: alice[k] for k in ("open_mrr", "weighted_open_mrr", "won_mrr", "forecast_mrr", "quota",
                                  "remaining_quota", "coverage", "forecast_attainment")} == {
        "open_mrr": 3500.0, "weighted_open_mrr": 1300.0, "won_mrr": 6000.0, "forecast_mrr": 7300.0,
        "quota": 30000.0, "remaining_quota": 24000.0, "coverage": 0.15, "forecast_attainment": 0.243}
    bob, carol = _rep(report, "Bob"), _rep(report, "Carol")
    assert (bob["coverage"], bob["weighted_open_mrr"]) == (1.0, 3750.0)
    assert (carol["open_mrr"], carol["coverage"], carol["open_by_stage"]) == (0.0, 0.0, {})


@time_machine.travel(NOW, tick=False)
def test_team_total_counts_departed_reps_deals(as_user, pipeline):
    team = as_user(pipeline.manager).get(URL).get_json()["team_total"]
    assert {k: team[k] for k in ("open_mrr", "weighted_open_mrr", "won_mrr", "quota", "coverage")} == {
        "open_mrr": 19300.0, "weighted_open_mrr": 5250.0, "won_mrr": 6000.0, "quota": 60000.0,
        "coverage": 0.36}


@time_machine.travel(NOW, tick=False)
def test_earlier_quarter_uses_the_team_zone(as_user, pipeline):
    report = as_user(pipeline.manager).get(URL + "?quarter=2026-Q3").get_json()
    assert _rep(report, "Alice")["won_mrr"] == 4000.0
    assert as_user(pipeline.manager).get(URL + "?quarter=2026-5").status_code == 422


@pytest.mark.parametrize("quarter", ["0000-Q1", "9999-Q4", "1899-Q4", "2200-Q1"])
def test_a_quarter_outside_our_years_is_refused(as_user, pipeline, quarter):
    response = as_user(pipeline.manager).get(URL, query_string={"quarter": quarter})
    assert response.get_json()["error"]["fields"] == {"quarter": [YEARS_MESSAGE]}


@time_machine.travel(NOW, tick=False)
def test_pipeline_csv(as_user, pipeline):
    rows = read_csv(as_user(pipeline.manager).get(URL + "?format=csv"))
    assert [(r["rep"], r["proposal_mrr"], r["coverage"]) for r in rows] == [
        ("Alice", "2000.0", "0.15"), ("Bob", "0", "1.0"), ("Carol", "0", "0.0"), ("team", "2000.0", "0.36")]
