"""Issue 7, item 4: no review correction is lost.

Corrections survive re-analysis, schema upgrades and `quotes analyze` of
changed text: a quote that only moved keeps its correction, and a correction
whose quote disappeared is kept and reported in the run's summary.
"""

from __future__ import annotations

import csv
import io
import sqlite3

import sqlite_utils
from click.testing import CliRunner

from quotes import corrections, store
from quotes.attribution import Attribution
from quotes.cli import cli
from quotes.corrections import Speaker
from quotes.sources import Article

QUOTE = "We open the new bridge at nine,"
STORY = f"“{QUOTE}” the mayor said.\n\nTraffic was light on Monday.\n"


def analyze(article, db_path):
    result = CliRunner().invoke(cli, ["analyze", str(article), "--db", str(db_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stderr


def dump(db_path) -> list[dict]:
    result = CliRunner().invoke(cli, ["dump", "--db", str(db_path)], catch_exceptions=False)
    return list(csv.DictReader(io.StringIO(result.stdout)))


def speaker_of(db_path, quote: str) -> str | None:
    rows = [row for row in dump(db_path) if row["quote"] == quote]
    assert len(rows) == 1, rows
    return rows[0]["speaker"]


def quote_id(db, quote: str) -> int:
    return db.execute("SELECT id FROM quotes WHERE text = ?", [quote]).fetchone()[0]


def test_corrections_survive_reanalysis_moves_and_changed_text(tmp_path, pipeline):
    article, db_path = tmp_path / "story.txt", tmp_path / "q.db"
    article.write_text(STORY, encoding="utf-8")
    analyze(article, db_path)
    db = store.open_db(db_path)
    assert corrections.correct(db, quote_id(db, QUOTE), speaker=Speaker("Jane Doe"))
    assert speaker_of(db_path, QUOTE) == "Jane Doe"

    # re-analysis of a text changed after the quote: same offsets, the correction holds
    article.write_text(STORY + "\nMore news later.\n", encoding="utf-8")
    summary = analyze(article, db_path)
    assert "1 analyzed" in summary and "no longer match" not in summary
    assert speaker_of(db_path, QUOTE) == "Jane Doe"

    # a paragraph inserted before the quote: it moved, and its correction moves with it
    article.write_text("Breaking news from the city.\n\n" + STORY, encoding="utf-8")
    summary = analyze(article, db_path)
    assert "no longer match" not in summary
    assert speaker_of(db_path, QUOTE) == "Jane Doe"
    moved = corrections.history(db, quote_id(db, QUOTE))
    assert moved[0]["action"] == "moved" and moved[0]["speaker_name"] == "Jane Doe"
    assert corrections.orphans(db) == []

    # the quote's own text changed: the correction is kept, and reported
    article.write_text(STORY.replace("nine", "ten"), encoding="utf-8")
    summary = analyze(article, db_path)
    assert ("1 review correction no longer match a quote (the article's text or its analysis changed); "
            "kept in the corrections table:") in summary
    assert f"{article} [" in summary and repr(QUOTE) in summary
    assert [o["speaker_name"] for o in corrections.orphans(db)] == ["Jane Doe"]
    assert all(row["speaker"] != "Jane Doe" for row in dump(db_path))

    # the text back as it was: the kept correction applies again
    article.write_text(STORY, encoding="utf-8")
    summary = analyze(article, db_path)
    assert "no longer match" not in summary
    assert speaker_of(db_path, QUOTE) == "Jane Doe"
    assert db.execute("SELECT COUNT(*) FROM corrections").fetchone()[0] >= 3      # the whole log is kept


def test_an_ambiguous_move_is_not_guessed(tmp_path):
    """Two quotes with the same text: which one the correction was about cannot be told, so it stays an
    orphan (reported) rather than being given to either."""
    db_path = tmp_path / "q.db"
    db = store.open_db(db_path)
    text = "“Yes,” Ann said."
    store.save_article(db, Article("a", "a.txt", text), [Attribution("direct", 1, 5, "Yes,")])
    corrections.correct(db, quote_id(db, "Yes,"), not_quote=True)
    moved = "Intro.\n\n“Yes,” Ann said. “Yes,” Bob said."
    store.save_article(db, Article("a", "a.txt", moved),
                       [Attribution("direct", 9, 13, "Yes,"), Attribution("direct", 27, 31, "Yes,")])
    assert [(o["quote_start"], o["not_quote"]) for o in corrections.orphans(db)] == [(1, 1)]


def test_corrections_survive_a_schema_upgrade(tmp_path):
    db_path = tmp_path / "old.db"
    old = sqlite_utils.Database(db_path)
    store.migrations.apply(old, stop_before="m003_quote_order_index")   # a database made by an older version
    old.execute("PRAGMA user_version = 2")
    text = "“The port is closed,” the harbour master said."
    # rows as that version wrote them: no content span, no cue class
    article = Article("port", "port.txt", text)
    article_id = old["articles"].insert({"name": article.name, "source": article.source, "path": article.path,
                                         "content_hash": article.content_hash, "text": text}).last_pk
    old["quotes"].insert({"article_id": article_id, "kind": "direct", "text": text[1:21], "start": 1, "end": 21})
    corrections.correct(old, quote_id(old, text[1:21]), speaker=Speaker("Port Authority", "organization"))
    old.close()

    db = store.open_db(db_path)
    assert store.schema_version(db) == len(store.migrations.applied(db)) >= 3
    assert "m003_quote_order_index" in {m.name for m in store.migrations.applied(db)}
    assert [row["speaker"] for row in store.dump_rows(db)] == ["Port Authority"]
    assert db.execute("SELECT COUNT(*) FROM corrections").fetchone()[0] == 1


def test_a_stale_schema_version_is_repaired(tmp_path):
    """A run killed between the last migration and its version number (older versions wrote them apart)."""
    db_path = tmp_path / "q.db"
    store.open_db(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 1")
    db = store.open_db(db_path)
    assert store.schema_version(db) == len(store.migrations.applied(db))
