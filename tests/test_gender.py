"""Issue 18: speaker gender with evidence from the text, the given-name table, outlets and `quotes stats`."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from quotes import corrections, store
from quotes.attribution import attribute
from quotes.attribution.gender import MIN_SHARE, decide, given_name, name_statistics, word_gender
from quotes.cli import cli
from quotes.sources import Article, read_inputs

from .conftest import SAMPLE


def save(db, parse, name: str, text: str, outlet: str | None = None) -> None:
    store.save_article(db, Article(name, f"/corpus/{name}.txt", text, f"/corpus/{name}.txt", outlet=outlet),
                       attribute(parse(text)))


def genders(db) -> dict[str, tuple]:
    return {name: (gender, evidence) for name, gender, evidence in db.execute(
        "SELECT s.name, g.gender, g.gender_evidence FROM speakers s JOIN speaker_genders g ON g.key = s.key")}


def test_the_sample_article_gives_trump_male_from_the_pronoun_resolved_to_him(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "sample", SAMPLE.read_text(encoding="utf-8"))
    gender, evidence = genders(db)["Donald Trump"]
    assert gender == "male" and "pronoun he" in evidence


def test_a_pronoun_outranks_an_ambiguous_given_name(tmp_path, parse):
    assert name_statistics("Jordan")[0] is None                 # ambiguous in the table
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "a", "Jordan Smith said the bridge was safe. He added that repairs would start in May.")
    gender, evidence = genders(db)["Jordan Smith"]
    assert gender == "male" and evidence.startswith("pronoun he")


def test_honorifics_and_gendered_role_nouns(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "a", "Ms. Okafor said the school would reopen on Monday.")
    save(db, parse, "b", "Congresswoman Taylor Reed said the bill would pass.")
    found = genders(db)
    okafor = next(value for name, value in found.items() if "Okafor" in name)
    assert okafor[0] == "female" and "honorific ms." in okafor[1]
    assert found["Taylor Reed"][0] == "female" and "role congresswoman" in found["Taylor Reed"][1]


def test_conflicting_evidence_pooled_across_articles_gives_unknown(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "a", "Casey Morgan said the vote was close. He added that the count would take a week.")
    assert genders(db)["Casey Morgan"][0] == "male"
    save(db, parse, "b", "Casey Morgan said the vote was fair. She added that turnout had been high.")
    gender, evidence = genders(db)["Casey Morgan"]
    assert gender == "unknown" and evidence.startswith("conflict") and "he" in evidence and "she" in evidence
    assert decide([("pronoun", "he", "male", 3), ("honorific", "mrs.", "female", 1)], "Lee", "person") == (
        "unknown", "conflict: honorific mrs. ×1; pronoun he ×3")
    assert decide([("pronoun", "he", "male", 40), ("honorific", "mr.", "male", 40), ("pronoun", "she", "female", 2)],
                  "Barack Obama", "person")[0] == "male"         # a pronoun resolved to the wrong person
    assert decide([("pronoun", "he", "male", 9), ("pronoun", "she", "female", 1)], "Lee", "person")[0] == "male"
    assert decide([("pronoun", "he", "male", 8), ("pronoun", "she", "female", 1)], "Lee", "person")[0] == "unknown"
    assert decide([("pronoun", "she", "female", 3), ("coreference", "he", "male", 1),     # pronouns resolved
                   ("coreference", "his", "male", 1)], "Chris Lee", "person")[0] == "unknown"  # elsewhere count too
    save(db, parse, "b", "Casey Morgan said the vote was fair. Turnout was high, Morgan said.")   # re-analysed
    assert genders(db)["Casey Morgan"][0] == "male"              # that article's evidence replaced


def test_the_given_name_table_names_absent_and_non_ascii(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "a", "José Álvarez said the harvest was late. "
                         "Zoë Baird said prices would rise. Xochiquetzalli Ramírez said the market was closed.")
    found = genders(db)
    assert found["José Álvarez"][0] == "male" and found["José Álvarez"][1].startswith("given name José (")
    assert found["Zoë Baird"][0] == "female" and "given name Zoë" in found["Zoë Baird"][1]
    assert found["Xochiquetzalli Ramírez"] == ("unknown", "given name Xochiquetzalli: not in the table")
    assert MIN_SHARE == 0.95 and name_statistics("Kim")[0] is None and name_statistics("Hillary")[0] == "female"


def test_pronouns_elsewhere_in_the_article_that_resolve_to_the_speaker(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "a", "Robin Kelly said the bridge would reopen in May. Kelly has led the repairs since her "
                         "appointment last year.")
    assert name_statistics("Robin")[0] is None
    assert genders(db)["Robin Kelly"] == ("female", "coreference her ×1")
    save(db, parse, "b", "Homeland Security Secretary Jeh Johnson said hackers had tried to enter the systems. "
                         "Gov. Tom Reed praised the police on Monday. Johnson did not name the states in his remarks.")
    found = genders(db)         # `his` stands for the surname alone before it, not for the man of the sentence before
    assert found["Jeh Johnson"] == ("male", "coreference his ×1") and found["Tom Reed"][1].startswith("given name")
    save(db, parse, "c", "Dana Perry said the bridge would reopen. She added that the work would cost more.")
    assert genders(db)["Dana Perry"] == ("female", "pronoun she ×1")      # the quote's own mention counted once


def test_pronouns_in_quotations_are_no_evidence(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "a", "“He has no plan,” Casey Morgan said of the mayor.")
    assert genders(db)["Casey Morgan"] == ("unknown", "given name Casey: ambiguous (41% female)")


def test_a_pronoun_whose_clause_has_a_described_speaker_for_subject(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "a", "The senator said he would vote against the bill.")
    assert genders(db)["the senator"] == ("male", "coreference he ×1")
    save(db, parse, "b", "Quinn Baker's lawyer said on Monday that he would appeal the ruling.")   # `he`: Baker?
    assert genders(db)["Quinn Baker's lawyer"] == ("unknown", "no evidence")
    save(db, parse, "c", "Keith Scott's wife said the police had shot him. Keith Scott's wife pleads for his life "
                         "in the video.")
    # both sentences name her by the role (she `pleads`, too); `his` is not hers
    assert genders(db)["Keith Scott's wife"] == ("female", "role wife ×2")


def test_a_description_is_not_looked_up_in_the_name_table():
    assert [given_name(n) for n in ("the senator", "His ex-wife", "Gary Johnson’s doctor", "U.S. senator",
                                    "Charles de Gaulle", "Ludwig van Beethoven", "John G. Roberts Jr.")] == [
        None, None, None, None, "Charles", "Ludwig", "John"]
    assert decide([], "Gary Johnson’s doctor", "person") == ("unknown", "no evidence")
    assert word_gender("ex-wife") == ("role", "female") and word_gender("ex-husband") == ("role", "male")


def test_organisations_places_and_groups_have_no_gender(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "a", "The Interior Ministry said three people were killed. Russia said the attack had "
                         "failed. A source said the talks would resume.")
    rows = db.execute("SELECT name, type, gender, gender_evidence FROM speakers").fetchall()
    assert rows and all(gender is None and evidence is None for _, kind, gender, evidence in rows), rows


def dump(db_path) -> list[dict]:
    result = CliRunner().invoke(cli, ["dump", "--db", str(db_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_review_correction_of_gender_survives_reanalysis_and_shows_in_the_dump(tmp_path, parse):
    db_path = tmp_path / "q.db"
    db = store.open_db(db_path)
    text = "Jordan Smith said the bridge was safe. Repairs would start in May, Smith said."
    save(db, parse, "a", text)
    assert {(r["speaker_gender"], r["speaker_gender_evidence"]) for r in dump(db_path)} == {
        ("unknown", "given name Jordan: ambiguous (26% female)")}
    assert corrections.set_gender(db, "person:jordan smith", "female") is not None
    assert corrections.set_gender(db, "person:jordan smith", "female") is None      # nothing changes
    save(db, parse, "a", text + " ")                                                # re-analysed
    assert {(r["speaker_gender"], r["speaker_gender_evidence"]) for r in dump(db_path)} == {("female", "review")}
    row = db.execute("SELECT speaker_gender FROM attributions LIMIT 1").fetchone()
    assert row[0] == "female"
    corrections.set_gender(db, "person:jordan smith", None)                         # back to the analysis'
    assert {r["speaker_gender"] for r in dump(db_path)} == {"unknown"}


def test_stats_by_outlet_with_corrections_applied(tmp_path, parse):
    db_path = tmp_path / "q.db"
    db = store.open_db(db_path)
    save(db, parse, "a", "Ann Hill said the bridge would reopen. A source said the contract was late.", "Gazette")
    save(db, parse, "b", "Tom Clarke said the river had flooded. Mary Jones said the road was shut. "
                         "The council said repairs would start.", "Courier")
    save(db, parse, "c", "The report said costs had doubled.")
    result = CliRunner().invoke(cli, ["stats", "--db", str(db_path), "--by", "outlet", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = {row["group"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert set(rows) == {"Gazette", "Courier", "(no outlet)"}
    gazette, courier = rows["Gazette"], rows["Courier"]
    assert (gazette["quotes"], gazette["speakers_female"], gazette["quotes_anonymous"]) == (2, 1, 1)
    assert gazette["women_share"] == 1.0 and gazette["anonymous_share"] == 0.5
    assert (courier["speakers_female"], courier["speakers_male"], courier["women_share"]) == (1, 1, 0.5)
    assert courier["speakers_organization"] + courier["speakers_government"] + courier["speakers_group"] == 1
    corrections.set_gender(db, "person:tom clarke", "female")
    result = CliRunner().invoke(cli, ["stats", "--db", str(db_path), "--format", "csv"], catch_exceptions=False)
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["group"], row["speakers_female"], row["speakers_male"]) == ("all", "3", "0")
    table = CliRunner().invoke(cli, ["stats", "--db", str(db_path), "--by", "outlet"], catch_exceptions=False)
    assert "Gazette" in table.stdout and "Courier" in table.stdout and table.stderr == ""


def test_outlets_from_jsonl_and_the_command_line(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "1", "text": "A said B.", "outlet": "Gazette"}) + "\n"
                    + json.dumps({"id": "2", "text": "C said D.", "source": "Courier"}) + "\n", encoding="utf-8")
    assert [a.outlet for a in read_inputs([str(feed)], 10_000)] == ["Gazette", "Courier"]
    result = CliRunner().invoke(cli, ["analyze", str(feed), "--db", str(tmp_path / "q.db"), "--outlet", " "])
    assert result.exit_code != 0 and "--outlet must not be empty" in result.output


def test_outlet_from_the_command_line_and_from_html(tmp_path):
    article = tmp_path / "bridge.txt"
    article.write_text("“The bridge will reopen on Monday,” Ann Hill said.\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Bridge</title><meta property='og:site_name' content='The Gazette'></head>"
                    "<body><article><p>“The bridge will reopen on Monday,” Ann Hill said. She added that the "
                    "repairs had cost two million pounds, and that the council would pay.</p></article></body>"
                    "</html>", encoding="utf-8")
    assert [a.outlet for a in read_inputs([str(page)], 10_000)] == ["The Gazette"]
    db_path = tmp_path / "q.db"
    for outlet in ("Courier", "Herald"):        # the second run: unchanged text, a new outlet stored all the same
        result = CliRunner().invoke(cli, ["analyze", str(article), "--db", str(db_path), "--outlet", outlet])
        assert result.exit_code == 0, result.output
        db = store.open_db(db_path)
        assert db.execute("SELECT outlet FROM articles").fetchall() == [(outlet,)]
        db.close()


def test_an_older_database_gets_genders_from_the_name_table(tmp_path):
    import sqlite_utils

    db_path = tmp_path / "old.db"
    old = sqlite_utils.Database(db_path)
    store.migrations.apply(old, stop_before="m008_gender_and_outlets")
    old["speakers"].insert_all([
        {"key": "person:ann hill", "name": "Ann Hill", "type": "person", "anonymous": 0, "aliases": "[]",
         "surname_only": 0},
        {"key": "person:clarke (male)", "name": "Mr. Clarke", "type": "person", "anonymous": 0, "aliases": "[]",
         "gender": "male", "surname_only": 1},
        {"key": "organization:the council", "name": "the council", "type": "organization", "anonymous": 0,
         "aliases": "[]", "surname_only": 0}])
    old.close()
    db = store.open_db(db_path)
    rows = {name: (gender, evidence) for name, gender, evidence in db.execute(
        "SELECT name, gender, gender_evidence FROM speakers")}
    assert rows["Ann Hill"] == ("female", "given name Ann (100% female)")
    assert rows["Mr. Clarke"][0] == "male" and rows["the council"] == (None, None)
