"""The reporting-cue lexicon, read from ``data/cues.txt``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

CUES_FILE = Path(__file__).parent / "data" / "cues.txt"


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]   # lemma -> "speech" or "cognition"
    nouns: frozenset[str]

    def verb_kind(self, lemma: str) -> str | None:
        return self.verbs.get(lemma.lower())

    def is_noun_cue(self, lemma: str) -> bool:
        return lemma.lower() in self.nouns


@functools.lru_cache(maxsize=1)
def load_lexicon(path: Path = CUES_FILE) -> Lexicon:
    verbs: dict[str, str] = {}
    nouns: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, kind = line.split("\t")
        if kind == "noun":
            nouns.add(lemma)
        else:
            verbs.setdefault(lemma, kind)
    return Lexicon(verbs, frozenset(nouns))
