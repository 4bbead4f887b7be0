"""Issue 7, item 2: killing `quotes analyze` (SIGKILL) at any moment leaves a sound database.

A real `quotes analyze` process is killed at several moments: as the database
is being created, in the middle of a write transaction (first storing articles,
then replacing them with changed text), and between articles. After each kill
the database passes `PRAGMA integrity_check`, and every stored article is whole:
its quotes are exactly those the analysis gives for its stored text (no article
without its quotes, no mix of old and new). A last run completes the work.

To kill inside a write transaction for certain, the test stops the process
(SIGSTOP) at random moments and tries to take the write lock itself: when it
cannot, the stopped process holds it, and gets SIGKILL right there.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["Ann Hill", "Bob Lee", "Carol Diaz", "Dan Roy", "Eve Stone", "Frank Moss", "Gail Park", "Hugh Ward"]
TOPICS = ["the bridge", "the school", "the harbour", "the library", "the railway", "the market", "the park",
          "the hospital"]

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(signal, "SIGKILL"),
                                reason="needs Linux /proc and POSIX signals")


def article_text(number: int, version: str) -> str:
    name, topic = NAMES[number], TOPICS[number]
    when = "on Monday" if version == "a" else "late on Friday"
    return (f"“Work on {topic} will finish {when},” {name} said.\n\n"
            f"{name} told reporters that {topic} had cost more than planned. "
            f"“We {'are proud of' if version == 'a' else 'have doubts about'} the result,” the council said.\n")


def write_corpus(directory: Path, version: str) -> None:
    directory.mkdir(exist_ok=True)
    for number in range(len(NAMES)):
        (directory / f"story{number}.txt").write_text(article_text(number, version), encoding="utf-8")


def start(corpus: Path, db_path: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "quotes", "analyze", str(corpus), "--db", str(db_path)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(log, "w"))


def process_state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0]


def stored_articles(db_path: Path) -> int:
    try:
        with sqlite3.connect(db_path, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:        # not created yet
        return 0


def wait_for(condition, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "the process ended before the moment to kill it"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


def kill_inside_a_write(process: subprocess.Popen, db_path: Path, timeout: float = 300) -> bool:
    """SIGKILL the process while it holds the database's write lock; False if it finished first."""
    rng = random.Random(11)
    wait_for(lambda: db_path.exists(), process, timeout)
    probe = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    deadline = time.monotonic() + timeout
    try:
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(rng.uniform(0, 0.004))
            os.kill(process.pid, signal.SIGSTOP)
            while process.poll() is None and process_state(process.pid) != "T":
                time.sleep(0.0002)
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if "locked" in str(error):          # the stopped process is inside a write transaction
                    os.kill(process.pid, signal.SIGKILL)
                    process.wait()
                    return True
                raise
            else:
                probe.execute("ROLLBACK")
            finally:
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGCONT)
        return False
    finally:
        probe.close()


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


def check_database(db_path: Path, expected) -> int:
    """Sound and no partial article; returns the number of articles stored."""
    db = sqlite3.connect(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:        # killed before the schema was committed: nothing at all
            assert not tables & {"quotes", "speakers", "corrections"}
            return 0
        applied = db.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0]
        assert db.execute("PRAGMA user_version").fetchone()[0] == applied   # schema and its version agree
        count = 0
        for article_id, text, content_hash in db.execute("SELECT id, text, content_hash FROM articles"):
            assert hashlib.sha256(text.encode()).hexdigest() == content_hash
            stored = sorted(db.execute('SELECT start, "end", kind, text FROM quotes WHERE article_id = ?',
                                       [article_id]).fetchall())
            assert stored == expected(text), f"article {article_id} is not whole"
            count += 1
        assert db.execute("SELECT COUNT(*) FROM speakers WHERE id NOT IN "
                          "(SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL)").fetchone()[0] == 0
        return count
    finally:
        db.close()


def expected_quotes(analyze):
    """The sorted (start, end, kind, text) of a text's attributions, computed once per text."""
    cache: dict[str, list] = {}

    def expected(text: str) -> list:
        if text not in cache:
            cache[text] = sorted((a.start, a.end, a.kind, a.text) for a in analyze(text))
        return cache[text]
    return expected


def test_sigkill_at_any_moment_leaves_a_sound_database(tmp_path, analyze):
    expected = expected_quotes(analyze)

    for version in "ab":                      # what every whole article must look like
        for number in range(len(NAMES)):
            assert expected(article_text(number, version)), "each test article has quotes"
    corpus, db_path = tmp_path / "corpus", tmp_path / "quotes.db"
    write_corpus(corpus, "a")
    moments = []

    # 1. as the database is being created (before the models are even loaded)
    process = start(corpus, db_path, tmp_path / "1.log")
    wait_for(lambda: db_path.exists(), process)
    kill(process)
    moments.append(("creating the database", check_database(db_path, expected)))

    # 2. inside a write transaction, storing new articles
    process = start(corpus, db_path, tmp_path / "2.log")
    wait_for(lambda: stored_articles(db_path) >= 1, process)
    assert kill_inside_a_write(process, db_path), "could not catch the process inside a write transaction"
    moments.append(("inside a write, storing", check_database(db_path, expected)))

    # 3. between articles
    process = start(corpus, db_path, tmp_path / "3.log")
    stored = stored_articles(db_path)
    wait_for(lambda: stored_articles(db_path) >= min(stored + 2, len(NAMES) - 1), process)
    kill(process)
    moments.append(("between articles", check_database(db_path, expected)))

    # 4. inside a write transaction, replacing articles whose text changed
    write_corpus(corpus, "b")
    process = start(corpus, db_path, tmp_path / "4.log")
    wait_for(lambda: _changed_articles(db_path) >= 1, process)
    assert kill_inside_a_write(process, db_path), "could not catch the process inside a write transaction"
    moments.append(("inside a write, replacing", check_database(db_path, expected)))
    assert 1 <= _changed_articles(db_path) < len(NAMES), "the kill came before the end of the run"

    # 5. a run to the end completes the work
    final = subprocess.run([sys.executable, "-m", "quotes", "analyze", str(corpus), "--db", str(db_path)],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    assert " 0 failed;" in final.stderr and "locked" not in final.stderr
    assert check_database(db_path, expected) == len(NAMES)
    db = sqlite3.connect(db_path)
    assert sorted(text for (text,) in db.execute("SELECT text FROM articles")) == sorted(
        article_text(number, "b") for number in range(len(NAMES)))
    print("killed at:", moments, "final:", final.stderr.strip().splitlines()[-1])


def _changed_articles(db_path: Path) -> int:
    try:
        with sqlite3.connect(db_path, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM articles WHERE text LIKE '%late on Friday%'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
