"""Benchmark the learned attribution layer: `quotes analyze` with and without it, and the attribution
stage alone on cached parses.

    .venv/bin/python bench/attribution.py ../shared/data/polnear/dev [--repeat 3] [--jobs 2]

Without the layer means the rules alone (an attribution model file with no scorers, given through
QUOTES_ATTRIBUTION_MODEL). Every figure is the median of ``--repeat`` runs: the whole process
(`quotes analyze GOLD/text` into a fresh database), and the seconds of ``attribute`` over every
article's parse (parsed once, cached under build/attribution/parses). JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUOTES = Path(sys.executable).parent / "quotes"


def rules_only_model(folder: Path) -> Path:
    path = folder / "rules-only.json"
    path.write_text(json.dumps({"format": "quotes-attribution-model", "version": 1, "scorers": {}}))
    return path


def whole_process(gold: Path, jobs: int, env: dict) -> float:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        subprocess.run([str(QUOTES), "analyze", str(gold / "text"), "--db", str(Path(folder) / "b.db"),
                        "-j", str(jobs)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        return time.perf_counter() - started


def main() -> None:
    from quotes.attribution import attribute
    from quotes.attribution.scorer import load_scorers
    from quotes.training.corpus import load_corpus

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path, help="brat gold folder (text/, attributions/)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rules_env = {**os.environ, "QUOTES_ATTRIBUTION_MODEL": str(rules_only_model(Path(folder)))}
        runs: dict[str, list[float]] = {"process, rules": [], "process, learned": [],
                                        "attribution, rules": [], "attribution, learned": []}
        corpus = load_corpus(args.gold, ROOT / "build" / "attribution" / "parses" / args.gold.name)
        learned = load_scorers()
        for _ in range(args.repeat):
            runs["process, rules"].append(whole_process(args.gold, args.jobs, rules_env))
            runs["process, learned"].append(whole_process(args.gold, args.jobs, dict(os.environ)))
            for name, scorers in (("rules", {}), ("learned", learned)):
                started = time.perf_counter()
                for article in corpus:
                    attribute(article.doc, scorers)
                runs[f"attribution, {name}"].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) for name, values in runs.items()}
    for name, value in medians.items():
        print(f"{name}: {value:.2f} s (runs: {', '.join(f'{v:.2f}' for v in runs[name])})", file=sys.stderr)
    ratio = medians["process, learned"] / medians["process, rules"]
    print(f"analyze with the learned layer / without: {ratio:.3f}", file=sys.stderr)
    print(json.dumps({"medians": medians, "runs": runs, "ratio": ratio, "articles": len(corpus)}, indent=2))


if __name__ == "__main__":
    main()
