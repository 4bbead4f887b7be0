"""Review corrections in the core (quotes.corrections): stored, applied in the dump, kept across re-analysis."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from quotes import corrections, store
from quotes.cli import cli
from quotes.corrections import Cue, Speaker

from .sample import news_article


@pytest.fixture
def db(db_path):
    database = store.open_db(db_path)
    yield database
    database.close()


def quote_id(db, text: str) -> int:
    return db.execute("SELECT id FROM quotes WHERE text = ?", [text]).fetchone()[0]


def dump(db) -> dict[str, dict]:
    return {row["quote"]: row for row in store.dump_rows(db)}


def cli_dump(db_path) -> dict[str, dict]:
    result = CliRunner().invoke(cli, ["dump", "--db", str(db_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {row["quote"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


MINISTRY_QUOTE = "They were working under fire to help people,"
STRONGLY = "very strongly"


def test_schema_has_the_corrections_log_and_the_view_in_force(db):
    assert store.migrations.pending(db) == []
    assert store.schema_version(db) == len(store.migrations.applied(db)) >= 6
    assert {"corrections"} <= set(db.table_names()) and "current_corrections" in db.view_names()
    assert db["corrections"].count == 0


def test_speaker_correction_is_logged_with_a_timestamp_and_applied_in_the_dump(db, db_path):
    qid = quote_id(db, MINISTRY_QUOTE)
    row = corrections.correct(db, qid, speaker=Speaker("Oleksandr Syrskyi", "person"), when="2025-06-06T10:00:00+00:00")
    assert row is not None
    logged = corrections.history(db, qid)
    assert [(r["action"], r["speaker_name"], r["speaker_key"], r["created_at"]) for r in logged] == [
        ("speaker", "Oleksandr Syrskyi", "person:oleksandr syrskyi", "2025-06-06T10:00:00+00:00")]
    assert logged[0]["source"] == "samples/russia-ukraine-air-attacks.txt" and logged[0]["quote"] == MINISTRY_QUOTE
    for rows in (dump(db), cli_dump(db_path)):
        assert rows[MINISTRY_QUOTE]["speaker"] == "Oleksandr Syrskyi"
        assert rows[MINISTRY_QUOTE]["speaker_type"] == "person"
        assert rows[MINISTRY_QUOTE]["speaker_mention"] == "the ministry"      # what the text says is kept
        other = rows["three emergency responders were killed in the capital Kyiv"]
        assert other["speaker"] == "Ukraine's Interior Ministry"              # other quotes untouched
    assert list(dump(db)[MINISTRY_QUOTE]) == store.DUMP_COLUMNS


def test_cue_given_as_text_is_located_near_the_quote_and_gets_the_lemma_the_analysis_uses(db):
    article, _ = news_article()
    qid = quote_id(db, STRONGLY)
    corrections.correct(db, qid, cue="said")
    row = dump(db)[STRONGLY]
    assert row["cue"] == "said" and row["cue_lemma"] == "say"
    assert article.text[row["cue_start"]:row["cue_end"]] == "said"
    # the nearest "said" is the one of the same sentence ("Donald Trump said that ... “very strongly”")
    sentence_start = article.text.index("On Wednesday, US President Donald Trump said")
    assert sentence_start < row["cue_start"] < row["quote_start"]


def test_a_cue_that_is_not_in_the_text_is_kept_without_offsets(db):
    qid = quote_id(db, STRONGLY)
    corrections.correct(db, qid, cue="whispered")
    row = dump(db)[STRONGLY]
    assert (row["cue"], row["cue_lemma"], row["cue_start"], row["cue_end"]) == ("whispered", "whispered", None, None)


def test_not_a_quote_leaves_the_dump_and_revert_brings_everything_back(db):
    qid = quote_id(db, MINISTRY_QUOTE)
    before = dump(db)
    corrections.correct(db, qid, speaker=Speaker("Someone Else"), cue=Cue("claimed", "claim"), not_quote=True)
    assert MINISTRY_QUOTE not in dump(db) and len(dump(db)) == len(before) - 1
    assert corrections.current(db, qid).not_quote
    assert corrections.revert(db, qid) is not None
    assert dump(db) == before
    assert [r["action"] for r in corrections.history(db, qid)] == ["revert", "speaker,cue,not_quote"]
    assert corrections.revert(db, qid) is None      # nothing left to revert


def test_setting_the_analysis_own_values_stores_nothing(db):
    qid = quote_id(db, MINISTRY_QUOTE)
    same = Speaker("Ukraine's Interior Ministry", "organization")
    assert corrections.correct(db, qid, speaker=same, cue="said") is None
    assert corrections.correct(db, qid, not_quote=False) is None
    assert db["corrections"].count == 0


def test_corrections_survive_reanalysis_of_the_same_article(db, db_path):
    qid = quote_id(db, MINISTRY_QUOTE)
    corrections.correct(db, qid, speaker=Speaker("Donald Trump", "person"))
    corrections.correct(db, quote_id(db, STRONGLY), not_quote=True)
    store.save_article(db, *news_article())             # what `quotes analyze` does: rows deleted, re-inserted
    assert quote_id(db, MINISTRY_QUOTE) != qid
    rows = cli_dump(db_path)
    assert rows[MINISTRY_QUOTE]["speaker"] == "Donald Trump"
    assert STRONGLY not in rows
    assert corrections.orphans(db) == []


def test_corrections_do_not_stick_to_a_different_quote_when_the_text_changed(db):
    corrections.correct(db, quote_id(db, MINISTRY_QUOTE), speaker=Speaker("Donald Trump", "person"))
    article, attributions = news_article()
    article.text = article.text.replace("working under fire", "working under FIRE")
    for attribution in attributions:
        attribution.text = article.text[attribution.start:attribution.end]
    store.save_article(db, article, attributions)
    changed = "They were working under FIRE to help people,"
    assert dump(db)[changed]["speaker"] == "Ukraine's Interior Ministry"
    assert [o["quote"] for o in corrections.orphans(db)] == [MINISTRY_QUOTE]


def test_locate_cue_prefers_whole_words_outside_the_quote():
    text = 'Earlier he said a lot. "We said sayings," she said.'
    start = text.index("We")
    end = text.index(',"') + 1
    assert corrections.locate_cue(text, "said", start, end) == (text.rindex("said"), len(text) - 1)
    assert corrections.locate_cue(text, "SAID", start, end) == (text.rindex("said"), len(text) - 1)
    assert corrections.locate_cue(text, "say", start, end) is None      # "sayings" is not the word "say"
    inside = 'He says "we said it".'
    assert corrections.locate_cue(inside, "said", inside.index("we"), inside.index('it"') + 2) == (12, 16)
