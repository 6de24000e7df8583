"""Reports as CSV: flat tables, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from flask import Response

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Numbers stay numbers; text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def csv_response(header: list[str], rows: Iterable[list[Any]], filename: str) -> Response:
    return Response(csv_text(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
