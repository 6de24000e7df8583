"""UTCDateTime: aware UTC in and out, stored on SQLite as the text SQLAlchemy's DATETIME writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.sqlite import DATETIME

from server.models.types import UTCDateTime

SQLITE = sqlite.dialect()
PARIS_WINTER = timezone(timedelta(hours=1))


def _sqlite_text(value: datetime | None) -> str | None:
    return UTCDateTime().bind_processor(SQLITE)(value)


@pytest.mark.parametrize("value", [
    datetime(2026, 11, 27, 13, 59, 58, 123456, tzinfo=PARIS_WINTER),
    datetime(2026, 11, 27, 12, 0, tzinfo=UTC),
    datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
])
def test_sqlite_gets_the_text_sqlalchemys_datetime_stores_for_the_utc_time(value):
    utc = value.astimezone(UTC).replace(tzinfo=None)
    assert _sqlite_text(value) == DATETIME().bind_processor(SQLITE)(utc)


def test_stored_text_sorts_as_the_times_do():
    """12:30 in Paris is 11:30 UTC: stored as local text it would sort after noon UTC."""
    noon, paris = datetime(2026, 11, 27, 12, 0, tzinfo=UTC), datetime(2026, 11, 27, 12, 30, tzinfo=PARIS_WINTER)
    a_microsecond_later = noon + timedelta(microseconds=1)
    assert sorted([a_microsecond_later, noon, paris], key=_sqlite_text) == [paris, noon, a_microsecond_later]


def test_none_stays_none():
    assert _sqlite_text(None) is None


def test_a_naive_datetime_is_refused_on_either_database():
    naive = datetime(2026, 11, 27, 12, 0)
    with pytest.raises(ValueError, match="naive"):
        _sqlite_text(naive)
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().bind_processor(postgresql.dialect())(naive)


@pytest.mark.parametrize("value", [
    datetime(2026, 11, 27, 13, 59, 58, 123456, tzinfo=PARIS_WINTER),
    datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
])
def test_sqlite_reads_back_the_same_instant_in_utc(value):
    read = UTCDateTime().result_processor(SQLITE, None)(_sqlite_text(value))
    assert read == value and read.tzinfo is UTC


def test_text_written_with_an_offset_is_read_as_that_instant():
    read = UTCDateTime().result_processor(SQLITE, None)("2026-11-27 13:00:00+01:00")
    assert read == datetime(2026, 11, 27, 12, 0, tzinfo=UTC) and read.tzinfo is UTC


def test_text_without_microseconds_is_read_as_utc():
    """As SQLite's own CURRENT_TIMESTAMP writes it."""
    read = UTCDateTime().result_processor(SQLITE, None)("2026-11-27 12:00:00")
    assert read == datetime(2026, 11, 27, 12, 0, tzinfo=UTC) and read.tzinfo is UTC
