"""A generator of large quotes databases for the benchmarks and tests (direct inserts, no NLP).

    .venv/bin/python bench/bigdb.py big.db --quotes 100000

Articles are made of one quote per paragraph (`“…,” Speaker said.`) so that the
offsets in the database are true offsets into the article text, as the store's are.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
from pathlib import Path

from quotes import store

VERSION = 1     # bump when the generated content changes (cached copies are keyed by it)
SYLLABLES = ["ka", "lo", "mi", "ren", "ta", "vos", "dre", "sa", "nu", "pel", "gor", "ith", "an", "ber", "cu",
             "dal", "e", "fin", "ho", "jas"]
COMMON = ["the", "government", "war", "peace", "minister", "said", "people", "we", "will", "not", "accept",
          "talks", "drone", "attack", "economy", "prices", "election", "court", "police", "city", "children",
          "water", "school", "future", "never", "always", "today", "tomorrow", "plan", "deal"]
CUES = [("said", "say"), ("told", "tell"), ("added", "add"), ("warned", "warn"), ("claimed", "claim")]
TYPES = ["person", "person", "person", "organization", "group"]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return COMMON + sorted(words)


def build(path: str | Path, quotes: int = 100_000, per_article: int = 50, speakers: int = 3_000,
          seed: int = 7) -> Path:
    """Create a database at path with the given number of quotes; returns the path."""
    path = Path(path)
    if path.exists():
        path.unlink()
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng, 5_000)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))  # Zipf-like
    names = [f"{rng.choice(vocabulary).title()} {rng.choice(vocabulary).title()}" for _ in range(speakers)]
    speaker_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(speakers)))
    db = store.open_db(path)
    conn = db.conn
    with conn:
        conn.executemany(
            "INSERT INTO speakers (id, key, name, type, anonymous, aliases) VALUES (?, ?, ?, ?, 0, ?)",
            [(i + 1, f"{TYPES[i % len(TYPES)]}:{name.lower()}:{i}", name, TYPES[i % len(TYPES)],
              json.dumps([name, name.split()[-1]])) for i, name in enumerate(names)])
        quote_id = 0
        for number in range((quotes + per_article - 1) // per_article):
            count = min(per_article, quotes - quote_id)
            paragraphs, rows, offset = [], [], 0
            title = " ".join(rng.choices(vocabulary, cum_weights=weights, k=6)).capitalize()
            paragraphs.append(title)
            offset = len(title) + 2
            for _ in range(count):
                quote_id += 1
                speaker = rng.choices(range(speakers), cum_weights=speaker_weights)[0]
                words = rng.choices(vocabulary, cum_weights=weights, k=rng.randint(6, 24))
                text = " ".join(words).capitalize() + ","
                cue, lemma = rng.choice(CUES)
                mention = names[speaker]
                paragraph = f"“{text}” {mention} {cue}."
                start = offset + 1
                end = start + len(text)
                speaker_start = end + 2
                cue_start = speaker_start + len(mention) + 1
                kind = rng.choices(["direct", "indirect", "mixed"], [6, 3, 1])[0]
                rows.append((quote_id, number + 1, speaker + 1, kind, text, start, end, mention, speaker_start,
                             speaker_start + len(mention), cue, lemma, cue_start, cue_start + len(cue), "generated"))
                paragraphs.append(paragraph)
                offset += len(paragraph) + 2
            article_text = "\n\n".join(paragraphs) + "\n"
            name = f"article-{number + 1:05d}"
            conn.execute(
                "INSERT INTO articles (id, name, source, path, title, content_hash, text, analyzed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, '2025-01-01T00:00:00+00:00')",
                (number + 1, name, f"generated/{name}.txt", f"generated/{name}.txt", title,
                 hashlib.sha256(article_text.encode()).hexdigest(), article_text))
            conn.executemany(
                'INSERT INTO quotes (id, article_id, speaker_id, kind, text, start, "end", speaker_mention, '
                "speaker_start, speaker_end, cue, cue_lemma, cue_start, cue_end, rule) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--quotes", type=int, default=100_000)
    args = parser.parse_args()
    print(build(args.path, args.quotes))


if __name__ == "__main__":
    main()
