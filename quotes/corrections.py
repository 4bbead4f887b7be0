"""Review corrections: change a quote's speaker or cue, or mark it as not a quote.

Corrections live in their own table (``corrections``, created by the store's
``m002_corrections`` migration), never in ``quotes``: re-analysing an article
deletes and re-inserts its quote rows with new ids, so a correction is keyed by
what re-analysis keeps: the article's source and the quote's start, end, kind
and text. The table is an append-only log with a timestamp per row; each row
holds the whole corrected state of its quote and the latest one is in force
(the ``current_corrections`` view). Reverting appends a row that corrects
nothing, so the history stays complete.

``CORRECTED_FROM`` and ``EFFECTIVE`` are the SQL every reader of quotes uses
(the dump, the terminal UI's queries) so that corrections apply everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Sequence

from .attribution.classes import SPEECH_LIKE

# The corrections in force are first matched to the quote rows they key (a small set, materialized once),
# then joined by quote id: listing 100,000 quotes never has to read each quote's text to find its correction.
CORRECTED_FROM = """
FROM quotes q
JOIN articles a ON a.id = q.article_id
LEFT JOIN speakers s ON s.id = q.speaker_id
LEFT JOIN (
    SELECT cq.id AS quote_id, cc.* FROM current_corrections cc
    JOIN articles ca ON ca.source = cc.source
    JOIN quotes cq ON cq.article_id = ca.id AND cq.start = cc.quote_start AND cq."end" = cc.quote_end
         AND cq.kind = cc.kind AND cq.text = cc.quote
) c ON c.quote_id = q.id
"""

# Effective (corrected) value of each attribution field, as SQL over CORRECTED_FROM.
EFFECTIVE = {
    "speaker_key": "COALESCE(c.speaker_key, s.key)",
    "speaker": "CASE WHEN c.speaker_key IS NULL THEN s.name ELSE c.speaker_name END",
    "speaker_type": "CASE WHEN c.speaker_key IS NULL THEN s.type ELSE c.speaker_type END",
    "speaker_anonymous": "CASE WHEN c.speaker_key IS NULL THEN s.anonymous ELSE c.speaker_anonymous END",
    "cue": "COALESCE(c.cue, q.cue)",
    "cue_lemma": "CASE WHEN c.cue IS NULL THEN q.cue_lemma ELSE c.cue_lemma END",
    "cue_start": "CASE WHEN c.cue IS NULL THEN q.cue_start ELSE c.cue_start END",
    "cue_end": "CASE WHEN c.cue IS NULL THEN q.cue_end ELSE c.cue_end END",
    "not_quote": "COALESCE(c.not_quote, 0)",
    "corrected": "(c.speaker_key IS NOT NULL OR c.cue IS NOT NULL OR COALESCE(c.not_quote, 0) = 1)",
}
# The gender in force of each speaker: a reviewer's (the latest `speaker_corrections` row of its key,
# a NULL gender there undoing the earlier ones) over the analysis' (store migration m008).
SPEAKER_GENDERS_VIEW = """
SELECT s.id AS speaker_id, s.key, CASE WHEN g.gender IS NOT NULL THEN g.gender ELSE s.gender END AS gender,
       CASE WHEN g.gender IS NOT NULL THEN 'review' ELSE s.gender_evidence END AS gender_evidence
FROM speakers s LEFT JOIN (
    SELECT speaker_key, gender FROM speaker_corrections WHERE id IN (
        SELECT MAX(id) FROM speaker_corrections GROUP BY speaker_key)) g ON g.speaker_key = s.key
