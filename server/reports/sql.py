"""Two small SQL helpers that differ by dialect: seconds between timestamps, and medians."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, and_, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class seconds_between(FunctionElement):
    """``later - earlier`` in seconds, as a float."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element, compiler, **kw):
    earlier, later = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element, compiler, **kw):
    earlier, later = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"


def median_by(source: Any, group_col: str, value_col: str) -> Any:
    """Median of ``value_col`` per ``group_col`` of a subquery, with window functions only.

    Works on SQLite (no percentile functions there): the middle row, or the mean of the
    two middle rows.
    """
    group, value = source.c[group_col], source.c[value_col]
    ranked = select(
        group.label("grp"), value.label("val"),
        func.row_number().over(partition_by=group, order_by=value).label("rn"),
        func.count().over(partition_by=group).label("n"),
    ).where(value.is_not(None)).subquery()
    middle = and_(ranked.c.rn * 2 >= ranked.c.n, ranked.c.rn * 2 <= ranked.c.n + 2)
    return (select(ranked.c.grp, func.avg(ranked.c.val).label("median"))
            .where(middle).group_by(ranked.c.grp))
