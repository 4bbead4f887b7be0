"""Read-side queries for browsing a quotes database (the terminal UI's data access).

Plain SQL over the store's tables with review corrections applied (see
``corrections``). Nothing here knows about the UI: every function takes an open
connection (``sqlite3.Connection`` or ``sqlite_utils.Database``) and returns
plain data. Lists that can be long are fetched in two steps: ``quote_ids``
gives the ordered ids of a filtered view (cheap, even for 100,000 quotes) and
``quote_rows`` the display fields of one page of them.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .attribution.document import PARAGRAPH_BREAK
from .attribution.classes import SPEECH_LIKE
from .corrections import CORRECTED_FROM, DUMP_SELECT, EFFECTIVE, KEPT, ORDER, class_clause
from .store import DUMP_COLUMNS, spreadsheet_safe

KINDS = ("direct", "mixed", "indirect")
NO_SPEAKER = ""     # QuoteFilter.speaker_key for quotes without a speaker
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class QuoteFilter:
    """What the quotes view shows: a full-text search and filters, all optional."""

    search: str = ""
    speaker_key: str | None = None      # the effective speaker's key, or NO_SPEAKER
    kind: str | None = None
    article_id: int | None = None
    include_rejected: bool = False      # also quotes a reviewer marked as not a quote
    classes: tuple[str, ...] = ()       # only these cue classes, () for all (see corrections.class_clause)
    gender: str | None = None           # only person speakers of this gender (female, male, unknown), review applied


@dataclass(frozen=True)
class QuoteRow:
    """One line of the quotes table."""

    id: int
    speaker: str | None
    speaker_key: str | None
    cue: str | None
    kind: str
    text: str
    article: str
    article_id: int
    not_quote: bool
    corrected: bool


@dataclass(frozen=True)
class Quote(QuoteRow):
    """A quote with everything needed to show it in context."""

    start: int = 0
    end: int = 0
    speaker_type: str | None = None
    speaker_anonymous: bool = False
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_lemma: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    rule: str | None = None


@dataclass(frozen=True)
class Article:
    id: int
    name: str
    source: str
    title: str | None
    text: str
    path: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ArticleEntry:
    """An article in a picker: name, title and how many quotes it has."""

    id: int
    name: str
    title: str | None
    quotes: int


@dataclass(frozen=True)
class SpeakerEntry:
    """A line of the speaker leaderboard (corrections applied)."""

    key: str
    name: str
    type: str
    anonymous: bool
    quotes: int
    articles: int
    aliases: list[str] = field(default_factory=list)    # the name forms, the canonical name left out
    roles: list[str] = field(default_factory=list)      # `Republican`, `Sen.`, `GOP nominee`
    gender: str | None = None                           # female, male, unknown (people only), review applied


def fts_query(text: str) -> str | None:
    """An FTS5 query for what a person typed: every word must match, as a prefix. None if no words."""
    words = _WORD.findall(text)
    return " ".join(f'"{word}"*' for word in words) or None


def _where(view: QuoteFilter) -> tuple[str, list]:
    clauses, params = [], []
    if not view.include_rejected:
        clauses.append(KEPT)
    if view.kind:
        clauses.append("q.kind = ?")
        params.append(view.kind)
    if view.article_id is not None:
        clauses.append("q.article_id = ?")
        params.append(view.article_id)
    if view.classes:
        clauses.append(class_clause(view.classes))
        params += list(view.classes)
    if view.gender is not None:
        clauses.append(f"{EFFECTIVE['speaker_type']} = 'person' AND {EFFECTIVE['speaker_gender']} = ?")
        params.append(view.gender)
    if view.speaker_key == NO_SPEAKER:
        clauses.append(f"{EFFECTIVE['speaker_key']} IS NULL")
    elif view.speaker_key is not None:     # = EFFECTIVE['speaker_key'], in a form that uses the speaker index
        clauses.append("(c.speaker_key = ? OR (c.speaker_key IS NULL AND q.speaker_id IN "
                       "(SELECT id FROM speakers WHERE key = ?)))")
        params += [view.speaker_key, view.speaker_key]
    match = fts_query(view.search)
    if match is not None:
        clauses.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(match)
    elif view.search.strip():
        clauses.append("0")         # only punctuation typed: nothing can match
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


class SearchError(ValueError):
    """A search the database could not run; the message is fit to show as it is (plain text, one line)."""


def quote_ids(db, view: QuoteFilter) -> list[int]:
    """Ids of the quotes in a view, in article order. Raises ``SearchError`` when the full-text search
    fails (what was typed only ever reaches SQL as a bound parameter, quoted word by word, so this means
    a damaged or missing search index, not a syntax error of the person's)."""
    where, params = _where(view)
    try:
        return [row[0] for row in db.execute(f"SELECT q.id {CORRECTED_FROM} {where} ORDER BY {ORDER}", params)]
    except sqlite3.OperationalError as error:
        if fts_query(view.search) is None or "interrupt" in str(error).lower():
            raise
        typed = " ".join(view.search.split())[:60]
        raise SearchError(f"Cannot search for “{typed}”: {error}. Try other words, or clear the search (c); "
                          f"if it persists, the search index may need rebuilding.") from error


_ROW_COLUMNS = f"""q.id, {EFFECTIVE['speaker']} AS speaker, {EFFECTIVE['speaker_key']} AS speaker_key,
    {EFFECTIVE['cue']} AS cue, q.kind, q.text, a.name AS article, q.article_id,
    {EFFECTIVE['not_quote']} AS not_quote, {EFFECTIVE['corrected']} AS corrected"""
_QUOTE_COLUMNS = f"""{_ROW_COLUMNS}, q.start, q."end", {EFFECTIVE['speaker_type']} AS speaker_type,
    {EFFECTIVE['speaker_anonymous']} AS speaker_anonymous, q.speaker_mention, q.speaker_start, q.speaker_end,
    {EFFECTIVE['cue_lemma']} AS cue_lemma, {EFFECTIVE['cue_start']} AS cue_start,
    {EFFECTIVE['cue_end']} AS cue_end, q.rule"""


def _quote_row(values: Sequence) -> QuoteRow:
    (id_, speaker, key, cue, kind, text, article, article_id, not_quote, corrected) = values[:10]
    return QuoteRow(id_, speaker, key, cue, kind, text, article, article_id, bool(not_quote), bool(corrected))


def _quote(values: Sequence) -> Quote:
    row = _quote_row(values)
    (start, end, speaker_type, anonymous, mention, mention_start, mention_end, lemma, cue_start, cue_end,
     rule) = values[10:]
    return Quote(**row.__dict__, start=start, end=end, speaker_type=speaker_type,
                 speaker_anonymous=bool(anonymous), speaker_mention=mention, speaker_start=mention_start,
                 speaker_end=mention_end, cue_lemma=lemma, cue_start=cue_start, cue_end=cue_end, rule=rule)


def quote_rows(db, ids: Iterable[int]) -> dict[int, QuoteRow]:
    """Display rows of the given quotes, by id."""
    ids = list(ids)
    rows: dict[int, QuoteRow] = {}
    for first in range(0, len(ids), 500):
        chunk = ids[first:first + 500]
        marks = ", ".join("?" for _ in chunk)
        for values in db.execute(f"SELECT {_ROW_COLUMNS} {CORRECTED_FROM} WHERE q.id IN ({marks})", chunk):
            rows[values[0]] = _quote_row(values)
    return rows


def quote(db, quote_id: int) -> Quote | None:
    values = db.execute(f"SELECT {_QUOTE_COLUMNS} {CORRECTED_FROM} WHERE q.id = ?", [quote_id]).fetchone()
    return _quote(values) if values else None


def article(db, article_id: int) -> Article | None:
    values = db.execute("SELECT id, name, source, title, text, path, date, url FROM articles WHERE id = ?",
                        [article_id]).fetchone()
    return Article(*values) if values else None


def article_quotes(db, article_id: int, include_rejected: bool = True) -> list[Quote]:
    """Every quote of an article in text order (corrections applied)."""
    where = "WHERE q.article_id = ?" + ("" if include_rejected else f" AND {KEPT}")
    return [_quote(values) for values in db.execute(
        f"SELECT {_QUOTE_COLUMNS} {CORRECTED_FROM} {where} ORDER BY q.start, q.id", [article_id])]


def articles(db) -> list[ArticleEntry]:
    """Articles with their quote counts (quotes marked as not a quote left out), by name."""
    cursor = db.execute(f"""
        SELECT a.id, a.name, a.title, COUNT(q.id) FROM articles a
        LEFT JOIN (SELECT q.id, q.article_id {CORRECTED_FROM} WHERE {KEPT}) q ON q.article_id = a.id
        GROUP BY a.id ORDER BY a.name, a.id""")
    return [ArticleEntry(*values) for values in cursor]


def class_counts(db, view: QuoteFilter) -> dict[str | None, int]:
    """How many quotes of a view each cue class has, the view's own class filter left aside (what
    choosing one class alone would show); None counts the quotes stored before classes existed."""
    where, params = _where(replace(view, classes=()))
    return dict(db.execute(f"SELECT q.cue_class, COUNT(*) {CORRECTED_FROM} {where} GROUP BY 1", params).fetchall())


def leaderboard(db, classes: Sequence[str] = SPEECH_LIKE) -> list[SpeakerEntry]:
    """Speakers (corrections applied) with their quote and article counts, most quoted first; only
    attributions of the given cue classes count (by default the speech-like ones; () for all)."""
    key = EFFECTIVE["speaker_key"]
    only = f" AND {class_clause(classes)}" if classes else ""
    cursor = db.execute(f"""
        SELECT {key} AS key, MAX({EFFECTIVE['speaker']}) AS name, MAX({EFFECTIVE['speaker_type']}) AS type,
               MAX({EFFECTIVE['speaker_anonymous']}) AS anonymous, COUNT(*) AS quotes,
               COUNT(DISTINCT q.article_id) AS articles
        {CORRECTED_FROM} WHERE {KEPT} AND {key} IS NOT NULL{only}
        GROUP BY 1 ORDER BY quotes DESC, name""", list(classes))
    rows = cursor.fetchall()
    aliases, roles = {}, {}
    for key, names, known_roles in db.execute("SELECT key, aliases, roles FROM speakers"):
        aliases[key], roles[key] = json.loads(names or "[]"), json.loads(known_roles or "[]")
    genders = dict(db.execute("SELECT key, gender FROM speaker_genders").fetchall())
    return [SpeakerEntry(k, name, type_, bool(anonymous), quotes, count,
                         [a for a in aliases.get(k, []) if a != name], roles.get(k, []),
                         genders.get(k) if type_ == "person" else None)
            for k, name, type_, anonymous, quotes, count in rows]


def rejected_count(db, view: QuoteFilter) -> int:
    """How many quotes of a view (that includes them) are marked as not a quote."""
    where, params = _where(replace(view, include_rejected=True))
    where = f"{where} AND NOT ({KEPT})" if where else f"WHERE NOT ({KEPT})"
    return db.execute(f"SELECT COUNT(*) {CORRECTED_FROM} {where}", params).fetchone()[0]


def quote_count(db, include_rejected: bool = False) -> int:
    where = "" if include_rejected else f"WHERE {KEPT}"
    return db.execute(f"SELECT COUNT(*) {CORRECTED_FROM} {where}").fetchone()[0]


def paragraph_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraphs (blank-line separated) that hold text[start:end]."""
    begin = 0
    for match in PARAGRAPH_BREAK.finditer(text, 0, max(start, 0)):
        begin = match.end()
    after = PARAGRAPH_BREAK.search(text, max(end, begin))
    return begin, after.start() if after else len(text)


def context_span(item: Quote, text: str) -> tuple[int, int]:
    """The paragraphs around a quote that also hold its speaker mention and its cue."""
    points = [(item.start, item.end)]
    for start, end in ((item.speaker_start, item.speaker_end), (item.cue_start, item.cue_end)):
        if start is not None and end is not None:
            points.append((start, end))
    return paragraph_span(text, min(p[0] for p in points), max(p[1] for p in points))


def export_rows(db, view: QuoteFilter) -> Iterator[dict]:
    """The rows of a view in `quotes dump` columns, in the view's order."""
    where, params = _where(view)
    cursor = db.execute(f"{DUMP_SELECT} {where} ORDER BY {ORDER}", params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


def write_csv(db, view: QuoteFilter, path: str | Path, columns: Sequence[str] = DUMP_COLUMNS) -> int:
    """Write a view as CSV with the given columns (formula-like cells neutralised, as
    `quotes dump` does); returns the number of rows."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in export_rows(db, view):
            writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
            count += 1
    return count
