"""Who may see which report: managers their team, reps themselves, admins everyone."""

from __future__ import annotations

import pytest

TEAM_REPORTS = ["activity", "sla", "funnel", "pipeline", "marketing-sla"]
# (actor, query, expected status); query placeholders are filled from the `people` fixture.
CASES = [
    ("alice", "", 200), ("alice", "rep_id={alice}", 200), ("alice", "rep_id={bob}", 403),
    ("alice", "team_id={east}", 403), ("alice", "team_id={west}", 403), ("dave", "", 401),
    ("manager", "", 200), ("manager", "team_id={east}", 200), ("manager", "rep_id={alice}", 200),
    ("manager", "rep_id={dave}", 200), ("manager", "team_id={west}", 403), ("manager", "rep_id={wes}", 403),
    ("admin", "", 200), ("admin", "team_id={west}", 200), ("admin", "rep_id={wes}", 200),
    ("manager", "team_id=999", 404), ("manager", "rep_id=999", 404),
]


def _ids(people):
    return {name: getattr(people, name).id for name in ("alice", "bob", "dave", "wes", "east", "west")}


@pytest.mark.parametrize("report", TEAM_REPORTS)
@pytest.mark.parametrize("actor,query,status", CASES, ids=[f"{a}-{q or 'default'}" for a, q, _ in CASES])
def test_report_access(as_user, people, report, actor, query, status):
    response = as_user(getattr(people, actor)).get(f"/api/v1/reports/{report}?{query.format(**_ids(people))}")
    assert response.status_code == status, response.get_json()
    if status == 403:
        assert response.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("report", TEAM_REPORTS)
def test_rep_sees_only_own_row_and_manager_the_active_team(as_user, people, report):
    rep_rows = as_user(people.alice).get(f"/api/v1/reports/{report}").get_json().get("reps")
    manager_rows = as_user(people.manager).get(f"/api/v1/reports/{report}").get_json().get("reps")
    if rep_rows is not None:
        assert [row["name"] for row in rep_rows] == ["Alice"]
        assert [row["name"] for row in manager_rows] == ["Alice", "Bob", "Carol"]


@pytest.mark.parametrize("report", [*TEAM_REPORTS, "me"])
def test_reports_need_a_token(client, people, report):
    assert client.get(f"/api/v1/reports/{report}").status_code == 401


def test_unknown_query_argument_is_422(as_user, people):
    response = as_user(people.manager).get("/api/v1/reports/activity?colour=red")
    assert response.status_code == 422
    assert "colour" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("report", ["activity", "sla", "funnel", "marketing-sla"])
@pytest.mark.parametrize("query,field,message", [
    ("from=1900-01-01", "to", "The range may span at most 731 days."),  # to defaults to today
    ("from=2024-01-01&to=2026-01-01", "to", "The range may span at most 731 days."),
    ("to=2001-01-01", "from", "Must not be after 'to'."),  # from defaults to weeks before today
    ("from=2026-11-02&to=2026-11-01", "from", "Must not be after 'to'."),
])
def test_a_range_is_checked_with_its_defaults_in(as_user, people, report, query, field, message):
    response = as_user(people.manager).get(f"/api/v1/reports/{report}?{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {field: [message]}


def test_a_day_per_column_is_drawn_for_a_year_at_most(as_user, people):
    def days(first, last):
        return as_user(people.manager).get(f"/api/v1/reports/activity?group=day&from={first}&to={last}")

    assert len(days("2025-11-23", "2026-11-23").get_json()["periods"]) == 366
    assert days("2025-11-22", "2026-11-23").get_json()["error"]["fields"] == {
        "to": ["The range may span at most 366 days grouped by day."]}
    weeks = as_user(people.manager).get("/api/v1/reports/activity?group=week&from=2024-11-25&to=2026-11-22")
    assert len(weeks.get_json()["periods"]) == 104  # two years of whole weeks, Monday to Sunday
