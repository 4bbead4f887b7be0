"""Benchmark what a person waits for before any article is parsed, and the quote-mark scan's speed.

    .venv/bin/python bench/startup.py [--repeat 3] [--articles 1000]

Every figure is the best or the median of ``--repeat`` runs, each in a fresh process:
- pipeline load: importing quotes and building the Stanza pipeline (best run; target 3 s on a
  2-core machine);
- unchanged re-run: ``quotes analyze`` on ``--articles`` articles already in the database, whole
  process (median; target 3 s: it loads no model);
- marks: ``find_quotes`` on 100,000 characters of single quote marks that never close, which once
  took minutes (best run; target 2 s).
``--check`` exits with status 1 when a figure misses its target. The result is printed as a table on
stderr and as JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"pipeline_load_s": 3.0, "unchanged_rerun_s": 3.0, "marks_100k_s": 2.0}

LOAD = "import time; t=time.perf_counter(); from quotes import nlp; nlp.pipeline(None); print(time.perf_counter()-t)"
MARKS = ("import time; from quotes.attribution.marks import find_quotes; t=time.perf_counter(); "
         "find_quotes(\" 'a\" * 33_334); print(time.perf_counter()-t)")


def in_fresh_process(program: str) -> float:
    return float(subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                                cwd=ROOT).stdout)


def unchanged_rerun(articles: int, repeat: int) -> list[float]:
    sys.path.insert(0, str(ROOT))
    from quotes import store
    from quotes.sources import Article, read_inputs

    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus"
        corpus.mkdir()
        for number in range(articles):
            (corpus / f"{number:04}.txt").write_text(
                f"Article {number}. “Quote number {number},” the spokesman said.\n", encoding="utf-8")
        db_path = Path(scratch) / "q.db"
        db = store.open_db(db_path)
        for article in read_inputs([str(corpus)]):
            assert isinstance(article, Article)
            store.save_article(db, article, [])
        db.close()
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "quotes", "analyze", str(corpus), "--db", str(db_path)],
                           check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - started)
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its target")
    args = parser.parse_args()
    loads = [in_fresh_process(LOAD) for _ in range(args.repeat)]
    reruns = unchanged_rerun(args.articles, args.repeat)
    marks = [in_fresh_process(MARKS) for _ in range(args.repeat)]
    report = {"pipeline_load_s": min(loads), "unchanged_rerun_s": statistics.median(reruns),
              "marks_100k_s": min(marks), "runs": {"pipeline_load_s": loads, "unchanged_rerun_s": reruns,
                                                   "marks_100k_s": marks}, "articles": args.articles}
    for name, target in TARGETS.items():
        print(f"{name}: {report[name]:.2f} s (target {target:.1f} s)", file=sys.stderr)
    print(json.dumps(report, indent=1))
    if args.check and any(report[name] > target for name, target in TARGETS.items()):
        sys.exit(1)


if __name__ == "__main__":
    main()
