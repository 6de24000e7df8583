"""Configuration: the only module that reads the environment (``SIDEKICK_*`` variables)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

from server import json_codec

ENVIRONMENTS = ("development", "test", "production")


class ConfigError(RuntimeError):
    """Raised at start-up when the environment cannot make a safe configuration."""


@dataclass
class Config:
    """Settings with their defaults; ``from_env`` overlays ``SIDEKICK_<NAME>`` variables."""

    ENV: str = "development"
    INSTANCE_PATH: str = str(Path.cwd() / "instance")
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # default: SQLite file in the instance folder
    REDIS_URL: str | None = None
    PORT: int = 5000
    PUBLIC_URL: str | None = None  # how browsers reach us; default http://127.0.0.1:PORT
    MAX_CONTENT_LENGTH: int = 3 * 1024 * 1024
    MAX_PAGE_SIZE: int = 200
    DEFAULT_PAGE_SIZE: int = 50
    # Size tiers from employee counts (Roberge's buyer matrix): small <= 50 < mid <= 1000 < enterprise.
    TIER_SMALL_MAX: int = 50
    TIER_MID_MAX: int = 1000
    # Outbound mail (cadences).
    SMTP_HOST: str | None = None
    SMTP_PORT: int = 25
    SMTP_USER: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS: bool = False
    MAIL_FROM: str = "sidekick@localhost"
    SMTP_TIMEOUT_S: float = 30.0
    MAIL_DAILY_CAP: int = 500  # cadence emails per rep mailbox per day (rep's time zone)
    MAIL_MIN_GAP_S: float = 30.0  # at least this long between two sends of one mailbox
    # `sidekick run` also runs the cadence worker in a thread every WORKER_INTERVAL_S seconds
    # (never when ENV is "test"); turn it off when a separate `sidekick worker` runs.
    WORKER_EMBEDDED: bool = True
    WORKER_INTERVAL_S: float = 30.0
    # Enrichment crawler: loopback hosts are refused unless a test turns this on.
    CRAWL_ALLOW_LOOPBACK: bool = False
    CRAWL_MAX_PAGES: int = 6
    CRAWL_DEADLINE_S: float = 8.0
    # Background jobs (server/jobs.py): RQ when REDIS_URL is set, else an in-process thread pool.
    JOB_QUEUE: str = "sidekick"
    JOB_ATTEMPTS: int = 3  # a crashed job runs at most this many times in all
    JOB_RETRY_DELAY_S: float = 10.0
    JOB_THREADS: int = 2  # size of the in-process pool
    ENRICHMENT_STALE_S: float = 900.0  # a run still partial after this long is marked failed
    # Engagement scoring and the call queue (issue 5; see README "Scoring and the queue").
    SCORE_HALF_LIFE_DAYS: float = 14.0  # engagement points halve every this many days
    SCORE_WEIGHTS: str = ""  # overrides, "email_reply=30,pricing_visit=20"; defaults in scoring.py
    ICP_INDUSTRIES: str = "Software,IT Services"  # industries that match the ideal customer
    HANDOFF_STAGE_SMALL: str = "selection"  # buyer stage at which a lead of each tier is an SQL
    HANDOFF_STAGE_MID: str = "research"
    HANDOFF_STAGE_ENTERPRISE: str = "education"
    HANDOFF_REP_EMAILS: str | None = None  # inbound reps for round-robin; default all active reps
    SQL_SLA_MINUTES: int = 60
    LEAD_VALUE_REFRESH_S: float = 900.0  # lead values are recalibrated from history this often
    ATTEMPTS_SMALL: int = 5  # touches before a lead of each tier leaves the queue
    ATTEMPTS_MID: int = 8
    ATTEMPTS_ENTERPRISE: int = 12
    ATTEMPT_WINDOW_DAYS: int = 30  # attempts on a non-SQL contact count over this window
    HOT_WINDOW_HOURS: int = 72  # a human open/click/visit this recent makes a contact "hot"
    QUEUE_HOT_LIMIT: int = 25
    MACHINE_HIT_SECONDS: int = 10  # opens/clicks this soon after sending are scanners
    OWNERSHIP_RELEASE_DAYS: int = 90
    OWNERSHIP_NOTICE_DAYS: int = 7
    SITE_KEY: str | None = None  # public key of site.js; default derived from SECRET_KEY
    VISIT_RATE_PER_MINUTE: int = 120  # /t/v hits per site key and IP
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Config":
        """Build a config from ``SIDEKICK_*`` variables, converting each to its field's type."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f"SIDEKICK_{f.name}")
            if raw is not None and f.name != "extra":
                values[f.name] = _convert(raw, f.type)
        values.update(overrides)
        return cls(**values)

    def to_flask(self) -> dict[str, Any]:
        """The mapping handed to ``app.config``: our fields plus Flask's own keys."""
        if self.ENV not in ENVIRONMENTS:
            raise ConfigError(f"SIDEKICK_ENV must be one of {', '.join(ENVIRONMENTS)}")
        instance = Path(self.INSTANCE_PATH).resolve()
        secret = self.SECRET_KEY or self._dev_secret(instance)
        database = self.DATABASE_URL or f"sqlite:///{instance / 'sidekick.db'}"
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        values.update(self.extra)
        values.update(
            INSTANCE_PATH=str(instance),
            SECRET_KEY=secret,
            DATABASE_URL=database,
            SQLALCHEMY_DATABASE_URI=database,
            SQLALCHEMY_ENGINE_OPTIONS=_engine_options(database),
            PUBLIC_URL=(self.PUBLIC_URL or f"http://127.0.0.1:{self.PORT}").rstrip("/"),
            TESTING=self.ENV == "test",
            API_TITLE="Sidekick API",
            API_VERSION="v1",
            OPENAPI_VERSION="3.0.3",
            OPENAPI_URL_PREFIX="/api",
            OPENAPI_JSON_PATH="v1/openapi.json",
            JSON_SORT_KEYS=False,
        )
        return values

    def _dev_secret(self, instance: Path) -> str:
        """Outside production a random key is generated once into the instance folder."""
        if self.ENV == "production":
            raise ConfigError("SIDEKICK_SECRET_KEY is required in production")
        path = instance / "secret_key"
        if not path.exists():
            instance.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()


def _engine_options(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite"):
        # Wait for the write lock instead of failing at once when two requests write together.
        # A request's connection may be used by a helper thread (``events._meanwhile``), one at
        # a time; SQLAlchemy allows that for file databases, this for in-memory ones too.
        return {"connect_args": {"timeout": 30, "check_same_thread": False},
                "json_serializer": json_codec.dumps}
    return {"pool_pre_ping": True, "json_serializer": json_codec.dumps}


def _convert(raw: str, type_name: Any) -> Any:
    kind = str(type_name)
    if kind.startswith("bool"):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind.startswith("int"):
        return int(raw)
    if kind.startswith("float"):
        return float(raw)
    return raw or None if "None" in kind else raw
