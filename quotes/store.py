"""SQLite storage with sqlite-utils: articles, speakers and quotes.

Every article is written in one transaction, so an interrupted run never
leaves half an article. The schema is built by named migrations (its version is
``PRAGMA user_version``); quote text and article titles are searchable (FTS5).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .attribution import Attribution
from .sources import Article

migrations = Migrations("quotes")
BUSY_TIMEOUT_MS = 30_000


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["articles"].create({
        "id": int, "name": str, "source": str, "path": str, "title": str, "date": str, "url": str,
        "content_hash": str, "text": str, "analyzed_at": str,
    }, pk="id", not_null={"name", "source", "content_hash", "text"})
    db["articles"].create_index(["source"], unique=True)
    db["articles"].create_index(["name"])
    db["speakers"].create({
        "id": int, "key": str, "name": str, "type": str, "anonymous": int, "aliases": str,
    }, pk="id", not_null={"key", "name", "type"})
    db["speakers"].create_index(["key"], unique=True)
    db["quotes"].create({
        "id": int, "article_id": int, "speaker_id": int, "kind": str, "text": str,
        "start": int, "end": int, "speaker_mention": str, "speaker_start": int, "speaker_end": int,
        "cue": str, "cue_lemma": str, "cue_start": int, "cue_end": int, "rule": str,
    }, pk="id", foreign_keys=[("article_id", "articles", "id"), ("speaker_id", "speakers", "id")],
        not_null={"article_id", "kind", "text", "start", "end"})
    db["quotes"].create_index(["article_id"])
    db["quotes"].create_index(["speaker_id"])
    db["quotes"].enable_fts(["text"], create_triggers=True, tokenize="porter")
    db["articles"].enable_fts(["title"], create_triggers=True)


@migrations()
def m002_corrections(db: sqlite_utils.Database) -> None:
    """Review corrections (see corrections.py): an append-only log keyed by the article's source and the
    quote's span, kind and text, so that corrections outlive the quote rows that re-analysis replaces.
    Each row is the whole corrected state of its quote; the latest row per quote is the one in force."""
    db["corrections"].create({
        "id": int, "source": str, "quote_start": int, "quote_end": int, "kind": str, "quote": str,
        "action": str, "speaker_key": str, "speaker_name": str, "speaker_type": str, "speaker_anonymous": int,
        "cue": str, "cue_lemma": str, "cue_start": int, "cue_end": int, "not_quote": int, "created_at": str,
    }, pk="id", not_null={"source", "quote_start", "quote_end", "kind", "quote", "action", "not_quote",
                          "created_at"}, defaults={"not_quote": 0})
    db["corrections"].create_index(["source", "quote_start", "quote_end", "kind"])
    db.create_view("current_corrections", """
        SELECT * FROM corrections WHERE id IN (
            SELECT MAX(id) FROM corrections GROUP BY source, quote_start, quote_end, kind, quote)
    """)


@migrations()
def m003_quote_order_index(db: sqlite_utils.Database) -> None:
    """Quotes in text order per article without sorting (the browser lists 100,000s of them)."""
    db["quotes"].create_index(["article_id", "start"])


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating or upgrading) a quotes database in WAL mode."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if db.journal_mode != "wal":
        db.enable_wal()
    if migrations.pending(db):
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def unchanged(db: sqlite_utils.Database, article: Article) -> bool:
    """True when the article is stored with the same content."""
    row = db.execute("SELECT content_hash FROM articles WHERE source = ?", [article.source]).fetchone()
    return row is not None and row[0] == article.content_hash


def _speaker_key(attribution: Attribution, article: Article) -> str:
    entity = attribution.speaker
    if entity.anonymous:
        return f"anonymous:{article.source}:{attribution.speaker_start}"
    return entity.key


def _speaker_id(db: sqlite_utils.Database, attribution: Attribution, article: Article) -> int:
    entity = attribution.speaker
    key = _speaker_key(attribution, article)
    row = db.execute("SELECT id, aliases FROM speakers WHERE key = ?", [key]).fetchone()
    if row is None:
        return db["speakers"].insert({
            "key": key, "name": entity.name, "type": entity.type, "anonymous": int(entity.anonymous),
            "aliases": json.dumps(sorted(entity.aliases)),
        }).last_pk
    aliases = sorted(set(json.loads(row[1] or "[]")) | entity.aliases)
    db["speakers"].update(row[0], {"aliases": json.dumps(aliases)})
    return row[0]


def save_article(db: sqlite_utils.Database, article: Article, attributions: Iterable[Attribution]) -> int:
    """Store an article and its quotes, replacing what an earlier run stored. Returns the quote count."""
    count = 0
    with db.atomic():
        row = db.execute("SELECT id FROM articles WHERE source = ?", [article.source]).fetchone()
        record = {
            "name": article.name, "source": article.source, "path": article.path, "title": article.title,
            "date": article.date, "url": article.url, "content_hash": article.content_hash,
            "text": article.text, "analyzed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        if row is None:
            article_id = db["articles"].insert(record).last_pk
        else:
            article_id = row[0]
            db.execute("DELETE FROM quotes WHERE article_id = ?", [article_id])
            db["articles"].update(article_id, record)
        rows = []
        for attribution in attributions:
            speaker_id = _speaker_id(db, attribution, article) if attribution.speaker else None
            rows.append({
                "article_id": article_id, "speaker_id": speaker_id, "kind": attribution.kind,
                "text": attribution.text, "start": attribution.start, "end": attribution.end,
                "speaker_mention": attribution.speaker_mention, "speaker_start": attribution.speaker_start,
                "speaker_end": attribution.speaker_end, "cue": attribution.cue,
                "cue_lemma": attribution.cue_lemma, "cue_start": attribution.cue_start,
                "cue_end": attribution.cue_end, "rule": attribution.rule,
            })
        if rows:
            db["quotes"].insert_all(rows)
        count = len(rows)
        db.execute("DELETE FROM speakers WHERE id NOT IN (SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL)")
    return count


DUMP_QUERY = """
SELECT q.id AS quote_id, a.name AS article, q.kind, q.text AS quote, q.start AS quote_start,
       q."end" AS quote_end, s.name AS speaker, q.speaker_mention, q.speaker_start, q.speaker_end,
       s.type AS speaker_type, q.cue, q.cue_lemma, q.cue_start, q.cue_end, a.path,
       a.title AS article_title, s.anonymous AS speaker_anonymous
FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
{where}
ORDER BY a.name, a.id, q.start, q.id
"""
DUMP_COLUMNS = ["quote_id", "article", "kind", "quote", "quote_start", "quote_end", "speaker",
                "speaker_mention", "speaker_start", "speaker_end", "speaker_type", "cue", "cue_lemma",
                "cue_start", "cue_end", "path", "article_title", "speaker_anonymous"]


def dump_rows(db: sqlite_utils.Database, kinds: Iterable[str] = ()) -> Iterator[dict]:
    """The DUMP_COLUMNS of every quote, with review corrections applied (rejected quotes left out)."""
    from .corrections import corrected_dump_rows

    yield from corrected_dump_rows(db, kinds)


def speaker_table(db: sqlite_utils.Database) -> list[dict]:
    """Speakers with their quote and article counts, most quoted first."""
    query = """
    SELECT s.id, s.name, s.type, s.anonymous, s.aliases, COUNT(q.id) AS quotes,
           COUNT(DISTINCT q.article_id) AS articles
    FROM speakers s JOIN quotes q ON q.speaker_id = s.id
    GROUP BY s.id ORDER BY quotes DESC, s.name
    """
    cursor = db.execute(query)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]
