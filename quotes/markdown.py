"""Markdown articles as plain text (with markdown-it-py, the CommonMark parser Rich uses).

The analysis needs prose: `# Council approves` must not read as a speaker named `# Council`, nor
`[Read the full report](https://…)` as a quote. So the text of an article written in Markdown is
what a reader sees: headings, paragraphs, list items and block quotes each become a paragraph
(blank-line separated, as the analysis expects), emphasis and code marks are dropped, links keep
their text and lose their targets, images, raw HTML and code blocks are left out. The first
heading (the highest level) is the title, and a YAML front-matter block gives `title` and `date`.
Offsets in the database are into this plain text, as they are into the text extracted from HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^(title|date)[ \t]*:[ \t]*(.+?)[ \t]*$", re.MULTILINE | re.IGNORECASE)


@dataclass
class Plain:
    text: str
    title: str | None = None
    date: str | None = None


def _front_matter(source: str) -> tuple[str, dict[str, str]]:
    match = _FRONT_MATTER.match(source)
    if not match:
        return source, {}
    fields = {name.lower(): value.strip().strip("\"'") for name, value in _FIELD.findall(match.group(1))}
    return source[match.end():], fields


def _inline(token) -> str:
    """What a reader sees of a run of inline Markdown: text and code, not link targets, images or HTML."""
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def to_plain(source: str) -> Plain:
    """The plain text of a Markdown document, its title and date."""
    from markdown_it import MarkdownIt

    body, fields = _front_matter(source)
    paragraphs: list[str] = []
    headings: list[tuple[int, str]] = []
    level = None
    for token in MarkdownIt("commonmark").parse(body):
        if token.type == "heading_open":
            level = int(token.tag[1:])
        elif token.type == "heading_close":
            level = None
        elif token.type == "inline":
            text = _inline(token).strip()
            if text:
                paragraphs.append(text)
                if level is not None:
                    headings.append((level, " ".join(text.split())))
    title = fields.get("title") or (min(headings, key=lambda heading: heading[0])[1] if headings else None)
    text = "\n\n".join(paragraphs)
    return Plain(text + "\n" if text else "", title or None, fields.get("date") or None)
