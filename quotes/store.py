"""SQLite storage with sqlite-utils: articles, speakers and quotes.

Every article is written in one transaction, so an interrupted run never
leaves half an article. The schema is built by named migrations (its version is
``PRAGMA user_version``); quote text and article titles are searchable (FTS5).

Several processes may use one database at once (two ``quotes analyze`` runs, the
browser): it is in WAL mode, so readers never block the writer, and every write
transaction starts with ``BEGIN IMMEDIATE`` (``write_transaction``), which waits
up to ``BUSY_TIMEOUT_MS`` for the write lock instead of failing with "database
is locked" when a read turns into a write. Migrations run under that same lock,
so two processes opening a new database do not both create its tables.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlite_utils
from sqlite_utils.migrations import Migrations

from collections import Counter

from .attribution import Attribution
from .attribution.gender import PRONOUNS, decide, mention_evidence
from .sources import Article, name_candidates

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


@migrations()
def m004_content_and_class(db: sqlite_utils.Database) -> None:
    """Each quote's content span as PolNeAR marks it (quote marks and `that` included) and the class
    of its cue (speech, writing, document, thought, intention); rows stored before have none."""
    db["quotes"].add_column("content_start", int)
    db["quotes"].add_column("content_end", int)
    db["quotes"].add_column("content", str)
    db["quotes"].add_column("cue_class", str)
    db["quotes"].create_index(["cue_class"])


@migrations()
def m005_attributions_view(db: sqlite_utils.Database) -> None:
    """The table to browse: the dump's rows with review corrections applied (``corrections.ATTRIBUTIONS_VIEW``),
    and a speakers row for every speaker a correction names."""
    from .corrections import ATTRIBUTIONS_VIEW

    db.execute("""INSERT OR IGNORE INTO speakers (key, name, type, anonymous, aliases)
        SELECT speaker_key, speaker_name, speaker_type, COALESCE(speaker_anonymous, 0), json_array(speaker_name)
        FROM current_corrections WHERE speaker_key IS NOT NULL""")
    db.create_view("attributions", ATTRIBUTIONS_VIEW)


@migrations()
def m006_article_text_search(db: sqlite_utils.Database) -> None:
    """Full-text search on the articles' text as well as their titles (most .txt articles have none)."""
    db["articles"].disable_fts()
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="porter")


@migrations()
def m007_speaker_entities(db: sqlite_utils.Database) -> None:
    """Speakers as people: their roles (`Republican`, `Sen.`), gender where known, surname, and whether
    the surname alone names them (see ``_speaker_id``); ``aliases`` holds name forms only from now on."""
    db["speakers"].add_column("roles", str)
    db["speakers"].add_column("gender", str)
    db["speakers"].add_column("surname", str)
    db["speakers"].add_column("surname_only", int, not_null_default=0)
    db["speakers"].create_index(["surname"])
    db.execute("""UPDATE speakers SET aliases = json_array(name)""")


@migrations()
def m008_gender_and_outlets(db: sqlite_utils.Database) -> None:
    """Speaker gender with its evidence (``attribution/gender.py``): the evidence each article gives
    (``speaker_evidence``, replaced with the article), the gender decided from all of it pooled
    (``speakers.gender``, ``gender_evidence``), reviewers' gender corrections (``speaker_corrections``,
    an append-only log keyed by speaker key; the latest row per key is in force, a NULL gender undoes)
    and the view of the gender in force (``speaker_genders``). Articles get their outlet."""
    from .corrections import ATTRIBUTIONS_VIEW, SPEAKER_GENDERS_VIEW

    db["articles"].add_column("outlet", str)
    db["articles"].create_index(["outlet"])
    db["speakers"].add_column("gender_evidence", str)
    db["speaker_evidence"].create({
        "id": int, "article_id": int, "speaker_id": int, "kind": str, "word": str, "gender": str, "count": int,
    }, pk="id", foreign_keys=[("article_id", "articles", "id"), ("speaker_id", "speakers", "id")],
        not_null={"article_id", "speaker_id", "kind", "word", "gender", "count"})
    db["speaker_evidence"].create_index(["article_id"])
    db["speaker_evidence"].create_index(["speaker_id"])
    db["speaker_corrections"].create({
        "id": int, "speaker_key": str, "gender": str, "created_at": str,
    }, pk="id", not_null={"speaker_key", "created_at"})
    db["speaker_corrections"].create_index(["speaker_key"])
    db.create_view("speaker_genders", SPEAKER_GENDERS_VIEW)
    # People stored before: the gender the analysis gave then (an honorific or a listed given name), else
    # the name table's; their pronouns count once their articles are analysed again (a new database).
    for speaker_id, name, kind, surname_only, gender in db.execute(
            "SELECT id, name, type, surname_only, gender FROM speakers WHERE type = 'person'").fetchall():
        said = "honorific or given name (analysed before evidence was kept)" if gender else None
        if not gender:
            gender, said = decide([], name, kind, bool(surname_only))
        db.execute("UPDATE speakers SET gender = ?, gender_evidence = ? WHERE id = ?", [gender, said, speaker_id])
    db.execute("DROP VIEW IF EXISTS attributions")
    db.create_view("attributions", ATTRIBUTIONS_VIEW)


