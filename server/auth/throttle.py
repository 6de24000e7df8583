"""Slows password guessing: too many failed sign-ins from one address in a window → 429."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from typing import Callable


class FailedSignIns:
    """Remembers failed sign-ins per key (the client address) for ``window_s`` seconds.

    Kept in process memory: with several gunicorn workers each counts its own share, which
    still bounds guessing to ``limit`` × workers attempts per window.
    """

    def __init__(self, limit: int = 5, window_s: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self.failures: dict[str, deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        times, horizon = self.failures[key], self.clock() - self.window_s
        while times and times[0] < horizon:
            times.popleft()
        return times

    def blocked(self, key: str) -> bool:
        with self.lock:
            return len(self._recent(key)) >= self.limit

    def record_failure(self, key: str) -> None:
        with self.lock:
            self._recent(key).append(self.clock())
