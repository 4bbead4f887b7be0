"""End-to-end through the CLI on a real SQLite file."""

import csv
import io
import json

import pytest
import sqlite_utils
from click.testing import CliRunner

from quotes import store
from quotes.cli import cli
from quotes.sources import stdin_name

from .conftest import SAMPLE

REQUIRED_COLUMNS = ["quote_id", "article", "kind", "quote", "quote_start", "quote_end", "speaker",
                    "speaker_mention", "speaker_start", "speaker_end", "speaker_type", "cue", "cue_lemma",
                    "cue_start", "cue_end", "path"]


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, pipeline):
    db_path = tmp_path_factory.mktemp("db") / "quotes.db"
    result = run("analyze", str(SAMPLE), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    return db_path


def dump_csv(db_path, *extra):
    result = run("dump", "--db", str(db_path), *extra)
    assert result.exit_code == 0
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_dump_has_the_documented_columns_and_exact_offsets(sample_db):
    rows = dump_csv(sample_db)
    assert rows and list(rows[0])[:len(REQUIRED_COLUMNS)] == REQUIRED_COLUMNS
    text = SAMPLE.read_text(encoding="utf-8")
    for row in rows:
        assert row["article"] == SAMPLE.stem
        assert text[int(row["quote_start"]):int(row["quote_end"])] == row["quote"]
        if row["cue"]:
            assert text[int(row["cue_start"]):int(row["cue_end"])] == row["cue"]
        if row["speaker_mention"]:
            assert text[int(row["speaker_start"]):int(row["speaker_end"])] == row["speaker_mention"]
    ministry = [r for r in rows if r["quote"].startswith("They were working under fire")]
    assert ministry[0]["speaker"] == "Ukraine's Interior Ministry" and ministry[0]["kind"] == "direct"


def test_dump_filters_by_kind_and_writes_jsonl(sample_db, tmp_path):
    direct = dump_csv(sample_db, "--kind", "direct", "--kind", "mixed")
    assert direct and {r["kind"] for r in direct} <= {"direct", "mixed"}
    out = tmp_path / "quotes.jsonl"
    assert run("dump", "--db", str(sample_db), "--format", "jsonl", "-o", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == len(dump_csv(sample_db))
    assert {"quote", "speaker", "cue"} <= set(records[0])


def test_rerun_on_unchanged_content_does_no_work(sample_db):
    result = run("analyze", str(SAMPLE), "--db", str(sample_db))
    assert result.exit_code == 0
    assert "0 analyzed, 1 unchanged, 0 failed" in result.stderr


def test_changed_content_replaces_the_articles_rows(tmp_path, pipeline):
    article = tmp_path / "story.txt"
    article.write_text("“We will rebuild the bridge,” Ann Hill said.\n", encoding="utf-8")
    db_path = tmp_path / "q.db"
    assert run("analyze", str(article), "--db", str(db_path)).exit_code == 0
    article.write_text("“The roads are closed until Friday,” the police said.\n", encoding="utf-8")
    assert run("analyze", str(article), "--db", str(db_path)).exit_code == 0
    rows = dump_csv(db_path)
    assert [r["quote"] for r in rows] == ["The roads are closed until Friday,"]
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 1
    assert [r["name"] for r in db["speakers"].rows] == ["the police"]


def test_speakers_table(sample_db):
    result = CliRunner().invoke(cli, ["speakers", "--db", str(sample_db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Donald Trump" in result.stdout and "Ukraine's Interior Ministry" in result.stdout


def test_jsonl_html_and_stdin_inputs(tmp_path, pipeline):
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text(json.dumps({"id": "a1", "title": "Bridge", "text": "“It is open,” Ann Hill said."}) + "\n"
                     + "not json\n", encoding="utf-8")
    html = tmp_path / "page.html"
    html.write_text("<html><head><title>City news</title></head><body><article><h1>City news</h1>"
                    "<p>“The bridge reopens on Monday after months of repairs,” the mayor said on Friday.</p>"
                    "<p>Traffic is expected to return to normal levels within a week of the reopening.</p>"
                    "</article><script>alert(1)</script></body></html>", encoding="utf-8")
    db_path = tmp_path / "q.db"
    result = run("analyze", str(jsonl), str(html), "-", "--db", str(db_path),
                 input="“We are ready,” the coach said.")
    assert result.exit_code == 1  # the malformed JSONL line is a failure
    assert "feed.jsonl:2" in result.stderr
    rows = dump_csv(db_path)
    names = {r["article"] for r in rows}
    assert {"a1", "page"} < names and len(names) == 3
    assert (names - {"a1", "page"}).pop() == stdin_name("“We are ready,” the coach said.")
    db = sqlite_utils.Database(db_path)
    assert db.execute("SELECT title FROM articles WHERE name = 'a1'").fetchone()[0] == "Bridge"


def test_missing_path_is_a_clear_error(tmp_path):
    result = run("analyze", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "q.db"))
    assert result.exit_code == 1
    assert "no such file or directory" in result.stderr
    assert "Traceback" not in result.output


def test_dump_without_database_fails_cleanly(tmp_path):
    result = run("dump", "--db", str(tmp_path / "missing.db"))
    assert result.exit_code != 0 and "run `quotes analyze` first" in result.output


def test_database_schema(sample_db):
    db = store.open_db(sample_db)
    assert db.journal_mode == "wal"
    assert store.schema_version(db) >= 1
    assert {fk.other_table for fk in db["quotes"].foreign_keys} == {"articles", "speakers"}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    hits = list(db["quotes"].search("working under fire"))
    assert hits and "They were working" in hits[0]["text"]


def test_dump_one_row_per_attribution_across_an_interrupting_clause(tmp_path, pipeline):
    text = "“There was no order,” said the chief, who described the raid in detail. “We went at once.”\n"
    (tmp_path / "chief.txt").write_text(text, encoding="utf-8")
    db_path = tmp_path / "q.db"
    assert run("analyze", str(tmp_path / "chief.txt"), "--db", str(db_path)).exit_code == 0
    assert [r["kind"] for r in dump_csv(db_path)] == ["direct", "indirect", "direct"]
    # each quote row names the speaker's mention, and its source as PolNeAR marks it
    assert {(r["speaker_mention"], r["source"]) for r in dump_csv(db_path) if r["kind"] == "direct"} == {
        ("the chief", "the chief, who described the raid in detail")}
    (row,) = dump_csv(db_path, "--unit", "attribution")
    # the unit is the attribution: its spans are the content, quote marks included, and the source
    assert row["quote"] == row["content"] == text[:-1] and row["cue"] == row["cue_phrase"] == "said"
    assert row["speaker_mention"] == text[int(row["speaker_start"]):int(row["speaker_end"])] == row["source"]


def test_dump_one_row_per_attribution(tmp_path, pipeline):
    text = ("“We will rebuild the bridge,” Ann Hill said, “and the school.”\n\n"
            "Bob Lee said that the plan was “a disaster” for the town.\n\n"
            "Ann Hill said Bob Lee told her that the school will reopen.\n")
    (tmp_path / "town.txt").write_text(text, encoding="utf-8")
    db_path = tmp_path / "q.db"
    assert run("analyze", str(tmp_path / "town.txt"), "--db", str(db_path)).exit_code == 0
    quotes = dump_csv(db_path)
    assert [(r["kind"], r["quote"]) for r in quotes] == [
        ("direct", "We will rebuild the bridge,"), ("direct", "and the school."),
        ("indirect", "the plan was “a disaster” for the town"), ("mixed", "a disaster"),
        ("indirect", "Bob Lee told her that the school will reopen"), ("indirect", "the school will reopen")]
    attributions = dump_csv(db_path, "--unit", "attribution")
    assert [(r["kind"], r["quote"], r["speaker"], r["cue"]) for r in attributions] == [
        ("direct", "“We will rebuild the bridge,” Ann Hill said, “and the school.”", "Ann Hill", "said"),
        ("indirect", "that the plan was “a disaster” for the town", "Bob Lee", "said"),
        ("indirect", "Bob Lee told her that the school will reopen", "Ann Hill", "said")]
    for row in attributions:
        assert text[int(row["quote_start"]):int(row["quote_end"])] == row["quote"]


def test_of_two_clauses_given_each_other_as_content_the_one_after_its_cue_stays():
    """`X said A, but he did not say B`, with each cue given a content that holds the other cue: the
    attribution unit keeps the one whose content follows its cue, though its cue lies in the other's
    content; reported speech nested in a content (`said he thinks`) still yields."""
    text = "The spokesman said the minister stopped the practice, but he did not say when."

    def row(kind, quote, cue):
        start, cue_start = text.index(quote), text.index(cue)
        return {"article": "a", "path": "a.txt", "kind": kind, "quote": quote, "quote_start": start,
                "quote_end": start + len(quote), "cue": cue, "cue_start": cue_start,
                "cue_end": cue_start + len(cue), "speaker_start": None}

    said = row("indirect", "the minister stopped the practice, but he did not say when", "said")
    did_not_say = row("indirect", "The spokesman said the minister stopped the practice, but he", "did not say")
    kept = list(store.attribution_rows([did_not_say, said], lambda _: text))
    assert [r["cue"] for r in kept] == ["said"]
    nested = row("indirect", "the practice", "stopped")
    assert [r["cue"] for r in store.attribution_rows([said, nested], lambda _: text)] == ["said"]


def test_attribution_unit_nests_by_content_not_by_the_quote_span():
    """A clause nests in another attribution when its cue lies in that one's content (PolNeAR's
    span), not merely in its wider quote span; a mixed quote inside any reported clause's content is
    part of that clause."""
    text = "Most said they were worried, and some said the plan was “a mess” in the end."

    def row(kind, quote, cue, content=None):
        start, cue_start = text.index(quote), text.index(cue)
        content = content or quote
        return {"article": "a", "path": "a.txt", "kind": kind, "quote": quote, "quote_start": start,
                "quote_end": start + len(quote), "content": content, "content_start": text.index(content),
                "content_end": text.index(content) + len(content), "cue": cue, "cue_start": cue_start,
                "cue_end": cue_start + len(cue), "speaker_start": None}

    first = row("indirect", "they were worried, and some said the plan was", "said", "they were worried")
    second = row("indirect", "the plan was “a mess” in the end", "some said")
    mixed = row("mixed", "a mess", "Most said")
    kept = list(store.attribution_rows([first, second, mixed], lambda _: text))
    assert [r["quote"] for r in kept] == ["they were worried", "the plan was “a mess” in the end"]


def test_device_cpu_parses_and_cuda_without_a_gpu_is_one_line(tmp_path, pipeline):
    import torch

    article = tmp_path / "a.txt"
    article.write_text("“We are ready,” the mayor said.\n")
    result = CliRunner().invoke(cli, ["analyze", str(article), "--db", str(tmp_path / "t.db"), "--device", "cpu"])
    assert result.exit_code == 0, result.output
    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    auto = CliRunner().invoke(cli, ["parse", str(article), "--device", "auto"])
    assert auto.exit_code == 0 and "device: cpu (no CUDA GPU seen by torch)" in auto.output
    result = CliRunner().invoke(cli, ["parse", str(article), "--device", "cuda"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: --device cuda: torch sees no CUDA GPU on this machine (use --device cpu or auto)"]