"""
EFFECTIVE["speaker_gender"] = (f"(SELECT sg.gender FROM speaker_genders sg WHERE sg.key = "
                               f"{EFFECTIVE['speaker_key']})")
EFFECTIVE["speaker_gender_evidence"] = (f"(SELECT sg.gender_evidence FROM speaker_genders sg WHERE sg.key = "
                                        f"{EFFECTIVE['speaker_key']})")
# PolNeAR's source and cue spans are the analysis' speaker's and cue's: a reviewer's have none
EFFECTIVE.update({field: f"CASE WHEN c.speaker_key IS NULL THEN q.{field} END"
                  for field in ("source_start", "source_end", "source")})
EFFECTIVE.update({field: f"CASE WHEN c.cue IS NULL THEN q.{field} END"
                  for field in ("cue_phrase_start", "cue_phrase_end", "cue_phrase")})
KEPT = f"{EFFECTIVE['not_quote']} = 0"
ORDER = "a.name, a.id, q.start, q.id"

# The dump's columns (store.DUMP_COLUMNS), corrections applied, as SQL over CORRECTED_FROM.
DUMP_FIELDS = f"""
       q.id AS quote_id, a.name AS article, q.kind, q.text AS quote, q.start AS quote_start,
       q."end" AS quote_end, {EFFECTIVE['speaker']} AS speaker, q.speaker_mention, q.speaker_start,
       q.speaker_end, {EFFECTIVE['speaker_type']} AS speaker_type, {EFFECTIVE['cue']} AS cue,
       {EFFECTIVE['cue_lemma']} AS cue_lemma, {EFFECTIVE['cue_start']} AS cue_start,
       {EFFECTIVE['cue_end']} AS cue_end, a.path, a.title AS article_title,
       {EFFECTIVE['speaker_anonymous']} AS speaker_anonymous, q.content_start, q.content_end, q.content,
       q.cue_class AS class, {EFFECTIVE['speaker_gender']} AS speaker_gender,
       {EFFECTIVE['speaker_gender_evidence']} AS speaker_gender_evidence,
       {EFFECTIVE['source_start']} AS source_start, {EFFECTIVE['source_end']} AS source_end,
       {EFFECTIVE['source']} AS source, {EFFECTIVE['cue_phrase_start']} AS cue_phrase_start,
       {EFFECTIVE['cue_phrase_end']} AS cue_phrase_end, {EFFECTIVE['cue_phrase']} AS cue_phrase"""

DUMP_SELECT = f"SELECT {DUMP_FIELDS}\n{CORRECTED_FROM}"

# The `attributions` view (store migration m005): the dump's rows, with the effective speaker's row id,
# for browsing the database as it is after review (Datasette, sqlite3); quotes marked as not a quote left out.
# A database keeps the view as it was made: a change here needs a migration that makes it again.
ATTRIBUTIONS_VIEW = f"""
SELECT {DUMP_FIELDS}, q.article_id,
       CASE WHEN c.speaker_key IS NULL THEN q.speaker_id
            ELSE (SELECT cs.id FROM speakers cs WHERE cs.key = c.speaker_key) END AS speaker_id,
       {EFFECTIVE['corrected']} AS corrected
{CORRECTED_FROM}
WHERE {KEPT}
"""


def class_clause(classes: Sequence[str]) -> str:
    """SQL over CORRECTED_FROM keeping the quotes whose cue is of one of ``classes`` (one ``?`` each,
    bound to the class names in order), for the dump, the speakers and the terminal UI alike.

    Quotes stored before classes existed (store migration m004) have none: they pass when every
    speech-like class is asked for (the default views: an old database still shows its quotes) and
    never a narrower choice, so picking `thought` shows thoughts only."""
    chosen = f"q.cue_class IN ({', '.join('?' for _ in classes)})"
    return f"(q.cue_class IS NULL OR {chosen})" if set(SPEECH_LIKE) <= set(classes) else chosen


SPEAKER_TYPES = ("person", "organization", "government", "group", "document", "place", "anonymous", "unknown")


class Unchanged:
    """Sentinel type: leave this part of the correction as it is."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = Unchanged()


@dataclass(frozen=True)
class Speaker:
    """A speaker entity a quote is attributed to by a correction."""

    name: str
    type: str = "person"
    key: str | None = None          # an existing entity's key; by default the store's `type:name`
    anonymous: bool = False

    @property
    def resolved_key(self) -> str:
        return self.key or f"{self.type}:{self.name.lower()}"