@migrations()
def m009_source_spans(db: sqlite_utils.Database) -> None:
    """Each quote's source and cue as PolNeAR marks them: the speaker's mention with its appositions and
    the modifiers that tell who it is (`Brian Jack, a Trump delegate strategist`), the cue with its verb
    group (`has not yet said`); rows stored before have none."""
    from .corrections import ATTRIBUTIONS_VIEW

    for name in ("source", "cue_phrase"):
        db["quotes"].add_column(f"{name}_start", int)
        db["quotes"].add_column(f"{name}_end", int)
        db["quotes"].add_column(name, str)
    db.execute("DROP VIEW IF EXISTS attributions")
    db.create_view("attributions", ATTRIBUTIONS_VIEW)


def _span_columns(text: str, name: str, start: int | None, end: int | None) -> dict:
    return {f"{name}_start": start, f"{name}_end": end, name: text[start:end] if start is not None else None}


class StoreError(RuntimeError):
    """The database cannot be opened or used (not a database, unreadable, locked too long)."""


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A transaction that holds the write lock from its start (``BEGIN IMMEDIATE``), committed on success
    and rolled back on any error or interruption. Inside another transaction it is a savepoint."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    conn.commit()


def _enable_wal(db: sqlite_utils.Database) -> None:
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if db.journal_mode != "wal":
                db.enable_wal()
            return
        except sqlite3.OperationalError as error:     # another process holds a lock on a new database
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _migrate(db: sqlite_utils.Database) -> None:
    if not migrations.pending(db) and schema_version(db) == len(migrations.applied(db)):
        return
    with write_transaction(db):         # checked again under the lock: another process may have done it
        if migrations.pending(db):
            migrations.apply(db)
        version = len(migrations.applied(db))
        if schema_version(db) != version:
            db.execute(f"PRAGMA user_version = {version}")


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating or upgrading) a quotes database in WAL mode. Raises ``StoreError``."""
    conn = None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        _enable_wal(db)
        _migrate(db)
    except sqlite3.Error as error:
        if conn is not None:
            conn.close()
        raise StoreError(f"cannot open the database {path}: {error}") from error
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def unchanged(db: sqlite_utils.Database, article: Article) -> bool:
    """True when the article is stored with the same content."""
    row = db.execute("SELECT content_hash FROM articles WHERE source = ?", [article.source]).fetchone()
    return row is not None and row[0] == article.content_hash


def replaces(db: sqlite_utils.Database, article: Article) -> bool:
    """True when storing the article replaces a stored one with the same source and other text."""
    row = db.execute("SELECT content_hash FROM articles WHERE source = ?", [article.source]).fetchone()
    return row is not None and row[0] != article.content_hash


def _name_clash(db: sqlite_utils.Database, name: str, source: str) -> bool:
    return db.execute("SELECT 1 FROM articles WHERE name = ? AND source != ?", [name, source]).fetchone() is not None


def _unique_name(db: sqlite_utils.Database, article: Article) -> str:
    """A name for a new article that no other article has: its own (``index``), or where another article
    has that name, the shortest path that tells the two apart, for both (``a/index`` and ``b/index``;
    ``feed1#42`` and ``feed2#42`` for JSONL ids)."""
    clash = db.execute("SELECT id, source FROM articles WHERE name = ? AND source != ?",
                       [article.name, article.source]).fetchall()
    if not clash:
        return article.name
    mine = name_candidates(article.source)
    level = 1
    for other_id, source in clash:
        theirs = name_candidates(source)
        at = lambda names, size: names[min(size, len(names) - 1)]  # noqa: E731
        size = 1
        while at(mine, size) == at(theirs, size) and size < max(len(mine), len(theirs)) - 1:
            size += 1
        while _name_clash(db, at(theirs, size), source) and size < len(theirs) - 1:
            size += 1
        db["articles"].update(other_id, {"name": at(theirs, size)})
        level = max(level, size)
    names = mine[min(level, len(mine) - 1):]
    return next((name for name in names if not _name_clash(db, name, article.source)), article.source)


def _speaker_key(attribution: Attribution, article: Article) -> str:
    entity = attribution.speaker
    if entity.anonymous:
        return f"anonymous:{article.source}:{attribution.speaker_start}"
    if entity.local:
        return f"{entity.key}@{article.source}"     # `the campaign` is another campaign elsewhere
    return entity.key


# A surname alone (`Obama`, `Mr. Clarke`, in an article that gives no full name) joins the person of
# the corpus with that surname and a gender that agrees, when there is one such person, or when one is
# named in at least DOMINANT times as many articles as all the others with that surname together.
DOMINANT = 3


def _lone(entity) -> bool:
    """An entity named by one word that may be a person's surname."""
    return entity.surname is not None and (entity.surname_only or entity.type == "unknown")


def _person_for_surname(db: sqlite_utils.Database, surname: str, gender: str | None) -> int | None:
    """The id of the one full-named person a lone surname stands for (see DOMINANT), or None."""
    rows = [(speaker_id, articles) for speaker_id, other, articles in db.execute(
        """SELECT s.id, s.gender, COUNT(DISTINCT q.article_id) FROM speakers s
           LEFT JOIN quotes q ON q.speaker_id = s.id
           WHERE s.surname = ? AND s.type = 'person' AND s.surname_only = 0 GROUP BY s.id""", [surname])
        if gender in (None, "unknown") or other in (None, "unknown") or other == gender]
    if len(rows) == 1:
        return rows[0][0]
    rows.sort(key=lambda row: -row[1])
    if rows and rows[0][1] >= DOMINANT * max(1, sum(articles for _, articles in rows[1:])):
        return rows[0][0]
    return None


# A name of unknown type (`Factmark`, of which its article tells nothing) is the organisation or
# government of that very name when the corpus has one (`FactMark`, typed in another article).
NAMED_TYPES = ("organization", "government")


def _named_for(db: sqlite_utils.Database, name: str) -> int | None:
    """The id of the organisation or government row of that name, or None."""
    for kind in NAMED_TYPES:
        row = db.execute("SELECT id FROM speakers WHERE key = ?", [f"{kind}:{name.lower()}"]).fetchone()
        if row is not None:
            return row[0]
    return None


def _merge_into(db: sqlite_utils.Database, speaker_id: int, names: Iterable[str], roles: Iterable[str]) -> None:
    aliases, known_roles = db.execute("SELECT aliases, roles FROM speakers WHERE id = ?", [speaker_id]).fetchone()
    db["speakers"].update(speaker_id, {
        "aliases": json.dumps(sorted(set(json.loads(aliases or "[]")) | set(names))),
        "roles": json.dumps(sorted(set(json.loads(known_roles or "[]")) | set(roles)))})


def _speaker_id(db: sqlite_utils.Database, attribution: Attribution, article: Article) -> int:
    entity = attribution.speaker
    key = _speaker_key(attribution, article)
    row = db.execute("SELECT id FROM speakers WHERE key = ?", [key]).fetchone()
    if row is None and _lone(entity):
        found = _person_for_surname(db, entity.surname, entity.gender)
        row = (found,) if found is not None else None
    if row is None and entity.type == "unknown" and not (entity.local or entity.anonymous):
        found = _named_for(db, entity.name)
        row = (found,) if found is not None else None
    if row is None:
        return db["speakers"].insert({
            "key": key, "name": entity.name, "type": entity.type, "anonymous": int(entity.anonymous),
            "aliases": json.dumps(sorted(entity.aliases)), "roles": json.dumps(sorted(entity.roles)),
            "gender": entity.gender, "surname": entity.surname, "surname_only": int(_lone(entity)),
        }).last_pk
    _merge_into(db, row[0], entity.aliases, entity.roles)
    return row[0]


def set_outlet(db: sqlite_utils.Database, article: Article) -> None:
    """Store the outlet of an article already stored unchanged, when it has one."""
    stored = db.execute("SELECT outlet FROM articles WHERE source = ?", [article.source]).fetchone()
    if article.outlet and stored is not None and stored[0] != article.outlet:
        with write_transaction(db):
            db.execute("UPDATE articles SET outlet = ? WHERE source = ?", [article.outlet, article.source])


def update_genders(db: sqlite_utils.Database, speaker_ids: Iterable[int]) -> None:
    """Decide the gender of these speakers from their evidence pooled over every article (gender.py)."""
    for speaker_id in set(speaker_ids):
        found = db.execute("SELECT name, type, surname_only FROM speakers WHERE id = ?", [speaker_id]).fetchone()
        if found is None:
            continue
        evidence = db.execute("SELECT kind, word, gender, SUM(count) FROM speaker_evidence WHERE speaker_id = ? "
                              "GROUP BY kind, word, gender", [speaker_id]).fetchall()
        gender, said = decide(evidence, found[0], found[1], bool(found[2]))
        db.execute("UPDATE speakers SET gender = ?, gender_evidence = ? WHERE id = ?", [gender, said, speaker_id])


def join_lone_surnames(db: sqlite_utils.Database, surnames: Iterable[str]) -> int:
    """Move the quotes of lone surnames (see DOMINANT) to the person they now stand for, once the corpus
    has that person; returns how many speakers were joined. Run after each stored article."""
    joined = 0
    for surname in set(surnames):
        lone = db.execute("SELECT id, gender, aliases, roles FROM speakers WHERE surname = ? AND surname_only = 1",
                          [surname]).fetchall()
        for speaker_id, gender, aliases, roles in lone:
            target = _person_for_surname(db, surname, gender)
            if target is None:
                continue
            db.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", [target, speaker_id])
            db.execute("UPDATE speaker_evidence SET speaker_id = ? WHERE speaker_id = ?", [target, speaker_id])
            update_genders(db, [target])
            _merge_into(db, target, json.loads(aliases or "[]"), json.loads(roles or "[]"))
            joined += 1
    return joined


def join_unknown_names(db: sqlite_utils.Database, names: Iterable[str]) -> int:
    """Move the quotes of the speakers of unknown type with one of these names (those of organisations
    and governments just stored) to the organisation or government of that name (see NAMED_TYPES);
    returns how many speakers were joined. Run after each stored article."""
    joined = 0
    for name in set(names):
        target = _named_for(db, name)
        found = db.execute("SELECT id, aliases, roles FROM speakers WHERE key = ?", [f"unknown:{name.lower()}"]).fetchone()
        if target is None or found is None:
            continue
        speaker_id, aliases, roles = found
        db.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", [target, speaker_id])
        _merge_into(db, target, json.loads(aliases or "[]"), json.loads(roles or "[]"))
        joined += 1
    return joined


def save_article(db: sqlite_utils.Database, article: Article, attributions: Iterable[Attribution]) -> int:
    """Store an article and its quotes, replacing what an earlier run stored, in one transaction.
    Returns the quote count. Review corrections of quotes that moved (same kind and text, new offsets
    because the text around them changed) are carried to the new offsets (see ``_carry_corrections``)."""
    attributions = list(attributions)
    with write_transaction(db):
        row = db.execute("SELECT id, name FROM articles WHERE source = ?", [article.source]).fetchone()
        record = {
            "name": row[1] if row is not None and not _name_clash(db, row[1], article.source)   # kept
            else _unique_name(db, article),
            "source": article.source, "path": article.path, "title": article.title,
            "date": article.date, "url": article.url, "content_hash": article.content_hash,
            "outlet": getattr(article, "outlet", None),
            "text": article.text, "analyzed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        if row is None:
            article_id = db["articles"].insert(record).last_pk
        else:
            article_id = row[0]
            touched = {r[0] for r in db.execute("SELECT speaker_id FROM speaker_evidence WHERE article_id = ?",
                                                [article_id])}
            db.execute("DELETE FROM speaker_evidence WHERE article_id = ?", [article_id])
            db.execute("DELETE FROM quotes WHERE article_id = ?", [article_id])
            db["articles"].update(article_id, record)
        if row is None:
            touched = set()
        rows = []
        evidence: dict[int, Counter] = {}
        for attribution in attributions:
            speaker_id = _speaker_id(db, attribution, article) if attribution.speaker else None
            if speaker_id is not None and attribution.speaker.type == "person" and not attribution.speaker.anonymous:
                found = evidence.setdefault(speaker_id, Counter())
                found.update(mention_evidence(attribution.speaker_mention))
                for (kind, word, gender), _ in mention_evidence(None, attribution.speaker.roles).items():
                    found[kind, word, gender] = max(found[kind, word, gender], 1)    # a role: once per article
                for word, count in attribution.speaker_pronouns.items():      # the same for each of its quotes
                    key = ("coreference", word, PRONOUNS[word])
                    found[key] = max(found[key], count)
            rows.append({
                "article_id": article_id, "speaker_id": speaker_id, "kind": attribution.kind,
                "text": attribution.text, "start": attribution.start, "end": attribution.end,
                "speaker_mention": attribution.speaker_mention, "speaker_start": attribution.speaker_start,
                "speaker_end": attribution.speaker_end, "cue": attribution.cue,
                "cue_lemma": attribution.cue_lemma, "cue_start": attribution.cue_start,
                "cue_end": attribution.cue_end, "rule": attribution.rule,
                "content_start": attribution.content_start, "content_end": attribution.content_end,
                "content": attribution.content, "cue_class": attribution.cue_class,
                **_span_columns(article.text, "source", attribution.source_start, attribution.source_end),
                **_span_columns(article.text, "cue_phrase", attribution.cue_phrase_start, attribution.cue_phrase_end),
            })
        if rows:
            db["quotes"].insert_all(rows)
        db["speaker_evidence"].insert_all(
            {"article_id": article_id, "speaker_id": speaker_id, "kind": kind, "word": word, "gender": gender,
             "count": count}
            for speaker_id, found in evidence.items() for (kind, word, gender), count in found.items())
        update_genders(db, touched | {r["speaker_id"] for r in rows if r["speaker_id"] is not None})
        join_lone_surnames(db, {a.speaker.surname for a in attributions if a.speaker and a.speaker.surname})
        join_unknown_names(db, {a.speaker.name for a in attributions if a.speaker and a.speaker.type in NAMED_TYPES
                                and not (a.speaker.local or a.speaker.anonymous)})
        from .corrections import UNUSED_SPEAKERS

        db.execute(UNUSED_SPEAKERS)     # a speaker that a correction names stays
        if row is not None:
            _carry_corrections(db, article, article_id)
    return len(rows)


_IN_FORCE = "(c.speaker_key IS NOT NULL OR c.cue IS NOT NULL OR c.not_quote = 1)"


def _carry_corrections(db: sqlite_utils.Database, article: Article, article_id: int) -> int:
    """Corrections of this article whose quote is gone, moved to the quote's new offsets when the new
    analysis has exactly one quote of the same kind and text that no other correction claims. Each move
    appends two log rows (action ``moved``): the correction under the new key, and an empty state under
    the old one. The rest stay as they are, kept and reported as orphans (``corrections.orphans``)."""
    cursor = db.execute(f"""
        SELECT c.* FROM current_corrections c WHERE c.source = ? AND {_IN_FORCE} AND NOT EXISTS (
            SELECT 1 FROM quotes q WHERE q.article_id = ? AND q.start = c.quote_start
              AND q."end" = c.quote_end AND q.kind = c.kind AND q.text = c.quote)""",
                        [article.source, article_id])
    names = [d[0] for d in cursor.description]
    lost = [dict(zip(names, values)) for values in cursor]
    if not lost:
        return 0
    claimed = {(start, end, kind, text) for start, end, kind, text in db.execute(
        f"""SELECT c.quote_start, c.quote_end, c.kind, c.quote FROM current_corrections c
            WHERE c.source = ? AND {_IN_FORCE}""", [article.source])}
    moved = 0
    for correction in lost:
        same = [c for c in lost if (c["kind"], c["quote"]) == (correction["kind"], correction["quote"])]
        targets = [(start, end) for start, end in db.execute(
            'SELECT start, "end" FROM quotes WHERE article_id = ? AND kind = ? AND text = ?',
            [article_id, correction["kind"], correction["quote"]])
            if (start, end, correction["kind"], correction["quote"]) not in claimed]
        if len(same) != 1 or len(targets) != 1:
            continue
        start, end = targets[0]
        claimed.add((start, end, correction["kind"], correction["quote"]))
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        new = {k: v for k, v in correction.items() if k != "id"}
        new.update(quote_start=start, quote_end=end, action="moved", created_at=now)
        if correction["cue_start"] is not None and correction["cue"] is not None:
            shift = start - correction["quote_start"]
            cue_start, cue_end = correction["cue_start"] + shift, correction["cue_end"] + shift
            if article.text[cue_start:cue_end] != correction["cue"]:
                from .corrections import locate_cue

                cue_start, cue_end = locate_cue(article.text, correction["cue"], start, end) or (None, None)
            new.update(cue_start=cue_start, cue_end=cue_end)
        old = {k: correction[k] for k in ("source", "quote_start", "quote_end", "kind", "quote")}
        old.update(action="moved", not_quote=0, created_at=now)
        db["corrections"].insert_all([new, old])
        moved += 1
    return moved


DUMP_COLUMNS = ["quote_id", "article", "kind", "quote", "quote_start", "quote_end", "speaker",
                "speaker_mention", "speaker_start", "speaker_end", "speaker_type", "cue", "cue_lemma",
                "cue_start", "cue_end", "path", "article_title", "speaker_anonymous",
                "content_start", "content_end", "content", "class", "speaker_gender", "speaker_gender_evidence",
                "source_start", "source_end", "source", "cue_phrase_start", "cue_phrase_end", "cue_phrase"]


# A spreadsheet treats a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell value that no spreadsheet runs as a formula: text starting with = + - @ tab or carriage
    return gets a leading single quote (which spreadsheets show as text). Other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


UNITS = ("quote", "attribution")


def dump_rows(db: sqlite_utils.Database, kinds: Iterable[str] = (), unit: str = "quote",
              classes: Iterable[str] = ()) -> Iterator[dict]:
    """The DUMP_COLUMNS of every quote, with review corrections applied (rejected quotes left out),
    only of the given cue ``classes`` when some are given.

    With ``unit="attribution"``, one row per attribution instead, spanning its content as PolNeAR
    marks it (quote marks and `that` included), its speaker and cue spans the source's and cue's: the pieces of a quote interrupted by its attribution
    (`"A," she said, "B."`) and the quotes that continue it make one row from the first piece's start
    to the last one's end, and a mixed quote, or reported speech whose cue lies in another
    attribution's content (`said he thinks ...`), is left to the attribution that holds it.
    """
    from .corrections import corrected_dump_rows

    rows = corrected_dump_rows(db, kinds, classes)
    if unit == "quote":
        yield from rows
        return

    def article_text(row: dict) -> str:
        return db.execute("SELECT a.text FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.id = ?",
                          [row["quote_id"]]).fetchone()[0]
    yield from attribution_rows(rows, article_text)


def attribution_rows(rows: Iterable[dict], article_text: Callable[[dict], str]) -> Iterator[dict]:
    """Quote rows (in article and text order) folded into one row per attribution; ``article_text``
    gives the text of a row's article."""
    texts: dict[tuple, str] = {}
    pending: list[dict] = []

    def cue_key(row: dict) -> tuple:
        """Rows of one article with the same cue and speaker belong to one attribution."""
        return row["cue_start"], row["cue_end"], row["speaker_start"]

    def same_cue(row: dict, other: dict) -> bool:
        return row["cue_start"] is not None and row["article"] == other["article"] and cue_key(row) == cue_key(other)

    def extent(row: dict) -> tuple[int, int]:
        """What a row says: its PolNeAR content where it has one, else its quote."""
        if row.get("content_start") is not None:
            return row["content_start"], row["content_end"]
        return row["quote_start"], row["quote_end"]

    def folded(article_rows: list[dict]) -> Iterator[dict]:
        covering = _CoveringSpans([extent(r) for r in article_rows])
        reported = _CoveringSpans([extent(r) for r in article_rows if r["kind"] == "indirect" and r["cue_start"] is not None])
        cues = sorted((r["cue_start"], number) for number, r in enumerate(article_rows)
                      if r["kind"] == "indirect" and r["cue_start"] is not None)

        def inside(row: dict, other: dict) -> bool:
            start, end = extent(other)
            return start <= row["cue_start"] < end

        def follows(row: dict) -> bool:
            return extent(row)[0] >= row["cue_end"]

        def nested(number: int, row: dict) -> bool:
            """Reported speech whose cue lies in another attribution's content (`said he thinks ...`).
            Where two clauses were each given the other as content (`X said A, but X did not say B`),
            only one whose content precedes its cue yields, and only to one whose content follows."""
            if row["kind"] != "indirect" or row["cue_start"] is None or not covering.covers(row["cue_start"], number):
                return False
            start, end = extent(row)
            low, high = bisect.bisect_left(cues, (start, -1)), bisect.bisect_left(cues, (end, -1))
            spared_by = {other for _, other in cues[low:high] if other != number
                         and inside(row, article_rows[other]) and (follows(row) or not follows(article_rows[other]))}
            return not spared_by or any(other != number and other not in spared_by and inside(row, r)
                                        for other, r in enumerate(article_rows))

        merged: list[dict] = []
        for number, row in enumerate(article_rows):
            if nested(number, row):
                continue
            if row["kind"] == "mixed" and reported.covers(row["quote_start"], -1):
                continue
            # `"A," said X, speaking at a rally, "B."`: reported clauses in the gap between two
            # pieces of one quote belong to its attribution
            between = 0
            while between < len(merged) and merged[-1 - between]["kind"] == "indirect":
                between += 1
            last = merged[-1 - between] if between < len(merged) else None
            if (last is not None and row["kind"] == "direct" and last["kind"] == "direct" and same_cue(row, last)
                    and all(r["quote_start"] >= last["quote_end"] for r in merged[len(merged) - between:])):
                del merged[len(merged) - between:]
                key = (row["article"], row.get("path"))
                if key not in texts:
                    texts[key] = article_text(last)
                last["quote_end"], last["content_end"] = row["quote_end"], row["content_end"]
                last["quote"] = texts[key][last["quote_start"]:last["quote_end"]]
                last["content"] = texts[key][last["content_start"]:last["content_end"]]
                continue
            merged.append(dict(row))
        for row in merged:      # the unit is the attribution: its spans are PolNeAR's content, source and cue
            if row.get("content_start") is not None:
                row["quote_start"], row["quote_end"], row["quote"] = row["content_start"], row["content_end"], row["content"]
            if row.get("source_start") is not None:
                row["speaker_start"], row["speaker_end"] = row["source_start"], row["source_end"]
                row["speaker_mention"] = row["source"]
            if row.get("cue_phrase_start") is not None:
                row["cue_start"], row["cue_end"], row["cue"] = row["cue_phrase_start"], row["cue_phrase_end"], row["cue_phrase"]
        return iter(merged)

    for row in rows:
        if pending and (row["article"], row.get("path")) != (pending[0]["article"], pending[0].get("path")):
            yield from folded(pending)
            pending = []
        pending.append(row)
    if pending:
        yield from folded(pending)


class _CoveringSpans:
    """Which of a list of spans contain an offset, answered by bisection over their starts and the
    running maximum of their ends (the two largest, so that one span can be left out)."""

    def __init__(self, spans: list[tuple[int, int]]):
        order = sorted(range(len(spans)), key=lambda number: spans[number][0])
        self.starts = [spans[number][0] for number in order]
        self.best: list[tuple[tuple[int, int], tuple[int, int]]] = []   # (end, number) largest and runner-up
        first = second = (-1, -1)
        for number in order:
            end = spans[number][1]
            if end > first[0]:
                first, second = (end, number), first
            elif end > second[0]:
                second = (end, number)
            self.best.append((first, second))

    def covers(self, offset: int, leave_out: int) -> bool:
        """Whether a span other than number ``leave_out`` starts at or before ``offset`` and ends after it."""
        count = bisect.bisect_right(self.starts, offset)
        if not count:
            return False
        first, second = self.best[count - 1]
        return (first if first[1] != leave_out else second)[0] > offset
