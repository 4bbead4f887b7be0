"""Benchmark `quotes analyze`: throughput, stage split, peak memory; optionally side by side with textacy.

    .venv/bin/python bench/analyze.py DIR [--repeat 3] [--jobs 1 --jobs 2]
        [--textacy-python PATH --spacy-model NAME_OR_PATH] [--compare-models STANZA_DIR]

Every figure is the median of ``--repeat`` runs:
- whole process: ``quotes analyze DIR`` into a fresh database, from start to exit, for each ``--jobs``
  value, with the peak resident memory of its largest process;
- stage split: in this process (one core), seconds in tokenize, parse (tags, lemmas, dependencies),
  attribution and storage, for the whole directory, and in attribution by the rules alone (no learned
  scorers, no span tagger), to tell what the learned layer costs;
- with ``--textacy-python``: that interpreter runs ``bench/textacy_quotes.py`` (textacy's direct
  quotations over a spaCy pipeline) on the same texts, alternating with `quotes analyze`, and the
  ratio of the medians is reported;
- with ``--compare-models``: `quotes analyze --models STANZA_DIR` (another model set, e.g. the
  previous bundled one laid out as a Stanza resources folder) runs in the same rounds, and the
  ratio of its median to the bundled models' is reported for each ``--jobs`` value.
The result is printed as a table on stderr and as JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUOTES = Path(sys.executable).parent / "quotes"


def timed_process(command: list[str]) -> tuple[float, float]:
    """Wall seconds of a whole process and the peak RSS (MB) of its largest process."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    # ru_maxrss of the children is the largest of all reaped so far: measure each run in its own process
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def quotes_run(directory: Path, jobs: int, models: Path | None = None) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as scratch:
        probe = [sys.executable, __file__, "--probe", str(QUOTES), "analyze", str(directory),
                 "--db", str(Path(scratch) / "bench.db"), "-j", str(jobs)]
        if models is not None:
            probe += ["--models", str(models)]
        out = subprocess.run(probe, check=True, capture_output=True, text=True).stdout
    seconds, peak = out.split()
    return float(seconds), float(peak)


def textacy_run(python: str, directory: Path, model: str) -> float:
    started = time.perf_counter()
    subprocess.run([python, str(ROOT / "bench" / "textacy_quotes.py"), str(directory), "--model", model],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def stage_split(directory: Path) -> dict[str, float]:
    """Seconds per stage for the whole directory, in this process."""
    import torch

    from quotes import analysis, nlp, store
    from quotes.attribution import attribute, bundled_scorers
    from quotes.bounded import parse_article
    from quotes.sources import Article, read_inputs

    torch.set_num_threads(1)
    started = time.perf_counter()
    nlp.pipeline()
    scorers = bundled_scorers()
    seconds = {"load": time.perf_counter() - started, "tokenize": 0.0, "parse": 0.0,
               "attribution": 0.0, "rules_attribution": 0.0, "storage": 0.0, "words": 0}
    articles = [item for item in read_inputs([str(directory)]) if isinstance(item, Article)]
    with tempfile.TemporaryDirectory() as scratch:
        db = store.open_db(Path(scratch) / "split.db")
        for article in articles:
            parsing: dict[str, float] = {}
            doc = parse_article(article.text, None, parsing)    # its tokenize and parse seconds
            for stage, value in parsing.items():
                seconds[stage] += value
            seconds["words"] += len(doc.words)
            found = {}
            for stage, used in (("attribution", scorers), ("rules_attribution", {})):
                started = time.perf_counter()
                found[stage] = attribute(doc, used)
                analysis.check_attributions(article.text, found[stage])
                seconds[stage] += time.perf_counter() - started
            started = time.perf_counter()
            store.save_article(db, article, found["attribution"])
            seconds["storage"] += time.perf_counter() - started
        db.close()
    seconds["articles"] = len(articles)
    return seconds


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path, nargs="?",
                        default=ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, action="append", help="worker processes (repeatable)")
    parser.add_argument("--textacy-python", help="interpreter with textacy and spaCy installed")
    parser.add_argument("--spacy-model", default="en_core_web_sm")
    parser.add_argument("--no-split", action="store_true", help="skip the in-process stage split")
    parser.add_argument("--compare-models", type=Path, help="another Stanza model folder to time alongside")
    args = parser.parse_args()
    jobs_values = args.jobs or [1, 2]
    result: dict = {"directory": str(args.directory), "repeat": args.repeat}

    whole: dict[int, list] = {jobs: [] for jobs in jobs_values}
    other: dict[int, list] = {jobs: [] for jobs in jobs_values}
    textacy: list[float] = []
    for _ in range(args.repeat):                     # alternate the systems within each round
        for jobs in jobs_values:
            whole[jobs].append(quotes_run(args.directory, jobs))
            if args.compare_models:
                other[jobs].append(quotes_run(args.directory, jobs, args.compare_models))
        if args.textacy_python:
            textacy.append(textacy_run(args.textacy_python, args.directory, args.spacy_model))
    splits = [] if args.no_split else [stage_split(args.directory) for _ in range(args.repeat)]
    articles = len(list(args.directory.rglob("*.txt")))
    result["articles"] = articles
    result["whole_process"] = {
        str(jobs): {"seconds": statistics.median(s for s, _ in runs),
                    "articles_per_s": articles / statistics.median(s for s, _ in runs),
                    "peak_rss_mb": max(m for _, m in runs), "runs": [round(s, 2) for s, _ in runs]}
        for jobs, runs in whole.items()}
    if args.compare_models:
        result["compared_models"] = {
            "models": str(args.compare_models),
            **{str(jobs): {"seconds": statistics.median(s for s, _ in runs),
                           "peak_rss_mb": max(m for _, m in runs), "runs": [round(s, 2) for s, _ in runs],
                           "bundled_speedup": statistics.median(s for s, _ in runs)
                           / result["whole_process"][str(jobs)]["seconds"]}
               for jobs, runs in other.items()}}
    if splits:
        split = median_of(splits)
        busy = sum(split[k] for k in ("tokenize", "parse", "attribution", "storage"))
        split["words_per_s"] = split["words"] / busy
        result["stage_split"] = split
        for row in result["whole_process"].values():
            row["words_per_s"] = split["words"] / row["seconds"]
    if textacy:
        best = min(result["whole_process"].values(), key=lambda r: r["seconds"])
        result["textacy"] = {"model": args.spacy_model, "seconds": statistics.median(textacy),
                             "articles_per_s": articles / statistics.median(textacy),
                             "runs": [round(s, 2) for s in textacy]}
        result["ratio_vs_textacy"] = statistics.median(textacy) / best["seconds"]
    print_table(result)
    print(json.dumps(result, indent=2))


