"""Chromium for the site.js and dashboard browser tests, driven from a thread of its own.

The extension tests keep a session-wide ``sync_playwright()`` open on the main thread and only
one may run per thread, so these suites start Playwright in a dedicated worker thread and hand it
every call. Outside CI they skip when Chromium is missing; under CI=true they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.ci import need

CHROMIUM = Path(os.environ.get("SIDEKICK_TEST_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class BrowserThread:
    """Headless Chromium launched in, and only touched from, one worker thread."""

    def __init__(self, name: str, args: list[str]) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.call(self._start, args)

    def _start(self, args: list[str]) -> None:
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.chromium = self.playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                        headless=True, args=args)

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` on the browser thread and return its result."""
        return self.pool.submit(fn, *args).result()

    def close(self) -> None:
        def stop():
            self.chromium.close()
            self.playwright.stop()
        self.call(stop)
        self.pool.shutdown()


@contextmanager
def browser_thread(name: str, *extra_args: str) -> Iterator[BrowserThread]:
    """Chromium with the common ``ARGS`` plus ``extra_args`` for the length of the block."""
    need(CHROMIUM.exists(), f"no Chromium at {CHROMIUM}")
    opened = BrowserThread(name, [*ARGS, *extra_args])
    try:
        yield opened
    finally:
        opened.close()


def collect_errors(page, errors: list[str]) -> None:
    """Append the page's console errors (with their script's address) and uncaught exceptions
    to ``errors``."""
    def console(message) -> None:
        if message.type == "error":
            errors.append(f"{message.text} ({message.location['url']})")
    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
