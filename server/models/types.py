"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

# Every integer column, ids included, is an INTEGER: 32 bits on PostgreSQL (64 on SQLite). A
# wider value fails in the database or the driver, a 500, so input is checked against these.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
OUT_OF_RANGE = f"Must be between {INT_MIN} and {INT_MAX}."


def storable_text(text: str) -> str:
    """``text`` as PostgreSQL's text and jsonb hold it: without NUL, lone surrogates as '?'.

    For text from outside that is kept rather than refused (a page view, an inbound email).
    """
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def fits_integer(number: int) -> bool:
    """Whether an INTEGER column holds ``number``."""
    return INT_MIN <= number <= INT_MAX


def storable_int(text: str) -> int:
    """``text`` as an integer an INTEGER column holds; ValueError otherwise."""
    number = int(text)
    if not fits_integer(number):
        raise ValueError(f"{text} is out of an INTEGER's range")
    return number


@lru_cache(maxsize=4096)
def _sqlite_utc_text(value: datetime) -> str:
    """SQLite's text for a UTC time, remembered: an event's time is written five times or more
    (the event, then its contact's and its company's score rows), and a lookup costs a tenth
    of the formatting."""
    return value.isoformat(" ", "microseconds")[:-6]  # without "+00:00"


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Sidekick stores aware UTC datetimes only")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def bind_processor(self, dialect: Any) -> Callable[[datetime | None], Any]:
        """On SQLite, the text SQLAlchemy's DATETIME stores, written in one step.

        An ingested batch binds thousands of datetimes; going through ``process_bind_param``
        and then DATETIME's ``%`` formatting took a twentieth of the batch.
        """
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        process_param = self.process_bind_param

        def process(value: datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is timezone.utc:  # nearly every value: skip the conversion
                return _sqlite_utc_text(value)
            return process_param(value, dialect).isoformat(" ", "microseconds")
        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Callable[[Any], datetime | None] | None:
        """On SQLite, the stored text read in one step, for the same reason.

        The text is naive UTC: parsed with "+00:00" appended, it comes out aware, five times
        faster than ``replace(tzinfo=...)`` after parsing.
        """
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        process_value = self.process_result_value

        def process(value: str | None) -> datetime | None:
            if value is None:
                return None
            try:
                return datetime.fromisoformat(value + "+00:00")
            except ValueError:  # text with an offset of its own
                return process_value(datetime.fromisoformat(value), dialect)
        return process

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class JSONType(TypeDecorator):
    """JSON documents: JSONB on PostgreSQL (indexable), JSON text on SQLite."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Any):
        return dialect.type_descriptor(JSONB() if dialect.name == "postgresql" else JSON())


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
