"""A person speaker's gender as the text and the name statistics present it, with the evidence.

This is not a person's identity: it is what the articles say about the speaker (the pronouns
resolved to them, the honorific or the gendered role noun before their name) or, failing that, what
most people with their given name were recorded as at birth. A reviewer corrects it in the
terminal UI (``corrections.set_gender``).

- **Text evidence** (``TEXT_KINDS``): `pronoun` (`he`, `she` as the quote's resolved speaker
  mention), `coreference` (the other gendered pronouns of the article outside quotations that
  resolve to the speaker: `Trump tells his supporters`, `the senator said he would`; see
  ``attribution._speaker_pronouns``), `honorific` (`Mr.`, `Mrs.`, `Ms.`, `Sir`, `Dame`) and `role`
  (`congresswoman`, `spokesman`, `ex-wife`), counted per article and pooled over every article of the entity.
- **The given-name table** (``data/given_names.tsv``, built by ``scripts/build_given_names.py``
  from the US Social Security Administration's baby-names counts, public domain): a name gives a
  gender only when at least ``MIN_SHARE`` of the births with it were of that sex, and there were
  at least ``MIN_BIRTHS``; otherwise (`Jordan`, `Taylor`, `Kim`) it is ambiguous and says nothing.
- Text evidence outranks the name; text evidence for both genders gives `unknown` (a conflict)
  unless the other gender holds at most ``CONFLICT_SHARE`` of it (`he` 80 times and `she` twice:
  a pronoun resolved to the wrong person, not a conflict); no evidence at all gives `unknown`. Only people get a gender: other types get None.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Iterable

from .wordlists import word_list

GIVEN_NAMES_FILE = Path(__file__).parent / "data" / "given_names.tsv"
MIN_SHARE = 0.95        # a name is ambiguous when the other sex holds more than 5 % of its births
MIN_BIRTHS = 500        # a rarer name says nothing
TEXT_KINDS = ("pronoun", "coreference", "honorific", "role")
CONFLICT_SHARE = 0.1    # text evidence conflicts when the other gender holds more than 10 % of it
PRONOUNS = {"he": "male", "him": "male", "his": "male", "himself": "male",
            "she": "female", "her": "female", "hers": "female", "herself": "female"}
HONORIFICS = {"mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "sir", "dame", "lord", "lady", "madam", "madame"}
_HONORIFIC_GENDER = {"dame": "female"}      # the rest are in names.txt's gendered titles


def ascii_fold(text: str) -> str:
    """`José` -> `jose`, `Zoë` -> `zoe`: the table's names are written without accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, tuple[int, int]]:
    table = {}
    for line in GIVEN_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, female, male = line.split("\t")
            table[name] = (int(female), int(male))
    return table


def name_statistics(given: str) -> tuple[str | None, str]:
    """(gender or None, evidence) for a given name from the table: None when absent, rare or ambiguous."""
    counts = _table().get(ascii_fold(given.strip(".")))
    if counts is None:
        return None, f"given name {given}: not in the table"
    female, male = counts
    total = female + male
    if total < MIN_BIRTHS:
        return None, f"given name {given}: too rare ({total} births)"
    share, gender = max((female / total, "female"), (male / total, "male"))
    if share < MIN_SHARE:
        return None, f"given name {given}: ambiguous ({female / total:.0%} female)"
    return gender, f"given name {given} ({share:.0%} {gender})"


def word_gender(word: str) -> tuple[str, str] | None:
    """(kind, gender) for a word that tells a gender: a pronoun, an honorific or a gendered role noun."""
    lowered = word.lower()
    if lowered.startswith("ex-"):       # `ex-wife`: still a wife's word
        lowered = lowered[3:]
    if lowered in PRONOUNS:
        return "pronoun", PRONOUNS[lowered]
    gender = _HONORIFIC_GENDER.get(lowered)
    if gender is None:
        gender = ("female" if lowered in word_list("female titles")
                  else "male" if lowered in word_list("male titles") else None)
    if gender is None:
        return None
    return ("honorific" if lowered in HONORIFICS else "role"), gender


def mention_evidence(mention: str | None, roles: Iterable[str] = ()) -> Counter:
    """Evidence of one quote's speaker in an article: its mention (`He`, `Mrs. Clinton`, `the
    congresswoman`) and the entity's roles there (`Sen.`, `Mr.`), as {(kind, word, gender): count}."""
    found: Counter = Counter()
    words = (mention or "").split()
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        found["pronoun", words[0].lower(), PRONOUNS[words[0].lower()]] += 1
        return found
    for word in [*words, *roles]:
        for part in word.split():
            told = word_gender(part)
            if told is not None and told[0] != "pronoun":
                found[told[0], part.lower(), told[1]] += 1
    return found


_DETERMINERS = {"the", "a", "an", "his", "her", "their", "my", "our", "your", "its", "this", "that"}


def given_name(name: str) -> str | None:
    """The given name of a canonical person name (`Hillary` of `Hillary Clinton`), None for a surname
    alone, an initial, or a description rather than a name (`the senator`, `His ex-wife`, `Gary
    Johnson's doctor`: a determiner first, a lower-case word other than a short particle such as `de`
    or `van`, or a possessive)."""
    tokens = [t for t in name.split() if t.lower() not in HONORIFICS]
    if len(tokens) < 2 or len(tokens[0].rstrip(".")) < 2:
        return None     # a surname alone, or an initial (`J. Smith`)
    if not tokens[0][:1].isupper() or tokens[0].lower() in _DETERMINERS \
            or any(t.endswith(("'s", "’s", "s'", "s’")) for t in tokens) \
            or any(t.replace("-", "").isalpha() and t.islower() and len(t) > 3 for t in tokens):
        return None     # a description
    return tokens[0]


def decide(evidence: Iterable[tuple[str, str, str, int]], name: str, speaker_type: str,
           surname_only: bool = False) -> tuple[str | None, str | None]:
    """(gender, gender_evidence) of a speaker from its pooled evidence rows (kind, word, gender, count)."""
    if speaker_type != "person":
        return None, None
    text: Counter = Counter()
    for kind, word, gender, count in evidence:
        if kind in TEXT_KINDS:
            text[kind, word, gender] += count
    by_gender: Counter = Counter()
    for (_, _, gender), count in text.items():
        by_gender[gender] += count
    described = "; ".join(f"{kind} {word} ×{count}" for (kind, word, _), count in sorted(text.items()))
    if by_gender:
        (gender, most), *others = by_gender.most_common()
        if others and others[0][1] > CONFLICT_SHARE * (most + others[0][1]):
            return "unknown", f"conflict: {described}"
        return gender, described
    given = None if surname_only else given_name(name)
    if given is None:
        return "unknown", "no evidence"
    gender, said = name_statistics(given)
    return gender or "unknown", said