def print_table(result: dict) -> None:
    out = sys.stderr
    print(f"{result['articles']} articles in {result['directory']}, median of {result['repeat']} runs", file=out)
    for jobs, row in result["whole_process"].items():
        print(f"  quotes analyze -j {jobs}: {row['seconds']:.1f} s, {row['articles_per_s']:.2f} articles/s, "
              f"peak RSS {row['peak_rss_mb']:.0f} MB (largest process)", file=out)
    for jobs, row in result.get("compared_models", {}).items():
        if jobs != "models":
            print(f"  quotes analyze -j {jobs} --models {result['compared_models']['models']}: {row['seconds']:.1f} s, "
                  f"peak RSS {row['peak_rss_mb']:.0f} MB; the bundled models are {row['bundled_speedup']:.2f}x "
                  "as fast", file=out)
    if "stage_split" in result:
        split = result["stage_split"]
        busy = sum(split[k] for k in ("tokenize", "parse", "attribution", "storage"))
        print(f"  stage split (one core, {split['words']:.0f} words, {split['words_per_s']:.0f} words/s; "
              f"model load {split['load']:.1f} s):", file=out)
        for stage in ("tokenize", "parse", "attribution", "storage"):
            print(f"    {stage:<12}{split[stage]:7.2f} s  {100 * split[stage] / busy:5.1f} %", file=out)
        rules = busy - split["attribution"] + split["rules_attribution"]
        print(f"    (the rules alone attribute in {split['rules_attribution']:.2f} s: the learned layer makes the "
              f"whole {busy / rules:.3f}x as long)", file=out)
    if "textacy" in result:
        print(f"  textacy + spaCy ({result['textacy']['model']}): {result['textacy']['seconds']:.1f} s, "
              f"{result['textacy']['articles_per_s']:.2f} articles/s; quotes is "
              f"{result['ratio_vs_textacy']:.2f}x as fast", file=out)


def probe() -> None:
    """Run the command after --probe; print its wall seconds and the peak RSS (MB) of its processes."""
    seconds, peak = timed_process(sys.argv[2:])
    print(seconds, peak)


if __name__ == "__main__":
    probe() if sys.argv[1:2] == ["--probe"] else main()