@dataclass(frozen=True)
class Cue:
    """A corrected reporting cue; offsets are None when the cue is not found in the text."""

    text: str
    lemma: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class State:
    """What the corrections say about one quote: None means the analysis' value stands."""

    speaker: Speaker | None = None
    cue: Cue | None = None
    not_quote: bool = False

    @property
    def empty(self) -> bool:
        return self.speaker is None and self.cue is None and not self.not_quote


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def corrected_dump_rows(db, kinds: Iterable[str] = (), classes: Iterable[str] = ()) -> Iterator[dict]:
    """`quotes dump` rows with corrections applied; quotes marked as not a quote are left out."""
    kinds, classes = list(kinds), list(classes)
    where = f"WHERE {KEPT}"
    if kinds:
        where += f" AND q.kind IN ({', '.join('?' for _ in kinds)})"
    if classes:
        where += f" AND {class_clause(classes)}"
    cursor = db.execute(f"{DUMP_SELECT} {where} ORDER BY {ORDER}", kinds + classes)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


def _row(db, sql: str, params: list[Any]) -> dict | None:
    cursor = db.execute(sql, params)
    values = cursor.fetchone()
    return None if values is None else dict(zip([d[0] for d in cursor.description], values))


def quote_key(db, quote_id: int) -> dict:
    """The correction key of a quote: source, quote_start, quote_end, kind, quote. KeyError if unknown."""
    row = _row(db, """
        SELECT a.source, q.start AS quote_start, q."end" AS quote_end, q.kind, q.text AS quote
        FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.id = ?""", [quote_id])
    if row is None:
        raise KeyError(f"no quote with id {quote_id}")
    return row


_KEY_WHERE = "source = ? AND quote_start = ? AND quote_end = ? AND kind = ? AND quote = ?"


def _key_params(key: dict) -> list:
    return [key["source"], key["quote_start"], key["quote_end"], key["kind"], key["quote"]]


def _state_of(row: dict | None) -> State:
    if row is None:
        return State()
    speaker = None
    if row["speaker_key"] is not None:
        speaker = Speaker(row["speaker_name"], row["speaker_type"], row["speaker_key"],
                          bool(row["speaker_anonymous"]))
    cue = None
    if row["cue"] is not None:
        cue = Cue(row["cue"], row["cue_lemma"], row["cue_start"], row["cue_end"])
    return State(speaker, cue, bool(row["not_quote"]))


def current(db, quote_id: int) -> State:
    """The corrections in force for a quote."""
    key = quote_key(db, quote_id)
    row = _row(db, f"SELECT * FROM corrections WHERE {_KEY_WHERE} ORDER BY id DESC LIMIT 1", _key_params(key))
    return _state_of(row)


def history(db, quote_id: int) -> list[dict]:
    """Every correction row of a quote, newest first."""
    key = quote_key(db, quote_id)
    cursor = db.execute(f"SELECT * FROM corrections WHERE {_KEY_WHERE} ORDER BY id DESC", _key_params(key))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values)) for values in cursor]


def _original(db, quote_id: int) -> dict:
    return _row(db, """
        SELECT s.key AS speaker_key, q.cue, q.cue_start, q.cue_end, a.text AS article_text
        FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
        WHERE q.id = ?""", [quote_id])


def _changes(old: State, new: State) -> list[str]:
    changes = []
    if old.speaker != new.speaker:
        changes.append("speaker")
    if old.cue != new.cue:
        changes.append("cue")
    if old.not_quote != new.not_quote:
        changes.append("not_quote" if new.not_quote else "quote")
    return changes


def _append(db, key: dict, state: State, action: str, when: str | None) -> int:
    speaker, cue = state.speaker, state.cue
    record = {
        **key, "action": action, "created_at": when or now_utc(), "not_quote": int(state.not_quote),
        "speaker_key": speaker.resolved_key if speaker else None, "speaker_name": speaker.name if speaker else None,
        "speaker_type": speaker.type if speaker else None,
        "speaker_anonymous": int(speaker.anonymous) if speaker else None,
        "cue": cue.text if cue else None, "cue_lemma": cue.lemma if cue else None,
        "cue_start": cue.start if cue else None, "cue_end": cue.end if cue else None,
    }
    columns = ", ".join(f'"{name}"' for name in record)
    marks = ", ".join("?" for _ in record)
    with _transaction(db):
        cursor = db.execute(f"INSERT INTO corrections ({columns}) VALUES ({marks})", list(record.values()))
        if speaker is not None:
            _keep_speaker(db, speaker)
        _drop_unused_speakers(db)
    return cursor.lastrowid


