"""Memory of `quotes analyze`: one very large article, and a long run over many articles.

    .venv/bin/python bench/memory.py large [--size-mb 1] [--source DIR]
    .venv/bin/python bench/memory.py corpus DIR [-j N] [--db PATH]

``large`` builds one article of about ``--size-mb`` MB from the texts under
``--source`` (paragraphs kept) and analyzes it; ``corpus`` analyzes every
article under DIR. Both sample the resident memory (RSS) of the `quotes`
process and of each of its worker processes once a second and print, as JSON,
the peak of the largest process and, for the corpus, the workers' RSS in each
quarter of the run (flat when nothing accumulates).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUOTES = Path(sys.executable).parent / "quotes"
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE / 2**20
    except OSError:
        return 0.0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            found = [int(p) for p in listing.read().split()]
    except OSError:
        return []
    return found + [grandchild for child in found for grandchild in children(child)]


def watch(command: list[str]) -> dict:
    """Run a command; RSS samples (seconds, main MB, [worker MB...]) once a second."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples = []
    while process.poll() is None:
        samples.append((time.perf_counter() - started, rss_mb(process.pid),
                        [rss_mb(child) for child in children(process.pid)]))
        time.sleep(1)
    summary = process.stderr.read().strip().splitlines()[-1:]
    return {"seconds": time.perf_counter() - started, "exit": process.returncode, "summary": summary,
            "samples": samples}


def peak(samples) -> float:
    return max([main for _, main, _ in samples] + [max(w, default=0) for *_, w in samples], default=0)


def large(size_mb: float, source: Path) -> dict:
    texts = [p.read_text(encoding="utf-8") for p in sorted(source.rglob("*.txt"))]
    article, i = [], 0
    while sum(map(len, article)) < size_mb * 2**20:
        article.append(texts[i % len(texts)])
        i += 1
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "large.txt"
        path.write_text("\n\n".join(article), encoding="utf-8")
        result = watch([str(QUOTES), "analyze", str(path), "--db", str(Path(scratch) / "q.db"),
                        "--time-limit", "0", "--max-chars", str(4 * path.stat().st_size)])
        result["article_mb"] = path.stat().st_size / 2**20
    result["peak_rss_mb"] = peak(result["samples"])
    return result


def corpus(directory: Path, jobs: int, db: Path | None) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        result = watch([str(QUOTES), "analyze", str(directory), "--db", str(db or Path(scratch) / "q.db"),
                        "-j", str(jobs)])
    result["peak_rss_mb"] = peak(result["samples"])
    working = [(t, max(w)) for t, _, w in result["samples"] if w]
    quarters = []
    if working:
        span = working[-1][0] - working[0][0] or 1
        for q in range(4):
            inside = [m for t, m in working if q / 4 <= (t - working[0][0]) / span <= (q + 1) / 4]
            quarters.append(round(sum(inside) / max(1, len(inside)), 1))
    result["largest_worker_rss_by_quarter_mb"] = quarters
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("large")
    one.add_argument("--size-mb", type=float, default=1.0)
    one.add_argument("--source", type=Path, default=ROOT.parent / "shared/data/polnear/dev/text")
    many = sub.add_parser("corpus")
    many.add_argument("directory", type=Path)
    many.add_argument("-j", "--jobs", type=int, default=2)
    many.add_argument("--db", type=Path, help="keep the database here (default: a temporary one)")
    args = parser.parse_args()
    result = large(args.size_mb, args.source) if args.what == "large" else corpus(args.directory, args.jobs, args.db)
    result["samples"] = [(round(t, 1), round(m, 1), [round(w, 1) for w in ws]) for t, m, ws in result["samples"]]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
