"""SQLite's write-ahead log is copied into the database file by a thread, not by the writer."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import server.extensions  # registers the SQLite connection settings


def _rows_in_database_file(path: Path) -> int:
    """Rows of ``t`` in the database file itself: immutable=1 reads no write-ahead log."""
    with closing(sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)) as connection:
        try:
            return connection.execute("SELECT count(*) FROM t").fetchone()[0]
        except sqlite3.OperationalError:  # the table itself is still only in the log
            return 0


def _eventually(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _checkpointers(path: Path) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == f"sqlite-checkpoint {path}"]


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "wal.db"
    engine = create_engine(f"sqlite:///{path}")
    yield path, engine
    engine.dispose()


def test_committed_rows_reach_the_database_file_while_the_writer_stays_open(database):
    path, engine = database
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (:n)"), [{"n": n} for n in range(100)])
        connection.commit()
        # Far below the writers' own checkpoint, and the writer has not closed.
        assert _eventually(lambda: _rows_in_database_file(path) == 100)


def test_one_thread_per_database_file(database):
    path, engine = database
    for _ in range(3):
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()  # the next connect runs the settings again
    assert len(_checkpointers(path)) == 1


def test_the_thread_ends_when_the_database_file_is_removed(database):
    path, engine = database
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    assert _checkpointers(path)
    engine.dispose()
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        (path.parent / name).unlink(missing_ok=True)
    assert _eventually(lambda: not _checkpointers(path))
    assert not path.exists()  # and it did not create an empty one


def test_an_in_memory_database_needs_no_thread(monkeypatch):
    """Asked of the connection settings, not of the live threads: a thread started for no
    file would die at once and could slip between two looks at ``threading.enumerate``."""
    asked = []
    monkeypatch.setattr(server.extensions, "start_checkpointer", asked.append)
    with create_engine("sqlite://").connect() as connection:
        connection.execute(text("SELECT 1"))
    assert asked == []
