"""The database as Datasette or sqlite3 show it (issue 16, items 16-17): the `attributions` view has the
review corrections applied, a corrected speaker is a `speakers` row, and article text is searchable."""

from __future__ import annotations

import sqlite3

import pytest

from quotes import corrections, store
from quotes.attribution import Attribution
from quotes.attribution.entities import Entity
from quotes.corrections import Speaker
from quotes.sources import Article

TEXT = "“The bridge will reopen,” the mayor said.\n\n“It will not,” a source said about Ukraine.\n"


def attribution(quote: str, speaker: str, mention: str) -> Attribution:
    start = TEXT.index(quote)
    result = Attribution("direct", start, start + len(quote), quote, rule="hand-made")
    result.speaker_start = TEXT.index(mention, start)
    result.speaker_end = result.speaker_start + len(mention)
    result.speaker_mention = mention
    result.speaker = Entity(speaker, "person", False, {mention})
    result.cue_start = TEXT.index("said", start)
    result.cue_end = result.cue_start + 4
    result.cue, result.cue_lemma = "said", "say"
    return result


ATTRIBUTIONS = [attribution("The bridge will reopen,", "the mayor", "the mayor"),
                attribution("It will not,", "a source", "a source")]


@pytest.fixture
def db(tmp_path):
    db = store.open_db(tmp_path / "q.db")
    store.save_article(db, Article("council", "council.txt", TEXT, path="council.txt"), ATTRIBUTIONS)
    return db


def quote_id(db, text: str) -> int:
    return db.execute("SELECT id FROM quotes WHERE text = ?", [text]).fetchone()[0]


def view(db) -> list[dict]:
    cursor = db.execute("SELECT * FROM attributions ORDER BY quote_start")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values)) for values in cursor]


def test_the_attributions_view_has_the_corrections_and_the_dump_columns(db):
    corrections.correct(db, quote_id(db, "The bridge will reopen,"), speaker=Speaker("Ann Hill"), cue="said")
    corrections.correct(db, quote_id(db, "It will not,"), not_quote=True)
    rows = view(db)
    assert set(store.DUMP_COLUMNS) <= set(rows[0])
    assert [(r["quote"], r["speaker"], r["corrected"]) for r in rows] == [("The bridge will reopen,", "Ann Hill", 1)]
    assert [{k: r[k] for k in store.DUMP_COLUMNS} for r in rows] == list(store.dump_rows(db))
    hill = db.execute("SELECT id, name, type FROM speakers WHERE key = 'person:ann hill'").fetchone()
    assert hill is not None and hill[1:] == ("Ann Hill", "person")
    assert rows[0]["speaker_id"] == hill[0]
    assert db.execute("SELECT id FROM articles WHERE name = 'council'").fetchone()[0] == rows[0]["article_id"]


def test_a_corrected_speaker_stays_a_speakers_row_through_reanalysis_and_goes_with_a_revert(db):
    quote = quote_id(db, "The bridge will reopen,")
    corrections.correct(db, quote, speaker=Speaker("Ann Hill"))
    store.save_article(db, Article("council", "council.txt", TEXT + "\nMore.\n", path="council.txt"), ATTRIBUTIONS)
    assert db.execute("SELECT COUNT(*) FROM speakers WHERE key = 'person:ann hill'").fetchone() == (1,)
    assert view(db)[0]["speaker"] == "Ann Hill"
    corrections.revert(db, quote_id(db, "The bridge will reopen,"))
    assert db.execute("SELECT COUNT(*) FROM speakers WHERE key = 'person:ann hill'").fetchone() == (0,)
    assert view(db)[0]["speaker"] == "the mayor"


def test_article_text_is_searchable_without_a_title(db):
    assert db.execute("SELECT title FROM articles").fetchone() == (None,)
    found = db.execute("SELECT name FROM articles WHERE rowid IN "       # what Datasette's ?_search= runs
                       "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", ["Ukraine"]).fetchall()
    assert found == [("council",)]


def test_an_older_database_gets_the_view_the_speakers_and_the_text_search(tmp_path):
    """A database made before these migrations: its corrections' speakers become rows, its text is indexed."""
    path = tmp_path / "old.db"
    db = store.open_db(path)
    store.save_article(db, Article("council", "council.txt", TEXT, path="council.txt"), ATTRIBUTIONS)
    corrections.correct(db, quote_id(db, "The bridge will reopen,"), speaker=Speaker("Ann Hill"))
    db.execute("DROP VIEW attributions")
    db.execute("DELETE FROM speakers WHERE key = 'person:ann hill'")
    db["articles"].disable_fts()
    db["articles"].enable_fts(["title"], create_triggers=True)
    db.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m005_attributions_view', 'm006_article_text_search')")
    db.conn.commit()
    db.close()
    db = store.open_db(path)
    assert view(db)[0]["speaker"] == "Ann Hill" and view(db)[0]["speaker_id"] is not None
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'Ukraine'").fetchone() == (1,)
