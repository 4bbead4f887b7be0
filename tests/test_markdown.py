"""Markdown articles are read as the text a reader sees (issue 16, item 14)."""

from __future__ import annotations

import csv
import io
import sqlite3

from click.testing import CliRunner

from quotes.cli import cli
from quotes.markdown import to_plain
from quotes.sources import Article, read_file

ARTICLE = """---
date: 2025-06-02
---
# Council approves £2m bridge repair

*By a staff reporter*

“We will rebuild the bridge by spring,” Mayor Ann Hill said on Monday.

[Read the full report](https://example.org/report.pdf) and see ![the bridge](bridge.png).

## Reaction

> “It is **long overdue**,” said Bob Lee, who runs a shop by the river.

- The work starts in `March`.

```
print("not prose")
```
"""


def test_markdown_becomes_plain_paragraphs_with_the_heading_as_title():
    plain = to_plain(ARTICLE)
    assert plain.title == "Council approves £2m bridge repair" and plain.date == "2025-06-02"
    assert plain.text.split("\n\n") == [
        "Council approves £2m bridge repair", "By a staff reporter",
        "“We will rebuild the bridge by spring,” Mayor Ann Hill said on Monday.",
        "Read the full report and see .", "Reaction",
        "“It is long overdue,” said Bob Lee, who runs a shop by the river.", "The work starts in March.\n"]
    assert "https" not in plain.text and "#" not in plain.text and "print" not in plain.text


def test_front_matter_title_wins_and_a_file_of_only_markup_is_refused(tmp_path):
    assert to_plain("---\ntitle: \"From front matter\"\n---\n# Heading\n\nBody.\n").title == "From front matter"
    only = tmp_path / "links.md"
    only.write_text("![x](a.png)\n\n<div>html</div>\n", encoding="utf-8")
    [failure] = list(read_file(only))
    assert not isinstance(failure, Article) and "no article text in the Markdown" in failure.message


def test_a_markdown_article_is_analyzed_as_its_plain_text(tmp_path, pipeline):
    article = tmp_path / "council.md"
    article.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["analyze", str(article), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db) as conn:
        title, text = conn.execute("SELECT title, text FROM articles").fetchone()
    assert title == "Council approves £2m bridge repair" and text == to_plain(ARTICLE).text
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(cli, ["dump", "--db", str(db)]).stdout)))
    assert {r["quote"] for r in rows if r["kind"] == "direct"} == {
        "We will rebuild the bridge by spring,", "It is long overdue,"}
    assert {r["speaker"] for r in rows if r["kind"] == "direct"} == {"Ann Hill", "Bob Lee"}
    for row in rows:
        assert text[int(row["quote_start"]):int(row["quote_end"])] == row["quote"]
        assert "#" not in row["speaker"] and "Read" not in row["speaker"] and "Read the full" not in row["quote"]
