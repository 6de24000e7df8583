"""JSON written to the database: orjson's speed, json's output where orjson refuses."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from server.json_codec import dumps, dumps_utc

ORDINARY = {"path": "/blog/ünïcode \"quoted\" \\ back", "n": 1.5, "big": 2**63 - 1,
            "tags": ["a", None, True], "nested": {"w": -2}}


def test_an_ordinary_document_reads_back_as_written():
    assert json.loads(dumps(ORDINARY)) == ORDINARY


@pytest.mark.parametrize("value", [2**70, -(2**64), 10**30])
def test_integers_beyond_64_bits_are_kept_exactly(value):
    assert json.loads(dumps({"n": value, "at": [value]})) == {"n": value, "at": [value]}


def test_keys_that_are_not_strings_are_written_as_json_writes_them():
    assert json.loads(dumps({1: "one", None: "none"})) == {"1": "one", "null": "none"}


def test_datetimes_go_to_the_default_and_are_refused_without_one():
    at = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert dumps([at], default=datetime.isoformat) == '["2026-11-27T12:00:00+00:00"]'
    with pytest.raises(TypeError):
        dumps([at])


@pytest.mark.parametrize("big", [1, 2**70])  # orjson writes the first, json the second
def test_dumps_utc_writes_datetimes_in_rfc_3339_and_naive_ones_as_utc(big):
    aware, naive = datetime(2026, 11, 27, 12, 0, 0, 5, tzinfo=UTC), datetime(2026, 11, 27, 13, 0)
    assert json.loads(dumps_utc({"n": big, "at": [aware, naive]})) == {
        "n": big, "at": ["2026-11-27T12:00:00.000005+00:00", "2026-11-27T13:00:00+00:00"]}
