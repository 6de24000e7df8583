"""Runs the extension's pure-helper unit tests (formatting, message protocol, settings) with
node's built-in test runner. Node is not part of CI's fresh-machine set-up, so these skip
without it (the browser tests cover the same code end to end)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

JS_TESTS = Path(__file__).parent / "js"


def test_extension_helpers_pass_their_node_tests():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run([node, "--test", *sorted(map(str, JS_TESTS.glob("*.test.js")))],
                            check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
