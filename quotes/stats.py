"""Source-diversity statistics: who is quoted, by gender and speaker type, per outlet, month or article.

Every figure applies the review corrections (speaker, not-a-quote, gender), as the dump does. A
speaker is counted once per group however often it is quoted there (``speakers_*``); quotes count
each quote (``quotes_*``). ``women_share`` is the share of women among the person speakers of the
group whose gender is known (female or male); ``women_quote_share`` the same over their quotes;
``anonymous_share`` the share of the group's quotes given to anonymous sources (`a source`,
`officials`). Quotes without a speaker count in ``quotes`` and ``quotes_no_speaker`` only.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from .corrections import CORRECTED_FROM, EFFECTIVE, KEPT, SPEAKER_TYPES, class_clause

GROUPINGS = {
    "outlet": "COALESCE(a.outlet, '(no outlet)')",
    "month": "COALESCE(substr(a.date, 1, 7), '(no date)')",
    "article": "a.name",
    "none": "'all'",
}
GENDERS = ("female", "male", "gender_unknown")     # column suffixes: `unknown` is also a speaker type


def columns() -> list[str]:
    return (["group", "quotes"] + [f"quotes_{g}" for g in GENDERS] + [f"quotes_{t}" for t in SPEAKER_TYPES]
            + ["quotes_no_speaker", "speakers"] + [f"speakers_{g}" for g in GENDERS]
            + [f"speakers_{t}" for t in SPEAKER_TYPES] + ["women_share", "women_quote_share", "anonymous_share"])


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def statistics(db, by: str = "none", classes: Sequence[str] = ()) -> list[dict]:
    """One row per group (sorted by group), with the ``columns()``."""
    if by not in GROUPINGS:
        raise ValueError(f"--by must be one of {', '.join(GROUPINGS)}")
    where = f"WHERE {KEPT}" + (f" AND {class_clause(classes)}" if classes else "")
    cursor = db.execute(f"""
        SELECT {GROUPINGS[by]}, {EFFECTIVE['speaker_key']}, {EFFECTIVE['speaker_type']},
               {EFFECTIVE['speaker_anonymous']}, {EFFECTIVE['speaker_gender']}
        {CORRECTED_FROM} {where}""", list(classes))
    quotes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    speakers: dict[str, dict[str, tuple]] = defaultdict(dict)
    for group, key, kind, anonymous, gender in cursor:
        counts = quotes[group]
        counts["quotes"] += 1
        if key is None:
            counts["quotes_no_speaker"] += 1
            continue
        kind = kind if kind in SPEAKER_TYPES else "unknown"
        kind = "anonymous" if anonymous else kind
        counts[f"quotes_{kind}"] += 1
        if kind == "person":
            counts[f"quotes_{gender if gender in ('female', 'male') else 'gender_unknown'}"] += 1
        speakers[group][key] = (kind, gender if gender in ("female", "male") else "gender_unknown")
    rows = []
    for group in sorted(quotes):
        counts = quotes[group]
        row = {"group": group, **{name: counts.get(name, 0) for name in columns()[1:] if name.startswith("quotes")}}
        people = speakers[group].values()
        row["speakers"] = len(people)
        for gender in GENDERS:
            row[f"speakers_{gender}"] = sum(1 for kind, g in people if kind == "person" and g == gender)
        for kind in SPEAKER_TYPES:
            row[f"speakers_{kind}"] = sum(1 for k, _ in people if k == kind)
        row["women_share"] = _share(row["speakers_female"], row["speakers_female"] + row["speakers_male"])
        row["women_quote_share"] = _share(row["quotes_female"], row["quotes_female"] + row["quotes_male"])
        row["anonymous_share"] = _share(row["quotes_anonymous"], row["quotes"])
        rows.append({name: row[name] for name in columns()})
    return rows
