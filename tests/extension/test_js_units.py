"""Runs the extension's pure-helper unit tests (formatting, message protocol, settings) with
node's built-in test runner. `.ci/run` installs node when missing, so under CI=true a missing
node fails the run instead of skipping."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.ci import need

JS_TESTS = Path(__file__).parent / "js"


def test_extension_helpers_pass_their_node_tests():
    node = shutil.which("node")
    need(node is not None, "node is not installed")
    result = subprocess.run([node, "--test", *sorted(map(str, JS_TESTS.glob("*.test.js")))],
                            check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
