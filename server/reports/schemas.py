"""Query arguments of the reports (API and pages share them)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from server.reports.periods import GROUPS
from server.schemas.common import YEARS, YEARS_MESSAGE, Choice, StrictSchema


class ReportArgs(StrictSchema):
    team_id = fields.Integer(load_default=None, metadata={"description": "A team (managers: their own)."})
    rep_id = fields.Integer(load_default=None, metadata={"description": "One rep instead of a team."})
    start = fields.Date(data_key="from", load_default=None,
                        metadata={"description": "First day (team's time zone), YYYY-MM-DD."})
    end = fields.Date(data_key="to", load_default=None,
                      metadata={"description": "Last day, inclusive, YYYY-MM-DD."})
    format = Choice(("json", "csv"), load_default="json", metadata={"description": "json or csv"})


class ActivityArgs(ReportArgs):
    group = Choice(GROUPS, load_default="week", metadata={"description": "day, week or month"})


class FunnelArgs(ReportArgs):
    compare_from = fields.Date(load_default=None, metadata={"description": "Start of a period to compare with."})
    compare_to = fields.Date(load_default=None, metadata={"description": "End of that period."})

    @validates_schema
    def _comparison(self, data, **kwargs):
        first, last = data.get("compare_from"), data.get("compare_to")
        if (first is None) != (last is None):
            raise ValidationError("Give both compare_from and compare_to.", "compare_to")
        if first and last and first > last:
            raise ValidationError("Must not be after compare_to.", "compare_from")


class PipelineArgs(ReportArgs):
    quarter = fields.String(load_default=None, metadata={"description": "e.g. 2026-Q4 (default: current)"})

    @validates_schema
    def _quarter(self, data, **kwargs):
        value = data.get("quarter")
        if value is None:
            return
        year, _, q = value.partition("-Q")
        if not (year.isdigit() and len(year) == 4 and q in {"1", "2", "3", "4"}):
            raise ValidationError("Use the form YYYY-QN, e.g. 2026-Q4.", "quarter")
        if int(year) not in YEARS:
            raise ValidationError(YEARS_MESSAGE, "quarter")


class MarketingArgs(ReportArgs):
    goal = fields.Float(load_default=None, validate=validate.Range(min=0),
                        metadata={"description": "Monthly lead-value goal in MRR (default: config)."})


class MeArgs(StrictSchema):
    rep_id = fields.Integer(load_default=None, metadata={"description": "Managers: one of their reps."})
    format = Choice(("json", "csv"), load_default="json", metadata={"description": "json or csv"})
