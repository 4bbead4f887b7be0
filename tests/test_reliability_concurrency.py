"""Issue 7, item 3: two `quotes analyze` processes and the browser on one database at once.

Two real `quotes analyze` processes start together on a new database (so they
also race to create its schema) with overlapping inputs, while this process
reads with the queries the terminal UI uses and drives the UI itself. Nobody
fails with "database is locked", the database stays sound and whole, and every
read sees a consistent state.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from quotes import queries, store
from quotes.attribution import Attribution
from quotes.queries import QuoteFilter
from quotes.sources import Article

from .test_reliability_crash import NAMES, ROOT, article_text, check_database, expected_quotes

SEARCHES = ["", "work", "council said", "the result", '"unbalanced', "NEAR(", "[b]"]


def read_everything(db_path: Path) -> dict:
    """What the UI reads, on a fresh connection as its workers make; checks it is consistent."""
    conn = sqlite3.connect(db_path, timeout=store.BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute("BEGIN")       # one snapshot for all the reads below
        entries = queries.articles(conn)
        for entry in entries:
            assert len(queries.article_quotes(conn, entry.id, include_rejected=False)) == entry.quotes
        ids = queries.quote_ids(conn, QuoteFilter())
        assert len(ids) == queries.quote_count(conn) == sum(entry.quotes for entry in entries)
        rows = queries.quote_rows(conn, ids[:200])
        assert set(rows) == set(ids[:200])
        for search in SEARCHES:
            queries.quote_ids(conn, QuoteFilter(search=search))
        board = queries.leaderboard(conn)
        assert sum(entry.quotes for entry in board) <= len(ids)
        conn.execute("COMMIT")
        return {"articles": len(entries), "quotes": len(ids)}
    finally:
        conn.close()


def test_two_analyze_processes_the_browser_and_a_reader_on_one_new_database(tmp_path, analyze):
    from tui.app import QuotesApp

    from .tui.conftest import settle, table_texts

    expected = expected_quotes(analyze)

    shared, first, second = tmp_path / "shared", tmp_path / "first", tmp_path / "second"
    for directory, numbers in ((first, range(0, 3)), (shared, range(3, 6)), (second, range(6, 8))):
        directory.mkdir()
        for number in numbers:
            (directory / f"story{number}.txt").write_text(article_text(number, "a"), encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    command = [sys.executable, "-m", "quotes", "analyze"]
    processes = [  # the shared articles come last for one and first for the other: they race on them
        subprocess.Popen([*command, str(first), str(shared), "--db", str(db_path)], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        subprocess.Popen([*command, str(shared), str(second), "--db", str(db_path)], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
    ]
    reads, shown, slowest = [], [], 0.0

    def read() -> None:
        nonlocal slowest
        started = time.perf_counter()
        try:
            reads.append(read_everything(db_path))
        except sqlite3.OperationalError as error:
            if "no such table" not in str(error):      # the schema is not there yet
                raise
        slowest = max(slowest, time.perf_counter() - started)

    def has_schema() -> bool:
        if not db_path.exists():
            return False
        with sqlite3.connect(db_path, timeout=30) as conn:
            return conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'quotes'").fetchone()[0] > 0

    while not has_schema():     # the browser opens an existing database: wait for one of them to make it
        assert all(p.poll() is None for p in processes), [p.communicate() for p in processes]
        time.sleep(0.01)

    async def browse():     # the browser, opened on the database while both processes write to it
        app = QuotesApp(db_path)
        async with app.run_test(size=(100, 30)) as pilot:
            while any(p.poll() is None for p in processes):
                await pilot.press("f5")
                await settle(pilot)
                shown.append(len(table_texts(pilot)))
                read()
                await asyncio.sleep(0.1)
            await pilot.press("f5")
            await settle(pilot)
            shown.append(len(table_texts(pilot)))
            await pilot.press("slash", *"work")
            await settle(pilot)
            assert table_texts(pilot) and all("work" in t.lower() for t in table_texts(pilot))

    asyncio.run(browse())
    outputs = [p.communicate(timeout=600) for p in processes]
    for process, (_, stderr) in zip(processes, outputs):
        assert process.returncode == 0, stderr
        assert "locked" not in stderr and " 0 failed;" in stderr
    assert check_database(db_path, expected) == len(NAMES)
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT COUNT(DISTINCT source) FROM articles").fetchone()[0] == len(NAMES)
    assert [r["articles"] for r in reads] == sorted(r["articles"] for r in reads)
    assert len(reads) > 2 and reads[-1]["articles"] == len(NAMES)
    assert slowest < 10, f"a read waited {slowest:.1f} s for the writers"
    assert shown == sorted(shown) and shown[-1] == reads[-1]["quotes"]


def test_a_writer_waits_for_the_lock_instead_of_failing(tmp_path):
    """A write transaction starts with BEGIN IMMEDIATE and waits (busy timeout) for another writer; a
    reader's open snapshot never blocks it (WAL)."""
    db_path = tmp_path / "quotes.db"
    db = store.open_db(db_path)
    text = "“One,” Ann said."
    store.save_article(db, Article("a", "a.txt", text), [Attribution("direct", 1, 5, "One,")])
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM quotes").fetchone() == (1,)    # a read snapshot stays open
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")            # another process's write transaction
    release = threading.Timer(1.0, lambda: other.execute("COMMIT"))
    release.start()
    started = time.perf_counter()
    store.save_article(db, Article("b", "b.txt", text), [Attribution("direct", 1, 5, "One,")])
    waited = time.perf_counter() - started
    release.join()
    assert 0.8 < waited < 10
    assert reader.execute("SELECT COUNT(*) FROM quotes").fetchone() == (1,)    # its snapshot is unchanged
    reader.execute("COMMIT")
    assert reader.execute("SELECT COUNT(*) FROM quotes").fetchone() == (2,)
