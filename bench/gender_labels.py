"""Speaker gender against the hand-labelled PolNeAR dev list (tests/fixtures/polnear-dev-genders.tsv):
precision, coverage and the confusion counts, split by the kind of evidence that decided.

    .venv/bin/python bench/gender_labels.py build/dev.db [--json] [--wrong]

The database is `quotes analyze` over PolNeAR dev. The evidence kind of a speaker comes from the
`gender_evidence` the analysis stored (see attribution/gender.py): the text kinds that gave it
(`pronoun`, `honorific`, `role`, joined by `+` when several did), `given name` (the name table gave
a gender), `given name: no answer` (absent, rare or ambiguous), `conflict`, `no evidence`; a second
table groups them by the strongest text kind (honorific, then role, pronoun, coreference). Each
confusion cell is the article's label -> the analysis's value. Precision and coverage are defined in
tests/test_polnear_genders.py.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_polnear_genders import GENDERS, coverage, labels, precision, rows  # noqa: E402

VALUES = ("female", "male", "unknown")


def evidence_kind(gender: str | None, evidence: str | None) -> str:
    evidence = evidence or ""
    if evidence == "review":
        return "review"
    if evidence.startswith("conflict"):
        return "conflict"
    if evidence.startswith("given name"):
        return "given name" if gender in GENDERS else "given name: no answer"
    kinds = sorted(set(re.findall(r"(pronoun|honorific|role|coreference) \S+ ×\d+", evidence)))
    return "+".join(kinds) if kinds else "no evidence"


STRENGTH = ("honorific", "role", "pronoun", "coreference")


def strongest_kind(gender: str | None, evidence: str | None) -> str:
    """The first of honorific, role, pronoun, coreference among a speaker's text kinds, else its kind."""
    kind = evidence_kind(gender, evidence)
    return next((k for k in STRENGTH if k in kind.split("+")), kind)


def _split(found: list, kind_of) -> dict:
    by_kind: dict[str, list] = defaultdict(list)
    for row in found:
        by_kind[kind_of(row.gender, row.evidence)].append(row)
    kinds = {}
    for kind, sub in sorted(by_kind.items(), key=lambda item: -len(item[1])):
        counts = Counter((row.label, row.gender or "unknown") for row in sub)
        kinds[kind] = {"speakers": len(sub), "precision": list(precision(sub)), "coverage_2plus": list(coverage(sub)),
                       "confusion": {f"{label}->{value}": counts[label, value]
                                     for label in VALUES for value in VALUES if counts[label, value]}}
    return kinds


def report(db_path: str) -> dict:
    found = rows(db_path)
    right, judged = precision(found)
    given, quoted = coverage(found)
    unverifiable = sum(1 for row in found if row.gender in GENDERS and row.label == "unknown")
    return {"listed": len(labels()), "found": len(found), "precision": [right, judged],
            "coverage_2plus": [given, quoted], "given_but_article_shows_none": unverifiable,
            "by_kind": _split(found, evidence_kind), "by_strongest_kind": _split(found, strongest_kind),
            "wrong": [(row.name, row.label, row.gender, row.evidence) for row in found
                      if row.gender in GENDERS and row.label in GENDERS and row.gender != row.label]}


def _pct(pair) -> str:
    return f"{pair[0]}/{pair[1]} = {100 * pair[0] / pair[1]:.1f} %" if pair[1] else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--wrong", action="store_true", help="list the speakers given the wrong gender")
    args = parser.parse_args()
    result = report(args.db)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(f"listed {result['listed']}, found as person speakers {result['found']}")
    print(f"precision (analysis female/male, article female/male): {_pct(result['precision'])}")
    print(f"coverage (speakers with >= 2 quotes given female/male): {_pct(result['coverage_2plus'])}")
    print(f"given female/male where the article shows no gender: {result['given_but_article_shows_none']}")
    print()
    cells = [f"{label[0]}->{value[0]}" for label in VALUES for value in VALUES]
    for title, split in (("evidence kinds", "by_kind"), ("strongest kind", "by_strongest_kind")):
        print(f"{title:<30} {'n':>4} {'precision':>17} {'coverage >=2':>17}  " + " ".join(f"{c:>4}" for c in cells))
        for kind, data in result[split].items():
            counts = [data["confusion"].get(f"{label}->{value}", 0) for label in VALUES for value in VALUES]
            print(f"{kind:<30} {data['speakers']:>4} {_pct(data['precision']):>17} {_pct(data['coverage_2plus']):>17}  "
                  + " ".join(f"{c:>4}" for c in counts))
        print()
    print("(confusion: the article's label -> the analysis's value; f female, m male, u unknown)")
    if args.wrong:
        print()
        for name, label, gender, evidence in result["wrong"]:
            print(f"{name}: article {label}, analysis {gender} ({evidence})")


if __name__ == "__main__":
    main()
