"""Database connections for the UI: one for the main thread, a fresh one per worker thread.

SQLite connections belong to the thread that made them, so every thread worker
opens its own (``worker_connection``); the database is in WAL mode, so these
readers never block the main thread's writes of corrections. A newer query of
the same kind interrupts the one still running (``QueryGate``).
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from quotes.store import BUSY_TIMEOUT_MS


def connect(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


class QueryGate:
    """Lets only the latest query of a group run: starting one interrupts the one before."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: sqlite3.Connection | None = None

    @contextmanager
    def connection(self, path: str | Path) -> Iterator[sqlite3.Connection]:
        conn = connect(path)
        with self._lock:
            if self._current is not None:
                self._current.interrupt()
            self._current = conn
        try:
            yield conn
        finally:
            with self._lock:
                if self._current is conn:
                    self._current = None
            conn.close()


def interrupted(error: sqlite3.OperationalError) -> bool:
    return "interrupt" in str(error).lower()
