"""The UI's data access (quotes.queries): search, filters, leaderboard, context, export; corrections applied."""

from __future__ import annotations

import csv

import pytest

from quotes import corrections, queries, store
from quotes.corrections import Speaker
from quotes.queries import NO_SPEAKER, QuoteFilter

from .sample import COUNCIL_TEXT, news_article


@pytest.fixture
def db(db_path):
    database = store.open_db(db_path)
    yield database
    database.close()


def texts(db, view: QuoteFilter) -> list[str]:
    ids = queries.quote_ids(db, view)
    rows = queries.quote_rows(db, ids)
    return [rows[i].text for i in ids]


def key_of(db, name: str) -> str:
    return db.execute("SELECT key FROM speakers WHERE name = ?", [name]).fetchone()[0]


def test_all_quotes_in_article_then_text_order(db):
    found = texts(db, QuoteFilter())
    assert len(found) == 15
    assert found[:3] == ["The bridge will reopen on Monday,", "the repairs had cost two million pounds",
                         "the contract was late"]                                  # council comes first by name
    _, attributions = news_article()
    assert found[-11:] == [a.text for a in sorted(attributions, key=lambda a: a.start)]


def test_search_is_full_text_with_word_prefixes_and_every_word_required(db):
    assert texts(db, QuoteFilter(search="dron")) == [
        "Russian forces struck six regions of Ukraine with over 400 drones and more than 40 ballistic and "
        "cruise missiles", "it shot down about 30 cruise missiles and up to 200 drones",
        "air defenses downed 174 Ukrainian drones over 13 regions on Friday"]
    assert texts(db, QuoteFilter(search="cruise missiles")) == [
        "Russian forces struck six regions of Ukraine with over 400 drones and more than 40 ballistic and "
        "cruise missiles", "it shot down about 30 cruise missiles and up to 200 drones",
        "it destroyed 34 percent of Russia's strategic cruise missile carriers worth around $7 billion in the attack"]
    assert texts(db, QuoteFilter(search="cruise zebra")) == []
    assert texts(db, QuoteFilter(search="WORK")) == ["They were working under fire to help people,"]


@pytest.mark.parametrize("typed", ['"', "AND (", "[bold]", "minister*)", "NEAR(", "-", "'"])
def test_search_never_fails_on_fts_syntax(db, typed):
    found = texts(db, QuoteFilter(search=typed))
    if typed == "[bold]":
        assert found == []
    if "minister" in typed:
        assert found == ["[b]We[/b] will never \x1b[31mstop\x1b[0m the [the minister] plan\x07,"]


def test_filters_by_kind_article_and_speaker_combine(db):
    assert texts(db, QuoteFilter(kind="mixed")) == [
        "very strongly", "was a good conversation, but not a conversation that will lead to immediate peace."]
    council = db.execute("SELECT id FROM articles WHERE name = 'council'").fetchone()[0]
    assert len(texts(db, QuoteFilter(article_id=council))) == 3
    trump = key_of(db, "Donald Trump")
    assert len(texts(db, QuoteFilter(speaker_key=trump))) == 2
    assert texts(db, QuoteFilter(speaker_key=trump, kind="mixed", search="conversation")) == [
        "was a good conversation, but not a conversation that will lead to immediate peace."]
    assert texts(db, QuoteFilter(speaker_key=trump, article_id=council)) == []


def test_filters_see_corrections(db):
    ministry_quote = "They were working under fire to help people,"
    qid = db.execute("SELECT id FROM quotes WHERE text = ?", [ministry_quote]).fetchone()[0]
    corrections.correct(db, qid, speaker=Speaker("Ann Hill", "person", key_of(db, "Ann Hill")))
    hill = key_of(db, "Ann Hill")
    assert ministry_quote in texts(db, QuoteFilter(speaker_key=hill))
    assert ministry_quote not in texts(db, QuoteFilter(speaker_key=key_of(db, "Ukraine's Interior Ministry")))
    board = {entry.name: entry for entry in queries.leaderboard(db)}
    assert board["Ann Hill"].quotes == 3 and board["Ann Hill"].articles == 2
    assert board["Ukraine's Interior Ministry"].quotes == 1
    corrections.correct(db, qid, not_quote=True)
    assert ministry_quote not in texts(db, QuoteFilter())
    assert ministry_quote in texts(db, QuoteFilter(include_rejected=True))
    row = queries.quote_rows(db, [qid])[qid]
    assert row.not_quote and row.corrected
    assert queries.quote_count(db) == 14 and queries.quote_count(db, include_rejected=True) == 15


