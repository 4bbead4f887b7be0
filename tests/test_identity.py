"""Inputs and identity: what an article is called and when one replaces another (issue 16, items 12-13)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from click.testing import CliRunner

from quotes import queries, store
from quotes.cli import cli
from quotes.sources import Article

FIRST = "“The bridge will reopen on Monday,” the mayor said.\n"
SECOND = "“The road stays closed until June,” the police said.\n"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def dump(db_path) -> list[dict]:
    result = run("dump", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def article_names(db_path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT source, name FROM articles ORDER BY source").fetchall()


def test_two_different_articles_piped_in_are_two_articles(tmp_path, pipeline):
    db = tmp_path / "t.db"
    for text in (FIRST, SECOND):
        result = run("analyze", "-", "--db", str(db), input=text)
        assert result.exit_code == 0, result.stderr
        assert "1 analyzed, 0 unchanged" in result.stderr and "replac" not in result.stderr
    rows = dump(db)
    assert {r["quote"] for r in rows} == {"The bridge will reopen on Monday,", "The road stays closed until June,"}
    names = [name for _, name in article_names(db)]
    assert len(set(names)) == 2 and all(name.startswith("stdin-") for name in names)
    again = run("analyze", "-", "--db", str(db), input=FIRST)              # the same text again: unchanged
    assert "0 analyzed, 1 unchanged" in again.stderr


def test_a_named_stdin_article_replaced_by_other_text_says_so(tmp_path, pipeline):
    db = tmp_path / "t.db"
    first = run("analyze", "-", "--name", "council", "--db", str(db), input=FIRST)
    assert first.exit_code == 0, first.stderr
    assert article_names(db) == [("-#council", "council")]
    second = run("analyze", "-", "--name", "council", "--db", str(db), input=SECOND)
    assert second.exit_code == 0, second.stderr
    assert "1 analyzed (1 replacing a stored article with other text)" in second.stderr
    assert "replaced: -#council: article 'council' had other text; its quotes were replaced" in second.stderr
    assert [r["quote"] for r in dump(db)] == ["The road stays closed until June,"]


def test_a_changed_file_is_reported_as_replaced(tmp_path, pipeline):
    db, article = tmp_path / "t.db", tmp_path / "story.txt"
    article.write_text(FIRST, encoding="utf-8")
    assert run("analyze", str(article), "--db", str(db)).exit_code == 0
    article.write_text(SECOND, encoding="utf-8")
    result = run("analyze", str(article), "--db", str(db))
    assert f"replaced: {article}: article 'story' had other text" in result.stderr


def test_name_without_stdin_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "a.txt"), "--name", "x", "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 2 and "--name names the article read from standard input" in result.output


def test_stdin_jsonl_lines_without_ids_are_named_by_their_content(tmp_path, pipeline):
    db = tmp_path / "t.db"
    for text in (FIRST, SECOND):
        result = run("analyze", "-", "--db", str(db), input=json.dumps({"text": text}) + "\n")
        assert result.exit_code == 0, result.stderr
    assert len({name for _, name in article_names(db)}) == 2


def test_files_with_one_name_in_two_folders_get_the_shortest_distinguishing_path(tmp_path, pipeline):
    for folder, text in (("a", FIRST), ("b", SECOND)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "t.db"
    assert run("analyze", str(tmp_path / "a"), "--db", str(db)).exit_code == 0
    assert [name for _, name in article_names(db)] == ["index"]
    assert run("analyze", str(tmp_path / "b"), "--db", str(db)).exit_code == 0      # a later run
    assert [name for _, name in article_names(db)] == ["a/index", "b/index"]
    assert {r["article"] for r in dump(db)} == {"a/index", "b/index"}
    with sqlite3.connect(db) as conn:
        assert [entry.name for entry in queries.articles(conn)] == ["a/index", "b/index"]
    assert run("analyze", str(tmp_path / "a"), str(tmp_path / "b"), "--db", str(db)).exit_code == 0
    assert [name for _, name in article_names(db)] == ["a/index", "b/index"]    # names are kept


def test_deeper_clashes_and_jsonl_ids_are_told_apart(tmp_path):
    db = store.open_db(tmp_path / "t.db")
    for source in ("x/a/index.txt", "y/a/index.txt", "z/index.txt"):
        store.save_article(db, Article("index", source, FIRST, path=source), [])
    for source in ("2024/feed.jsonl#42", "2025/feed.jsonl#42"):
        store.save_article(db, Article("42", source, FIRST, path=source.split("#")[0]), [])
    names = dict(db.execute("SELECT source, name FROM articles").fetchall())
    assert names == {"x/a/index.txt": "x/a/index", "y/a/index.txt": "y/a/index", "z/index.txt": "index",
                     "2024/feed.jsonl#42": "2024/feed#42", "2025/feed.jsonl#42": "2025/feed#42"}
    assert len(set(names.values())) == len(names)
