"""Test databases: a migrated SQLite file and a private PostgreSQL database per session.

PostgreSQL runs when ``SIDEKICK_TEST_POSTGRES_URL`` is set or a server answers on
127.0.0.1:5432; under ``CI=true`` a missing server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from server import create_app
from server.config import Config
from server.extensions import db

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def postgres_server_url() -> str | None:
    """The server URL to create test databases on, or None when there is none."""
    url = os.environ.get("SIDEKICK_TEST_POSTGRES_URL")
    if url:
        return url
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=0.5).close()
    except OSError:
        return None
    return DEFAULT_POSTGRES


def make_config(tmp_path: Path, database_url: str, **overrides: Any) -> Config:
    return Config(ENV="test", SECRET_KEY="test-secret", INSTANCE_PATH=str(tmp_path / "instance"),
                  DATABASE_URL=database_url, **overrides)


@contextmanager
def sqlite_app(folder: Path, **overrides: Any) -> Iterator[Flask]:
    """An app on a new SQLite file in ``folder``, migrated, for the browser suites: their live
    servers answer from other threads, which an in-memory database would not reach."""
    app = create_app(make_config(folder, f"sqlite:///{folder / 'sidekick.db'}", **overrides))
    with app.app_context():
        upgrade()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def _admin_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_postgres_database(server_url: str) -> str:
    name = f"sidekick_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_admin_dsn(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(server_url: str, database_url: str) -> None:
    name = make_url(database_url).database
    with psycopg.connect(_admin_dsn(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_all_tables(db) -> None:
    """Delete every row (and reset ids) so each test starts from the migrated, empty schema."""
    engine = db.engine
    tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))
            if "sqlite_sequence" in tables:
                conn.execute(text("DELETE FROM sqlite_sequence"))
