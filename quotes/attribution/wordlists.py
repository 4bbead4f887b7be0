"""Word lists kept as data in ``data/names.txt``, and the noun types of ``data/noun_types.tsv``."""

from __future__ import annotations

import functools
from pathlib import Path

NAMES_FILE = Path(__file__).parent / "data" / "names.txt"
NOUN_TYPES_FILE = Path(__file__).parent / "data" / "noun_types.tsv"


@functools.lru_cache(maxsize=1)
def _sections() -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {}
    current = None
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is not None:
            current.add(line.lower())
    return {name: frozenset(words) for name, words in sections.items()}


def word_list(name: str) -> frozenset[str]:
    return _sections()[name]


@functools.lru_cache(maxsize=1)
def _noun_types() -> dict[str, str]:
    lines = NOUN_TYPES_FILE.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t")[:2] for line in lines if line and not line.startswith("#"))


def noun_type(lemma: str) -> str | None:
    """`person`, `organization` or `place` for a common noun that names one (`doctor`), else None."""
    return _noun_types().get(lemma.lower())
