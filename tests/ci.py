"""What the suite needs from the machine: outside CI a missing piece skips its tests, under
CI=true it fails them, so CI never passes by skipping."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI") == "true"


def need(condition: bool, reason: str) -> None:
    """Skip outside CI, fail under CI=true, unless ``condition`` holds."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)
