"""The reports, by name: what arguments each takes, how it is built and flattened to CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from flask import current_app
from marshmallow import Schema

from server.errors import fail
from server.models import User
from server.models.types import utcnow
from server.reports import scope as scopes
from server.reports.activity import activity_report, activity_table
from server.reports.funnel import funnel_report, funnel_table
from server.reports.marketing import marketing_report, marketing_table
from server.reports.me import me_report, me_table
from server.reports.periods import default_range
from server.reports.pipeline import parse_quarter, pipeline_report, pipeline_table
from server.reports.schemas import (
    ActivityArgs,
    FunnelArgs,
    MarketingArgs,
    MeArgs,
    PipelineArgs,
    ReportArgs,
)
from server.reports.scope import Scope
from server.reports.sla import sla_report, sla_table

MAX_DAYS = 731  # two years, to compare one with the last
MAX_DAYS_BY_DAY = 366  # a column per day: periods.MAX_PERIODS is the hard stop


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    args: type[Schema]
    build: Callable[[Scope, dict[str, Any], datetime], dict[str, Any]]
    table: Callable[[dict[str, Any]], tuple[list[str], list[list[Any]]]]
    personal: bool = False  # about one rep: the caller unless a manager names rep_id


def date_range(args: dict[str, Any], today: date, group: str) -> tuple[date, date]:
    """The asked range, or the default one ending today in the team's zone.

    Checked once its defaults are in: ``from=1900-01-01`` alone spans to today.
    """
    first, last = default_range(today, group)
    first, last = args.get("start") or first, args.get("end") or last
    longest = MAX_DAYS_BY_DAY if group == "day" else MAX_DAYS
    if first > last:
        fail(422, "The range ends before it starts.", fields={"from": ["Must not be after 'to'."]})
    if (last - first).days >= longest:
        by = " grouped by day" if group == "day" else ""
        message = f"The range may span at most {longest} days{by}."
        fail(422, message, fields={"to": [message]})
    return first, last


def _today(scope: Scope, now: datetime) -> date:
    return now.astimezone(scope.tz).date()


def _activity(scope: Scope, args: dict[str, Any], now: datetime) -> dict[str, Any]:
    first, last = date_range(args, _today(scope, now), args["group"])
    return activity_report(scope, first, last, args["group"])


def _sla(scope: Scope, args: dict[str, Any], now: datetime) -> dict[str, Any]:
    first, last = date_range(args, _today(scope, now), "week")
    return sla_report(scope, first, last, now)


def _funnel(scope: Scope, args: dict[str, Any], now: datetime) -> dict[str, Any]:
    first, last = date_range(args, _today(scope, now), "week")
    compare = (args["compare_from"], args["compare_to"]) if args.get("compare_from") else None
    return funnel_report(scope, first, last, compare)


def _pipeline(scope: Scope, args: dict[str, Any], now: datetime) -> dict[str, Any]:
    quarter = parse_quarter(args["quarter"]) if args.get("quarter") else None
    return pipeline_report(scope, _today(scope, now), quarter)


def _marketing(scope: Scope, args: dict[str, Any], now: datetime) -> dict[str, Any]:
    first, last = date_range(args, _today(scope, now), "month")
    goal = args.get("goal")
    if goal is None:
        goal = float(current_app.config.get("REPORTS_MARKETING_MONTHLY_GOAL") or 0) or None
    return marketing_report(scope, first, last, goal)


def _me(scope: Scope, args: dict[str, Any], now: datetime) -> dict[str, Any]:
    return me_report(scope.subject, scope.tz, now)


REPORTS: dict[str, Report] = {
    report.name: report for report in (
        Report("activity", "Activity", ActivityArgs, _activity, activity_table),
        Report("sla", "Sales SLA", ReportArgs, _sla, sla_table),
        Report("funnel", "Funnel", FunnelArgs, _funnel, funnel_table),
        Report("pipeline", "Pipeline", PipelineArgs, _pipeline, pipeline_table),
        Report("marketing-sla", "Marketing SLA", MarketingArgs, _marketing, marketing_table),
        Report("me", "My month", MeArgs, _me, me_table, personal=True),
    )
}


def run_report(name: str, user: User, args: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """Resolve whose report it is (403/404 via the policy table) and build it."""
    report = REPORTS[name]
    if report.personal:
        scope = scopes.for_rep(user, args.get("rep_id") or user.id)
    else:
        scope = scopes.resolve(user, team_id=args.get("team_id"), rep_id=args.get("rep_id"))
    return report.build(scope, args, now or utcnow())


__all__ = ["REPORTS", "Report", "ReportArgs", "run_report"]
