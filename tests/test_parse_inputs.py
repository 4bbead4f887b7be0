"""`quotes parse` reads its input as `quotes analyze` does: HTML, Markdown, JSONL (issue 16, item 15)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from quotes.cli import cli

HTML = ("<html><head><title>City news</title></head><body><nav>Home | Sport | Weather</nav><article>"
        "<h1>City news</h1><p>“The bridge reopens on Monday after months of repairs,” the mayor said on Friday.</p>"
        "<p>Traffic is expected to return to normal levels within a week of the reopening.</p>"
        "</article><script>var tracking = 1;</script></body></html>")


def parse(*args, input=None):
    return CliRunner().invoke(cli, ["parse", *args], input=input, catch_exceptions=False)


def words(conllu: str) -> list[str]:
    return [line.split("\t")[1] for line in conllu.splitlines() if line[:1].isdigit()]


def test_html_is_parsed_as_its_article_text(tmp_path, pipeline):
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    result = parse(str(page))
    assert result.exit_code == 0, result.stderr
    tokens = words(result.stdout)
    assert "mayor" in tokens and "reopening" in tokens
    assert not {"<", "html", "script", "tracking", "article"} & set(tokens)
    assert result.stdout.startswith("# newdoc id = page\n")


def test_markdown_is_parsed_as_its_plain_text(tmp_path, pipeline):
    page = tmp_path / "note.md"
    page.write_text("# Council votes\n\n[Read it](https://example.org) now, she said.\n", encoding="utf-8")
    result = parse(str(page))
    assert result.exit_code == 0, result.stderr
    assert "#" not in words(result.stdout) and "https" not in result.stdout


def test_jsonl_is_parsed_line_by_line_or_one_line(tmp_path, pipeline):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a1", "text": "Ann Hill said it works."}) + "\nnot json\n"
                    + json.dumps({"id": "b2", "text": "Bob Lee agreed."}) + "\n", encoding="utf-8")
    every = parse(str(feed))
    assert every.exit_code == 1 and f"error: {feed}:2: bad JSONL line" in every.stderr
    assert [line for line in every.stdout.splitlines() if line.startswith("# newdoc")] == \
        ["# newdoc id = a1", "# newdoc id = b2"]
    assert "{" not in words(every.stdout) and "Hill" in words(every.stdout) and "Lee" in words(every.stdout)
    third = parse(str(feed), "--line", "3", "--format", "json")
    assert third.exit_code == 0, third.stderr
    sentences = json.loads(third.stdout)
    assert [w["text"] for w in sentences[0]] == ["Bob", "Lee", "agreed", "."]
    several = parse(str(feed), "--format", "json")
    assert [json.loads(line)["article"] for line in several.stdout.splitlines()] == ["a1", "b2"]
    missing = parse(str(feed), "--line", "9")
    assert missing.exit_code == 1 and "no article on line 9" in missing.stderr
    bad = parse(str(feed), "--line", "2")
    assert bad.exit_code == 1 and f"{feed}:2: bad JSONL line" in bad.stderr and not bad.stdout


def test_line_is_for_jsonl(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("Text.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(page), "--line", "1"])
    assert result.exit_code == 2 and "--line picks a line of a JSONL input" in result.output
