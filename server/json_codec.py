"""JSON to and from the database, with orjson.

Every ingested batch is written as one JSON document (``pg_bulk``) and reads and writes the
score rows' reasons as JSON: the standard library's encoder and decoder took a tenth of a
batch's time. orjson differs from ``json`` in two corners, which take the standard library so
that every value is kept exactly: it refuses to write integers beyond 64 bits and non-string
keys, and it reads such integers back as floats.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import orjson

# 19 digits in a row may be an integer beyond 64 bits (2**63 has 19 digits).
_LONG_DIGITS = {str: re.compile(r"\d{19}"), bytes: re.compile(rb"\d{19}")}


def dumps(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    """``json.dumps(value, default=default)``, compact; datetimes too go to ``default``."""
    try:
        return orjson.dumps(value, default=default, option=orjson.OPT_PASSTHROUGH_DATETIME).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, default=default)


def loads(document: str | bytes) -> Any:
    """``json.loads(document)``; a document with a long run of digits is read by ``json``."""
    if _LONG_DIGITS[type(document)].search(document):
        return json.loads(document)
    return orjson.loads(document)
