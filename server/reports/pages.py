"""What each dashboard page draws from its report: the charts, built from the same JSON the API returns."""

from __future__ import annotations

from typing import Any, Callable

from markupsafe import Markup

from server.reports.activity import METRICS
from server.reports.charts import bar_chart, line_chart

FUNNEL_BARS = {"leads_worked": "leads_worked", "demo_rate": "demos", "win_rate": "won"}


def activity_charts(data: dict[str, Any], options: dict[str, str]) -> dict[str, Markup]:
    metric = options.get("metric") if options.get("metric") in METRICS else "calls"
    labels = [p["start"] for p in data["periods"]]
    series = [(rep["name"], [p[metric] for p in rep["periods"]]) for rep in data["reps"]]
    series.append(("Team median", [p[metric] for p in data["team_median"]]))
    title = f"{metric.replace('_', ' ').title()} per {data['group']}"
    return {"trend": line_chart(labels, series, title), "metric": metric}


def sla_charts(data: dict[str, Any], options: dict[str, str]) -> dict[str, Markup]:
    items = [(rep["name"], rep["pct_within_1h"]) for rep in data["reps"]]
    late = {rep["name"] for rep in data["reps"] if rep["pct_within_1h"] is not None and rep["pct_within_1h"] < 100}
    return {"within": bar_chart(items, "SQLs touched within the hour (%)", highlight=late, unit="%", marker=100)}


def funnel_charts(data: dict[str, Any], options: dict[str, str]) -> dict[str, Markup]:
    charts = {}
    for rep in data["reps"]:
        weakest = rep["weakest"]["step"] if rep["weakest"] else None
        items = [(step, rep[step]) for step in data["steps"]]
        charts[rep["id"]] = bar_chart(items, f"Funnel of {rep['name']}", width=420,
                                      highlight={FUNNEL_BARS[weakest]} if weakest else set())
    return {"per_rep": charts}


def pipeline_charts(data: dict[str, Any], options: dict[str, str]) -> dict[str, Markup]:
    items = [(rep["name"], rep["coverage"]) for rep in data["reps"]]
    items.append(("Team", data["team_total"]["coverage"]))
    short = {name for name, value in items if value is not None and value < 1}
    return {"coverage": bar_chart(items, "Pipeline coverage of remaining quota", highlight=short,
                                  marker=1, unit="×")}


def marketing_charts(data: dict[str, Any], options: dict[str, str]) -> dict[str, Markup]:
    items = [(m["start"][:7], m["value"]) for m in data["months"]]
    missed = {m["start"][:7] for m in data["months"] if m["goal_met"] is False}
    return {"value": bar_chart(items, "Lead value delivered per month (MRR)", highlight=missed,
                               marker=data["goal"])}


def me_charts(data: dict[str, Any], options: dict[str, str]) -> dict[str, Markup]:
    items = []
    for step in ("activities", "connects", "demos", "wins"):
        items += [(f"{step} so far", data["so_far"][step]), (f"{step} still needed", data["needed"][step])]
    return {"progress": bar_chart(items, "This month: done and still needed",
                                  highlight={label for label, _ in items if "needed" in label})}


CHARTS: dict[str, Callable[[dict[str, Any], dict[str, str]], dict[str, Any]]] = {
    "activity": activity_charts, "sla": sla_charts, "funnel": funnel_charts,
    "pipeline": pipeline_charts, "marketing-sla": marketing_charts, "me": me_charts,
}