def test_quotes_without_speaker_can_be_filtered(db):
    qid = db.execute("SELECT id FROM quotes WHERE text = 'the contract was late'").fetchone()[0]
    db.execute("UPDATE quotes SET speaker_id = NULL WHERE id = ?", [qid])
    db.conn.commit()
    assert texts(db, QuoteFilter(speaker_key=NO_SPEAKER)) == ["the contract was late"]
    assert all(entry.name != "a source" for entry in queries.leaderboard(db))


def test_context_covers_the_quote_mention_and_cue_paragraphs(db):
    qid = db.execute("SELECT id FROM quotes WHERE text = 'the repairs had cost two million pounds'").fetchone()[0]
    quote = queries.quote(db, qid)
    start, end = queries.context_span(quote, COUNCIL_TEXT)
    assert COUNCIL_TEXT[start:end] == "Ann Hill told reporters that the repairs had cost two million pounds."
    assert queries.paragraph_span("a\n\nbb\n \ncc", 3, 4) == (3, 5)
    assert queries.paragraph_span("only one", 0, 4) == (0, 8)


def test_leaderboard_counts_and_aliases(db):
    board = queries.leaderboard(db)
    assert [(e.name, e.quotes) for e in board[:4]] == [("Ann Hill", 2), ("Donald Trump", 2), ("Russia", 2),
                                                        ("Ukraine's Interior Ministry", 2)]
    trump = next(e for e in board if e.name == "Donald Trump")
    assert set(trump.aliases) == {"He", "US President Donald Trump"} and trump.type == "person"
    assert [a.name for a in queries.articles(db)] == ["council", "hostile[red]", "russia-ukraine-air-attacks"]
    assert [a.quotes for a in queries.articles(db)] == [3, 1, 11]


def test_export_writes_the_view_in_dump_columns(db, tmp_path):
    path = tmp_path / "view.csv"
    count = queries.write_csv(db, QuoteFilter(search="drones"), path)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert count == len(rows) == 3
    assert list(rows[0]) == store.DUMP_COLUMNS
    assert {row["quote"] for row in rows} == set(texts(db, QuoteFilter(search="drones")))


def test_class_filters_are_the_dumps_and_quotes_without_a_class_pass_only_the_speech_like_ones(db):
    from itertools import combinations

    from quotes.attribution.classes import CLASSES, SPEECH_LIKE

    unclassed = "the contract was late"
    db.execute("UPDATE quotes SET cue_class = 'thought' WHERE cue_lemma = 'claim'")
    db.execute("UPDATE quotes SET cue_class = 'document' WHERE cue_lemma = 'according to'")
    db.execute("UPDATE quotes SET cue_class = 'speech' WHERE cue_class IS NULL AND text <> ?", [unclassed])
    db.conn.commit()
    counts = queries.class_counts(db, QuoteFilter(classes=("thought",)))      # the view's own classes left aside
    assert counts == {"speech": 12, "document": 1, "thought": 1, None: 1}
    for size in range(1, len(CLASSES) + 1):
        for classes in combinations(CLASSES, size):
            shown = texts(db, QuoteFilter(classes=classes))
            assert shown == [row["quote"] for row in store.dump_rows(db, classes=classes)], classes
            assert len(shown) == sum(counts.get(name, 0) for name in classes) + (
                counts[None] if set(SPEECH_LIKE) <= set(classes) else 0), classes
            assert (unclassed in shown) == (set(SPEECH_LIKE) <= set(classes)), classes
    assert texts(db, QuoteFilter(classes=("thought",))) == [
        "it destroyed 34 percent of Russia's strategic cruise missile carriers worth around $7 billion in the attack"]
    assert [(e.name, e.quotes) for e in queries.leaderboard(db, ("thought",))] == [("Ukraine's Security Service", 1)]
