"""Fetching records named in a request, with the errors a client can act on."""

from __future__ import annotations

from typing import TypeVar

from server.errors import fail
from server.extensions import db
from server.models import User

T = TypeVar("T")


def record_or_404(model: type[T], record_id: int, field: str | None = None) -> T:
    """The record, or 404 (or 422 naming ``field`` when the id came from the request body)."""
    record = db.session.get(model, record_id)
    if record is None:
        label = model.__name__.lower()
        if field:
            fail(422, f"There is no {label} with id {record_id}.",
                 fields={field: [f"Unknown {label}."]})
        fail(404, f"There is no {label} with id {record_id}.")
    return record


def owner_or_422(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        fail(422, f"There is no active user with id {user_id}.", fields={"owner_id": ["Unknown user."]})
    return user
