"""Build ``quotes/attribution/data/noun_types.tsv``: the entity type of common nouns.

Reads the entity annotations (``Entity=`` in the MISC column) of UD English GUM's
CC-BY genres and keeps each noun lemma that heads mentions of one type, person,
organization or place, at least ``MIN_MENTIONS`` times and in at least
``MIN_SHARE`` of its mentions (`doctor` person, `committee` organization, `city`
place). The speaker-entity stage types nominal speakers (`a doctor said`) with it.

    python scripts/build_noun_types.py [--gum ../shared/data/ud/en_gum-ccby-ud-train.conllu]
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "quotes" / "attribution" / "data" / "noun_types.tsv"
TYPES = ("person", "organization", "place")
MIN_MENTIONS = 2
MIN_SHARE = 0.75
# `(12-person-new-...` opens entity 12 (a `)` at its end closes it on the same word); `12)` closes it
_ENTITY_PART = re.compile(r"\((\d+)-([a-z]+)[^()]*?(\))?|(\d+)\)")


def sentences(path: Path):
    """(id, lemma, upos, head id, misc) rows of each sentence, words only (Stanza's CoNLL-U reader)."""
    from stanza.utils.conll import CoNLL

    with path.open(encoding="utf-8") as handle:
        sentences, _ = CoNLL.load_conll(handle)
    for tokens in sentences:
        yield [(t[0], t[2], t[3], t[6], t[9]) for t in tokens if "-" not in t[0] and "." not in t[0]]


def mentions(rows):
    """(first, last, type) word positions of the sentence's entity mentions."""
    open_spans: dict[str, list[tuple[int, str]]] = {}
    for position, (*_, misc) in enumerate(rows):
        annotation = re.search(r"Entity=([^|]*)", misc)
        for part in _ENTITY_PART.finditer(annotation.group(1) if annotation else ""):
            entity, kind, closed, closing = part.groups()
            if entity and closed:
                yield position, position, kind
            elif entity:
                open_spans.setdefault(entity, []).append((position, kind))
            elif open_spans.get(closing):
                first, kind = open_spans[closing].pop()
                yield first, position, kind


def noun_types(path: Path) -> dict[str, tuple[str, int, int]]:
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for rows in sentences(path):
        positions = {row[0]: index for index, row in enumerate(rows)}
        for first, last, kind in mentions(rows):
            inside = range(first, last + 1)
            heads = [i for i in inside if positions.get(rows[i][3], -1) not in inside]
            if len(heads) == 1 and rows[heads[0]][2] == "NOUN":
                counts[rows[heads[0]][1].lower()][kind] += 1
    table = {}
    for lemma, by_type in counts.items():
        kind, count = by_type.most_common(1)[0]
        total = sum(by_type.values())
        if kind in TYPES and count >= MIN_MENTIONS and count >= MIN_SHARE * total:
            table[lemma] = (kind, count, total)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gum", type=Path, default=ROOT.parent / "shared/data/ud/en_gum-ccby-ud-train.conllu")
    args = parser.parse_args()
    table = noun_types(args.gum)
    lines = ["# Entity types of common nouns, from the entity annotations of UD English GUM's CC-BY",
             "# genres (train), CC BY 4.0 (Zeldes 2017). Built by scripts/build_noun_types.py.",
             "# lemma<TAB>type<TAB>mentions of that type<TAB>mentions"]
    lines += [f"{lemma}\t{kind}\t{count}\t{total}" for lemma, (kind, count, total) in sorted(table.items())]
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(table)} nouns written to {TABLE}")


if __name__ == "__main__":
    main()
