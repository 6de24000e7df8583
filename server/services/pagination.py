"""Keyset pagination by id: ``limit`` + opaque ``cursor``, stable under concurrent inserts."""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import Select

from server.errors import fail
from server.extensions import db
from server.models.types import storable_int


def _encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        if kind != "id":
            raise ValueError(kind)
        return storable_int(value)
    except (ValueError, UnicodeDecodeError):
        fail(422, "The cursor is not one this API gave out.", fields={"cursor": ["Invalid cursor."]})


def paginate(stmt: Select, id_column: Any, *, limit: int, cursor: str | None) -> dict[str, Any]:
    """Run ``stmt`` one page at a time, ordered by ``id_column``."""
    if cursor:
        stmt = stmt.where(id_column > _decode(cursor))
    rows = db.session.scalars(stmt.order_by(id_column).limit(limit + 1)).all()
    more = len(rows) > limit
    items = rows[:limit]
    return {"items": items, "next_cursor": _encode(items[-1].id) if more else None}
