"""Issue 17 acceptance: each of the 40 most quoted people of PolNeAR dev is one speaker row.

Needs a database of `quotes analyze` over PolNeAR dev (several minutes), named by the environment
variable QUOTES_POLNEAR_DEV_DB; skipped without it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest

from quotes.attribution.wordlists import word_list

PEOPLE = Path(__file__).parent / "fixtures" / "polnear-dev-people.txt"
DB = os.environ.get("QUOTES_POLNEAR_DEV_DB")


def people() -> list[str]:
    return [line for line in PEOPLE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def _name_tokens(name: str) -> list[str]:
    """A row name's words without titles, roles, adverbs, determiners and initials, lower case."""
    skip = word_list("titles") | word_list("roles") | word_list("sentence adverbs") | {"a", "an", "the", "new", "real"}
    tokens = [t.lower().rstrip(",") for t in re.split(r"\s+", name.replace("’s", "").replace("'s", "")) if t]
    return [t for t in tokens if t not in skip and not re.fullmatch(r"(?:[a-z]\.)+", t)]


def rows_of(person: str, rows: list[tuple[str, int]], everyone: list[str]) -> list[str]:
    """The speaker rows (names) that stand for ``person``: its given name and surname with nothing but
    titles, roles and initials around them; its surname alone where it is the first person of the list
    with that surname; its given name alone where no other listed person has that given name."""
    given, surname = person.lower().split()[0], person.lower().split()[-1]
    same_surname = [p for p in everyone if p.lower().split()[-1] == surname]
    same_given = [p for p in everyone if p.lower().split()[0] == given]
    found = []
    for name, _ in rows:
        if " and " in name or "," in name.strip(","):
            continue
        tokens = _name_tokens(name)
        if tokens and set(tokens) <= {given, surname} and surname in tokens:
            if given in tokens or same_surname[0] == person:
                found.append(name)
        elif tokens == [given] and same_given == [person]:
            found.append(name)
    return found


def speaker_rows(db_path: str) -> list[tuple[str, int]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("""SELECT s.name, COUNT(*) FROM quotes q JOIN speakers s ON s.id = q.speaker_id
                               GROUP BY s.id ORDER BY 2 DESC""").fetchall()
    finally:
        conn.close()


def test_the_list_has_forty_people():
    assert len(people()) == 40 == len(set(people()))


@pytest.mark.skipif(not DB, reason="QUOTES_POLNEAR_DEV_DB names no analyzed PolNeAR dev database")
@pytest.mark.parametrize("person", people())
def test_each_listed_person_is_one_speaker_row(person):
    rows = speaker_rows(DB)
    assert len(rows_of(person, rows, people())) == 1, rows_of(person, rows, people())
