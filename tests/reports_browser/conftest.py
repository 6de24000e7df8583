"""The dashboard in a real Chromium: the demo team on a live server, the demo manager signed in.

Chromium runs in a thread of its own (tests/browser_thread.py). Outside CI the tests skip when
/usr/bin/chromium is missing; under CI=true they fail.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from server.extensions import db
from server.services.demo import seed_demo
from tests.browser_thread import BrowserThread, browser_thread, collect_errors
from tests.databases import sqlite_app
from tests.server.live_server import serving

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The app on SQLite with the demo team seeded; yields (base URL, demo manager row)."""
    with sqlite_app(tmp_path_factory.mktemp("dashboard")) as app:
        with app.app_context():
            rows = seed_demo(seed=42)
            db.session.remove()
        manager = next(row for row in rows if row["role"] == "manager")
        with serving(app) as url:
            yield url, manager


class Tab:
    """One page in a desktop-sized window that accepts downloads; ``call(fn)`` runs ``fn(page)``
    on the browser thread."""

    def __init__(self, browser: BrowserThread) -> None:
        self.browser, self.console_errors = browser, []
        browser.call(self._open)

    def _open(self) -> None:
        context = self.browser.chromium.new_context(viewport={"width": 1366, "height": 900},
                                                    accept_downloads=True)
        self.page = context.new_page()
        collect_errors(self.page, self.console_errors)

    def call(self, fn: Callable[[Any], Any]) -> Any:
        return self.browser.call(fn, self.page)


@pytest.fixture(scope="module")
def browser() -> Iterator[Tab]:
    with browser_thread("dashboard-browser") as opened:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        yield Tab(opened)


@pytest.fixture(scope="module")
def api(demo_server):
    """GET a report from the JSON API with the demo manager's token."""
    url, manager = demo_server

    def get(path: str) -> dict[str, Any]:
        request = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {manager['token']}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    return get
