"""Copying SQLite's write-ahead log back into the database file from a thread of its own.

A batch of 500 events dirties about 2,500 pages. When the writer runs the checkpoint (SQLite's
default), every fourth batch also copied some 10,000 pages back and synced the file, which
doubled that request. A daemon thread per process and database file runs a PASSIVE checkpoint
a few times a second instead: it blocks neither readers nor the writer, and runs on the other
core. Writers keep a checkpoint of their own at ``FALLBACK_PAGES`` in case the thread falls
behind or has stopped, so the log stays bounded either way.

Under steady writes the log only starts over at that backstop: a passive checkpoint cannot wait
for the moment no request is reading. The batch that reaches it copies what the thread has not
yet copied and syncs, 170–410 ms, so the backstop is set high enough to be met once in 40
batches rather than once in 16. When the log starts over its file keeps up to ``WAL_KEEP_BYTES``:
a commit that overwrites the file took 13–15 ms, one that makes it grow 18–21 ms (at 64 MiB,
the file was cut back at every start and the batches grew it again).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

CHECKPOINT_EVERY_S = 0.25
FALLBACK_PAGES = 100_000  # ~410 MB of log with 4 KiB pages
WAL_KEEP_BYTES = 512 * 1024 * 1024

log = logging.getLogger(__name__)
_running: set[tuple[int, str]] = set()
_lock = threading.Lock()


def start_checkpointer(path: str) -> None:
    """Checkpoint the database at ``path`` in the background, once per process (gunicorn's
    forked workers each start their own)."""
    key = (os.getpid(), path)
    with _lock:
        if key in _running:
            return
        _running.add(key)
    threading.Thread(target=_checkpoint_while_present, args=(path, key), daemon=True,
                     name=f"sqlite-checkpoint {path}").start()


def _checkpoint_while_present(path: str, key: tuple[int, str]) -> None:
    """Runs until the database file is removed (a test's temporary database, say)."""
    try:
        # mode=rw: never create an empty database where the file has gone.
        connection = sqlite3.connect(f"{Path(path).as_uri()}?mode=rw", uri=True,
                                     isolation_level=None, check_same_thread=False)
    except sqlite3.Error:
        log.exception("could not open %s to checkpoint it; writers will checkpoint instead", path)
        _forget(key)
        return
    try:
        while _sleep_then_exists(path):
            try:
                # While another process checkpoints, this returns busy (1, …) and does nothing.
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            except sqlite3.Error as error:
                log.warning("checkpoint of %s failed: %s", path, error)
    finally:
        connection.close()
        _forget(key)


def _sleep_then_exists(path: str) -> bool:
    time.sleep(CHECKPOINT_EVERY_S)
    return os.path.exists(path)


def _forget(key: tuple[int, str]) -> None:
    with _lock:
        _running.discard(key)
