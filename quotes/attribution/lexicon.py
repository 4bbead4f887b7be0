"""The reporting-cue lexicon, read from ``data/cues.txt``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

CUES_FILE = Path(__file__).parent / "data" / "cues.txt"


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]   # lemma -> "speech", "cognition" or "attitude"
    nouns: frozenset[str]

    def verb_kind(self, lemma: str) -> str | None:
        """The kind of a verb cue; an inflected form the lemmatizer did not know (`touted`, `quipped`)
        is looked up by its likely lemmas."""
        lemma = lemma.lower()
        if lemma in self.verbs:
            return self.verbs[lemma]
        return next((self.verbs[c] for c in _base_forms(lemma) if c in self.verbs), None)

    def is_noun_cue(self, lemma: str) -> bool:
        return lemma.lower() in self.nouns


_SUFFIXES = (("ied", ("y",)), ("ies", ("y",)), ("ing", ("", "e")), ("ed", ("", "e")), ("es", ("", "e")),
             ("s", ("",)))


def _base_forms(form: str) -> list[str]:
    """Likely lemmas of an inflected English verb form: touted → tout, quipped → quip, denies → deny."""
    for suffix, endings in _SUFFIXES:
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            stem = form[:-len(suffix)]
            forms = [stem + ending for ending in endings]
            if suffix in ("ed", "ing") and len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])                       # quipped → quip
            return forms
    return []


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