def _keep_speaker(db, speaker: Speaker) -> None:
    """A correction's speaker is a row of ``speakers`` like any other (browsable, joinable)."""
    import json

    from .attribution.gender import decide

    db.execute("INSERT INTO speakers (key, name, type, anonymous, aliases) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT (key) DO NOTHING",
               [speaker.resolved_key, speaker.name, speaker.type, int(speaker.anonymous), json.dumps([speaker.name])])
    if "gender_evidence" in {row[1] for row in db.execute("PRAGMA table_info(speakers)")}:     # store m008 on
        gender, evidence = decide([], speaker.name, speaker.type)
        db.execute("UPDATE speakers SET gender = ?, gender_evidence = ? WHERE key = ? AND gender_evidence IS NULL",
                   [gender, evidence, speaker.resolved_key])


UNUSED_SPEAKERS = """DELETE FROM speakers WHERE id NOT IN (SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL)
    AND key NOT IN (SELECT speaker_key FROM current_corrections WHERE speaker_key IS NOT NULL)"""


def _drop_unused_speakers(db) -> None:
    db.execute(UNUSED_SPEAKERS)


class _transaction:
    """Commit on success, roll back on error: works for sqlite3 and sqlite-utils connections."""

    def __init__(self, db):
        self.conn = getattr(db, "conn", db)

    def __enter__(self):
        return self.conn

    def __exit__(self, kind, error, trace):
        if kind is None:
            self.conn.commit()
        else:
            self.conn.rollback()
        return False


def correct(db, quote_id: int, *, speaker: Speaker | None | Unchanged = UNCHANGED,
            cue: Cue | str | None | Unchanged = UNCHANGED, not_quote: bool | None = None,
            when: str | None = None, action: str | None = None) -> int | None:
    """Record a correction of one quote and return its row id, or None when nothing changes.

    ``speaker``/``cue``: the corrected value, None to go back to the analysis' value, UNCHANGED to keep
    what the corrections say now. A cue given as a string is located in the article near the quote and
    gets a lemma (see ``make_cue``). A value equal to the analysis' own is stored as no correction.
    """
    key = quote_key(db, quote_id)
    old = current(db, quote_id)
    original = _original(db, quote_id)
    new_speaker = old.speaker if isinstance(speaker, Unchanged) else speaker
    if new_speaker is not None and new_speaker.resolved_key == original["speaker_key"]:
        new_speaker = None
    if isinstance(cue, Unchanged):
        new_cue = old.cue
    elif isinstance(cue, str):
        new_cue = make_cue(db, original["article_text"], cue, key["quote_start"], key["quote_end"])
    else:
        new_cue = cue
    if new_cue is not None and (new_cue.text, new_cue.start, new_cue.end) == (
            original["cue"], original["cue_start"], original["cue_end"]):
        new_cue = None
    new = State(new_speaker, new_cue, old.not_quote if not_quote is None else bool(not_quote))
    changes = _changes(old, new)
    if not changes:
        return None
    return _append(db, key, new, action or ",".join(changes), when)


def speaker_quotes(db, speaker_key: str, article_id: int | None = None) -> list[int]:
    """The ids of the quotes whose speaker (corrections applied) is ``speaker_key``, optionally of one article."""
    where = f"{EFFECTIVE['speaker_key']} = ?" + (" AND q.article_id = ?" if article_id is not None else "")
    params = [speaker_key] + ([article_id] if article_id is not None else [])
    return [row[0] for row in db.execute(f"SELECT q.id {CORRECTED_FROM} WHERE {where} ORDER BY q.id", params)]


def merge_speakers(db, speaker_key: str, into: Speaker, when: str | None = None) -> int:
    """Give every quote of one speaker to another (one correction per quote, action `merge`, kept
    through re-analysis like any correction); returns how many quotes changed."""
    return sum(correct(db, quote_id, speaker=into, when=when, action="merge") is not None
               for quote_id in speaker_quotes(db, speaker_key))


