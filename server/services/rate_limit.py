"""A small rate limiter for the public tracking endpoints, per site key and client address.

In memory (a token bucket per key) for one process, or Redis (a fixed one-minute window
shared by all workers) when SIDEKICK_REDIS_URL is set.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """``per_minute`` requests a minute, bursts up to ``per_minute``; keys idle long are dropped."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.rate, self.capacity, self.clock, self.max_keys = per_minute / 60.0, float(per_minute), clock, max_keys
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self.lock:
            tokens, last = self.buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if len(self.buckets) >= self.max_keys and key not in self.buckets:
                self.buckets.clear()  # crude but bounded: forget everyone rather than grow
            allowed = tokens >= 1
            self.buckets[key] = (tokens - 1 if allowed else tokens, now)
            return allowed


class RedisWindow:
    """The same limit over Redis, so every gunicorn worker counts together."""

    def __init__(self, url: str, per_minute: int, prefix: str = "sidekick:rl:") -> None:
        import redis

        self.redis, self.limit, self.prefix = redis.Redis.from_url(url), per_minute, prefix

    def allow(self, key: str) -> bool:
        window = int(time.time() // 60)
        name = f"{self.prefix}{key}:{window}"
        pipe = self.redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, 120)
        count, _ = pipe.execute()
        return int(count) <= self.limit


def limiter(config: dict, store: dict) -> TokenBucket | RedisWindow:
    """The app's limiter, made once and kept in ``store`` (``app.extensions``)."""
    if "sidekick_rate_limit" not in store:
        per_minute = int(config["VISIT_RATE_PER_MINUTE"])
        store["sidekick_rate_limit"] = (RedisWindow(config["REDIS_URL"], per_minute)
                                        if config.get("REDIS_URL") else TokenBucket(per_minute))
    return store["sidekick_rate_limit"]
