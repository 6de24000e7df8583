"""Flask extensions, created once and attached to the app in ``create_app``."""

from __future__ import annotations

import sqlite3

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from server.sqlite_checkpoints import FALLBACK_PAGES, WAL_KEEP_BYTES, start_checkpointer

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def dialect_name() -> str:
    """"postgresql" or "sqlite": the database of the current session, for the few queries
    written differently for each planner."""
    return db.session.get_bind().dialect.name


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(connection, record) -> None:
    """WAL lets the embedded server read while the worker writes; foreign keys are enforced.

    A batch of 500 events dirties thousands of pages: with SQLite's default checkpoint every
    1,000 WAL pages and a 2 MiB page cache, nearly every batch's commit also copied the WAL
    back into the database and re-read index pages. A file database is checkpointed by a
    thread of its own (``server.sqlite_checkpoints``), writers only past ``FALLBACK_PAGES``;
    the WAL file is cut back to ``WAL_KEEP_BYTES`` whenever it starts over, and each connection
    caches 32 MiB.
    """
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA wal_autocheckpoint={FALLBACK_PAGES}")
        cursor.execute(f"PRAGMA journal_size_limit={WAL_KEEP_BYTES}")
        cursor.execute("PRAGMA cache_size=-32768")
        path = cursor.execute("PRAGMA database_list").fetchone()[2]
        cursor.close()
        if path:  # "" for an in-memory database
            start_checkpointer(path)
