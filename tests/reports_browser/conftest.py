"""The dashboard in a real Chromium: the demo team on a live server, the demo manager signed in.

Playwright runs in a thread of its own: the extension tests keep a session-wide
``sync_playwright()`` open on the main thread, and only one may run per thread.
Outside CI the tests skip when /usr/bin/chromium is missing; under CI=true they fail.
"""

from __future__ import annotations

import json
import os
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import pytest
from flask_migrate import upgrade

from server import create_app
from server.config import Config
from server.extensions import db
from server.services.demo import seed_demo
from tests.server.live_server import serving

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path(os.environ.get("SIDEKICK_TEST_CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI") == "true"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The app on SQLite with the demo team seeded; yields (base URL, demo manager row)."""
    folder = tmp_path_factory.mktemp("dashboard")
    app = create_app(Config(ENV="test", SECRET_KEY="dashboard-test", INSTANCE_PATH=str(folder / "instance"),
                            DATABASE_URL=f"sqlite:///{folder / 'demo.db'}"))
    with app.app_context():
        upgrade(revision="heads")
        rows = seed_demo(seed=42)
        db.session.remove()
    manager = next(row for row in rows if row["role"] == "manager")
    with serving(app) as url:
        yield url, manager
    with app.app_context():
        db.engine.dispose()


class Browser:
    """One Chromium page, driven from a dedicated thread; ``call(fn)`` runs ``fn(page)`` there."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dashboard-browser")
        self.console_errors: list[str] = []
        self.pool.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        self.context = self.browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def call(self, fn: Callable[[Any], Any]) -> Any:
        return self.pool.submit(fn, self.page).result()

    def close(self) -> None:
        def stop(_page):
            self.context.close()
            self.browser.close()
            self.playwright.stop()
        self.call(stop)
        self.pool.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened = Browser()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def api(demo_server):
    """GET a report from the JSON API with the demo manager's token."""
    url, manager = demo_server

    def get(path: str) -> dict[str, Any]:
        request = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {manager['token']}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    return get
