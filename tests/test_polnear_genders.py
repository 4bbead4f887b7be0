"""Issue 18 acceptance: speaker gender against a hand-labelled list of PolNeAR dev's person speakers.

The list (``fixtures/polnear-dev-genders.tsv``, names and labels only) gives for each person speaker
the gender its article itself shows, or `unknown` where it shows none. Over it:

- **precision**: of the listed speakers the analysis gives `female` or `male` and the list labels
  `female` or `male`, the share where the two agree (a name-table guess for a speaker whose article
  shows no gender cannot be checked against the article: it is counted apart, see bench/gender_labels.py);
- **coverage**: of the listed speakers with two or more quotes, the share the analysis gives
  `female` or `male`.

Needs a database of `quotes analyze` over PolNeAR dev (a few minutes), named by the environment
variable QUOTES_POLNEAR_DEV_DB; skipped without it. The figures by evidence kind, with the confusion
counts: ``python bench/gender_labels.py DB``.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

LABELS = Path(__file__).parent / "fixtures" / "polnear-dev-genders.tsv"
DB = os.environ.get("QUOTES_POLNEAR_DEV_DB")
GENDERS = ("female", "male")
PRECISION_TARGET = 0.97
COVERAGE_TARGET = 0.85


def labels() -> dict[str, str]:
    """{name: label} of the list."""
    lines = [line for line in LABELS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert lines[0] == "name\tlabel"
    found = {}
    for line in lines[1:]:
        name, label = line.split("\t")
        assert name not in found, name
        found[name] = label
    return found


@dataclass(frozen=True)
class Row:
    name: str
    label: str          # the article's: female, male or unknown
    gender: str | None  # the analysis's
    evidence: str | None
    quotes: int


def rows(db_path: str) -> list[Row]:
    """Every person speaker of the database whose name is listed, with its gender and quote count."""
    listed = labels()
    conn = sqlite3.connect(db_path)
    try:
        found = conn.execute("""SELECT s.name, s.gender, s.gender_evidence, COUNT(q.id) FROM speakers s
                                JOIN quotes q ON q.speaker_id = s.id WHERE s.type = 'person'
                                GROUP BY s.id ORDER BY s.id""").fetchall()
    finally:
        conn.close()
    return [Row(name, listed[name], gender, evidence, quotes) for name, gender, evidence, quotes in found
            if name in listed]


def precision(found: list[Row]) -> tuple[int, int]:
    """(right, judged): speakers given a gender whose article shows one."""
    judged = [row for row in found if row.gender in GENDERS and row.label in GENDERS]
    return sum(row.gender == row.label for row in judged), len(judged)


def coverage(found: list[Row]) -> tuple[int, int]:
    """(given a gender, all): speakers with two or more quotes."""
    quoted = [row for row in found if row.quotes >= 2]
    return sum(row.gender in GENDERS for row in quoted), len(quoted)


def test_the_list_has_at_least_two_hundred_labelled_people():
    listed = labels()
    assert len(listed) >= 200
    assert set(listed.values()) == {"female", "male", "unknown"}
    assert sum(label in GENDERS for label in listed.values()) >= 150


def test_precision_and_coverage_count_what_they_say():
    found = [Row("A", "male", "male", "pronoun he ×2", 3), Row("B", "female", "male", "given name B", 1),
             Row("C", "unknown", "male", "given name C", 2), Row("D", "male", "unknown", "no evidence", 2),
             Row("E", "female", "female", "honorific ms. ×1", 1)]
    assert precision(found) == (2, 3)       # C's article shows no gender: not judged
    assert coverage(found) == (2, 3)        # A and C of A, C, D


needs_db = pytest.mark.skipif(not DB, reason="QUOTES_POLNEAR_DEV_DB names no analyzed PolNeAR dev database")


@needs_db
def test_most_listed_people_are_speakers_of_the_database():
    found = {row.name for row in rows(DB)}
    assert len(found) >= 0.9 * len(labels()), sorted(set(labels()) - found)


@needs_db
def test_precision_of_the_genders_given():
    right, judged = precision(rows(DB))
    wrong = [(r.name, r.label, r.gender, r.evidence) for r in rows(DB)
             if r.gender in GENDERS and r.label in GENDERS and r.gender != r.label]
    assert judged >= 100 and right / judged >= PRECISION_TARGET, (right, judged, wrong)


@needs_db
def test_coverage_of_speakers_quoted_twice_or_more():
    given, quoted = coverage(rows(DB))
    missed = [(r.name, r.label, r.evidence) for r in rows(DB) if r.quotes >= 2 and r.gender not in GENDERS]
    assert quoted >= 150 and given / quoted >= COVERAGE_TARGET, (given, quoted, missed)
