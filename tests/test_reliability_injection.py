"""Issue 7, item 5: article text and search text are data, never formulas, SQL, markup or terminal codes."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import select
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes import queries, store
from quotes.attribution import Attribution
from quotes.attribution.entities import Entity
from quotes.cli import cli, one_line
from quotes.queries import QuoteFilter
from quotes.sources import Article

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\tTabbed", "\rReturned", "Plain text, no formula", "\x1b[31mred\x1b[0m and \x07 bell \x9b2J"]


def build(db_path: Path) -> str:
    """A database whose quotes, speaker, article name and title all start like formulas."""
    text = "".join(f"“{quote}” x said. " for quote in HOSTILE)
    attributions, offset = [], 0
    for quote in HOSTILE:
        start = text.index(quote, offset)
        offset = start + len(quote)
        attributions.append(Attribution("direct", start, offset, quote, cue="said", cue_lemma="say",
                                        cue_start=offset + 4, cue_end=offset + 8,
                                        speaker=Entity("=Evil()", "person", False, {"=Evil()"}),
                                        speaker_mention="x", speaker_start=offset + 2, speaker_end=offset + 3))
    db = store.open_db(db_path)
    store.save_article(db, Article("@name", "src", text, title="-title"), attributions)
    db.close()
    return text


def dump(db_path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["dump", "--db", str(db_path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_dump_neutralises_formula_cells_by_default(tmp_path):
    db_path = tmp_path / "q.db"
    build(db_path)
    rows = list(csv.DictReader(io.StringIO(dump(db_path))))
    assert [row["quote"] for row in rows] == [
        "'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A9)",
        "'\tTabbed", "'\rReturned", "Plain text, no formula", "\x1b[31mred\x1b[0m and \x07 bell \x9b2J"]
    for row in rows:
        assert row["speaker"] == "'=Evil()" and row["article"] == "'@name" and row["article_title"] == "'-title"
        assert row["cue"] == "said" and int(row["quote_start"]) >= 0 and row["speaker_anonymous"] == "0"
        assert not any(value.startswith(tuple("=+-@\t\r")) for value in row.values())


def test_dump_raw_and_jsonl_keep_values_exactly(tmp_path):
    db_path = tmp_path / "q.db"
    text = build(db_path)
    for row in csv.DictReader(io.StringIO(dump(db_path, "--raw"))):
        assert text[int(row["quote_start"]):int(row["quote_end"])] == row["quote"]
        assert row["speaker"] == "=Evil()" and row["article"] == "@name"
    out = tmp_path / "q.jsonl"
    dump(db_path, "--format", "jsonl", "-o", str(out))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["quote"] for r in records] == HOSTILE


def test_the_neutralisation_is_documented():
    help_text = CliRunner().invoke(cli, ["dump", "--help"]).stdout
    assert "--raw" in help_text and "formula" in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--raw" in readme and "formula" in readme


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_dump_to_a_terminal_shows_control_characters_as_escapes(tmp_path):
    db_path = tmp_path / "q.db"
    build(db_path)
    leader, follower = os.openpty()
    process = subprocess.Popen([sys.executable, "-m", "quotes", "dump", "--db", str(db_path)], cwd=ROOT,
                               stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    output = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:             # the terminal closed: the process is done
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    shown = output.decode("utf-8")
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\\x1b[31mred\\x1b[0m and \\x07 bell \\x9b2J" in shown
    assert "'=HYPERLINK(" in shown


def test_one_line_messages_escape_every_control_and_bidi_character():
    assert one_line("a\x1b[2Jb\x07c\nd\re\u202ef\x9bg") == "a\\x1b[2Jb\\x07c\\nd\\re\\u202ef\\x9bg"
    assert one_line("x" * 500).endswith("…") and len(one_line("x" * 500)) == 300


# -- search ---------------------------------------------------------------------

class Recording:
    """A connection that records the SQL text of every statement (before any parameter is bound)."""

    def __init__(self, conn):
        self.conn, self.statements = conn, []

    def execute(self, sql, parameters=()):
        self.statements.append(sql)
        return self.conn.execute(sql, parameters)


@pytest.fixture(scope="module")
def search_db(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("search") / "q.db"
    build(db_path)
    return db_path


MARKER = "zqxjv"
INJECTIONS = ["'; DROP TABLE quotes; --", "\" OR 1=1 --", "quotes_fts MATCH '*'", "NEAR(a b)", "a AND (",
              "col:text", "^start", "*", "\"", "'", ")", "x\x00y", "[bold]red[/bold]", "\x1b[2J", "-- comment"]


@pytest.mark.parametrize("typed", INJECTIONS)
def test_search_text_reaches_sql_only_as_a_bound_parameter(search_db, typed):
    conn = sqlite3.connect(search_db)
    recording = Recording(conn)
    queries.quote_ids(recording, QuoteFilter(search=f"{MARKER} {typed}"))
    assert recording.statements and not any(MARKER in sql for sql in recording.statements)
    assert conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == len(HOSTILE)


@settings(max_examples=500, deadline=None)
@given(typed=st.text())
def test_any_search_text_runs_without_error(search_db, typed):
    conn = sqlite3.connect(search_db)
    recording = Recording(conn)
    ids = queries.quote_ids(recording, QuoteFilter(search=MARKER + typed))
    assert ids == [] or all(isinstance(i, int) for i in ids)
    assert not any(MARKER in sql for sql in recording.statements)
    conn.close()


def test_search_finds_text_full_of_markup_and_escapes(search_db):
    conn = sqlite3.connect(search_db)
    found = queries.quote_ids(conn, QuoteFilter(search="and bell"))
    assert [queries.quote(conn, i).text for i in found] == [HOSTILE[-1]]


def broken_search_db(tmp_path: Path) -> Path:
    """A database whose full-text index is gone (as after a damaged file or a careless manual edit)."""
    db_path = tmp_path / "q.db"
    build(db_path)
    conn = sqlite3.connect(db_path)
    for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                   "tbl_name = 'quotes'").fetchall():
        conn.execute(f'DROP TRIGGER "{trigger}"')
    conn.execute("DROP TABLE quotes_fts")
    conn.commit()
    conn.close()
    return db_path


def test_a_failing_search_is_a_friendly_error(tmp_path):
    conn = sqlite3.connect(broken_search_db(tmp_path))
    with pytest.raises(queries.SearchError) as caught:
        queries.quote_ids(conn, QuoteFilter(search="red [b]"))
    message = str(caught.value)
    assert message.startswith("Cannot search for “red [b]”: no such table: quotes_fts.") and "\n" not in message
    assert len(queries.quote_ids(conn, QuoteFilter())) == len(HOSTILE)       # without a search it works


def test_the_browser_shows_a_failing_search_as_a_message(tmp_path):
    pytest.importorskip("textual")
    from tui.app import QuotesApp

    from .tui.conftest import settle, table_texts

    async def browse():
        app = QuotesApp(broken_search_db(tmp_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert len(table_texts(pilot)) == len(HOSTILE)
            await pilot.press("slash", *"red")
            await settle(pilot)
            assert table_texts(pilot) == []
            notes = [note.message for note in pilot.app._notifications]
            assert len(notes) == 1 and notes[0].startswith("Cannot search for “r") and "quotes_fts" in notes[0]
            await pilot.press("escape", "c")
            await settle(pilot)
            assert len(table_texts(pilot)) == len(HOSTILE)

    asyncio.run(browse())


def test_speakers_table_shows_control_characters_as_escapes(tmp_path):
    from quotes.attribution import Attribution
    from quotes.attribution.entities import Entity
    from quotes.sources import Article

    from quotes import store
    from quotes.cli import cli
    from click.testing import CliRunner

    db_path = tmp_path / "q.db"
    db = store.open_db(db_path)
    text = "“Hello there, everyone,” the clerk said."
    speaker = Entity("Evil\x1b[31mName", "person", aliases={"Evil\x1b[31mName"})
    store.save_article(db, Article(name="a", source="a", text=text),
                       [Attribution("direct", 1, 23, text[1:23], speaker=speaker,
                                    speaker_mention="the clerk", speaker_start=25, speaker_end=34)])
    result = CliRunner().invoke(cli, ["speakers", "--db", str(db_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "Evil\\x1b[31mName" in result.stdout


def test_ui_csv_export_neutralises_formulas(tmp_path):
    import csv

    from quotes import queries, store
    from quotes.attribution import Attribution
    from quotes.sources import Article

    db_path = tmp_path / "q.db"
    db = store.open_db(db_path)
    text = "“=HYPERLINK(1)” the clerk said."
    store.save_article(db, Article(name="a", source="a", text=text),
                       [Attribution("direct", 1, 14, text[1:14])])
    out = tmp_path / "view.csv"
    queries.write_csv(db, queries.QuoteFilter(), out)
    rows = list(csv.DictReader(out.open()))
    assert rows[0]["quote"] == "'=HYPERLINK(1)"
