"""Manager reports as JSON or CSV (``?format=csv``): activity, SLA, funnel, pipeline, marketing SLA, me."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE

from server.api import resource_blueprint
from server.auth import current_user
from server.reports.csv_export import csv_response
from server.reports.registry import REPORTS, run_report

blp = resource_blueprint("reports", __name__, url_prefix="/reports",
                         description="Activity, SLA, funnel, pipeline and marketing reports.")


def answer(name: str, args: dict[str, Any]):
    """The report as JSON, or as a CSV download when ``format=csv``."""
    data = run_report(name, current_user(), args)
    if args["format"] == "csv":
        header, rows = REPORTS[name].table(data)
        return csv_response(header, rows, f"{name}-report.csv")
    return data


def _route(name: str, path: str, summary: str) -> None:
    report = REPORTS[name]

    @blp.arguments(report.args, location="query", as_kwargs=False, unknown=RAISE)
    @blp.response(200, description=summary)
    @blp.alt_response(200, content_type="text/csv", success=True, description="with format=csv")
    def view(args):
        return answer(name, args)

    view.__name__ = view.__qualname__ = f"{name.replace('-', '_')}_report"
    view.__doc__ = summary
    blp.route(path, endpoint=view.__name__, methods=["GET"])(view)


_route("activity", "/activity", "Per rep and period: calls, connects, emails, meetings, demos, wins, new MRR.")
_route("sla", "/sla", "Per rep: SQLs received, % touched within the hour, median time to first touch, "
       "attempts vs target; missed high-priority SQLs.")
_route("funnel", "/funnel", "Per rep: leads worked, connected, demos, won and conversions vs the team "
       "median; the weakest step with its coaching prompt; optional comparison period.")
_route("pipeline", "/pipeline", "Open MRR by stage, weighted forecast and coverage of the quarter's "
       "remaining quota, per rep and team.")
_route("marketing-sla", "/marketing-sla", "SQLs delivered per month by size tier and buyer stage, their "
       "value vs the monthly goal, and which lead types move fastest.")
_route("me", "/me", "The rep's month so far vs the activity quota needs at their own conversion "
       "rates; neglected leads.")