def split_speaker(db, quote_ids: Iterable[int], into: Speaker, when: str | None = None) -> int:
    """Give some quotes of a speaker (those of one article, one name form) to another, often a new
    one (action `split`); returns how many quotes changed."""
    return sum(correct(db, quote_id, speaker=into, when=when, action="split") is not None
               for quote_id in quote_ids)


GENDERS = ("female", "male", "unknown")


def speaker_gender(db, speaker_key: str) -> tuple[str | None, str | None]:
    """(gender, evidence) in force for a speaker: a reviewer's correction, else the analysis'."""
    row = db.execute("SELECT gender, gender_evidence FROM speaker_genders WHERE key = ?", [speaker_key]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def set_gender(db, speaker_key: str, gender: str | None, when: str | None = None) -> int | None:
    """Correct a speaker's gender (`female`, `male` or `unknown`; None goes back to the analysis'), a
    row of the `speaker_corrections` log keyed by the speaker's key, so it survives re-analysis.
    Returns the row id, or None when nothing changes. ValueError for another value."""
    if gender is not None and gender not in GENDERS:
        raise ValueError(f"gender must be one of {', '.join(GENDERS)}, not {gender!r}")
    latest = db.execute("SELECT gender FROM speaker_corrections WHERE speaker_key = ? ORDER BY id DESC LIMIT 1",
                        [speaker_key]).fetchone()
    if (latest[0] if latest else None) == gender:
        return None
    with _transaction(db):
        cursor = db.execute("INSERT INTO speaker_corrections (speaker_key, gender, created_at) VALUES (?, ?, ?)",
                            [speaker_key, gender, when or now_utc()])
    return cursor.lastrowid


def revert(db, quote_id: int, when: str | None = None) -> int | None:
    """Undo every correction of a quote (a new log row); None when there was nothing to undo."""
    if current(db, quote_id).empty:
        return None
    return _append(db, quote_key(db, quote_id), State(), "revert", when)


def locate_cue(text: str, cue: str, quote_start: int, quote_end: int, window: int = 600) -> tuple[int, int] | None:
    """Offsets of the whole-word occurrence of ``cue`` nearest to the quote (outside it preferred)."""
    cue = cue.strip()
    if not cue:
        return None
    low, high = max(0, quote_start - window), min(len(text), quote_end + window)
    pattern = re.compile(rf"(?<!\w){re.escape(cue)}(?!\w)", re.IGNORECASE)
    best = None
    for match in pattern.finditer(text, low, high):
        start, end = match.span()
        if end <= quote_start:
            rank = (0, quote_start - end)
        elif start >= quote_end:
            rank = (0, start - quote_end)
        else:
            rank = (1, 0)               # inside or across the quote: only if nothing is outside
        if best is None or rank < best[0]:
            best = (rank, (start, end))
    return best[1] if best else None


def guess_lemma(db, cue: str) -> str:
    """The lemma the analysis gave this cue form most often, else the cue in lower case."""
    row = db.execute("""
        SELECT cue_lemma FROM quotes WHERE lower(cue) = lower(?) AND cue_lemma IS NOT NULL
        GROUP BY cue_lemma ORDER BY COUNT(*) DESC LIMIT 1""", [cue.strip()]).fetchone()
    return row[0] if row else cue.strip().lower()


def make_cue(db, article_text: str, cue: str, quote_start: int, quote_end: int) -> Cue:
    """A corrected cue from what a reviewer typed: located in the article and given a lemma."""
    span = locate_cue(article_text, cue, quote_start, quote_end)
    text = article_text[span[0]:span[1]] if span else cue.strip()
    return Cue(text, guess_lemma(db, text), *(span or (None, None)))


def orphans(db) -> list[dict]:
    """Corrections in force that match no quote any more (the article's text or analysis changed)."""
    cursor = db.execute("""
        SELECT c.* FROM current_corrections c
        WHERE (c.speaker_key IS NOT NULL OR c.cue IS NOT NULL OR c.not_quote = 1) AND NOT EXISTS (
            SELECT 1 FROM quotes q JOIN articles a ON a.id = q.article_id
            WHERE a.source = c.source AND q.start = c.quote_start AND q."end" = c.quote_end
              AND q.kind = c.kind AND q.text = c.quote)""")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values)) for values in cursor]
