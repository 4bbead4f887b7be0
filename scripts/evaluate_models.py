"""Score the bundled models end to end from raw text on UD English EWT test.

    python scripts/evaluate_models.py [--gold ../shared/data/ud/en_ewt-ud-test.conllu]
        [--gold-tokens] [--models STANZA_DIR] [--compare-models STANZA_DIR] [--repeat N]

Turns the gold CoNLL-U into plain text (paragraph breaks kept) with Stanza's
conllu_to_text, runs `quotes parse` on it, scores the output with the CoNLL 2018
scorer (`udeval -v`), and reports pipeline load time and words per second.
With ``--gold-tokens`` it scores the tagger, lemmatizer and parser alone, on the
gold file's own words and sentences. ``--models`` scores another model set (a
Stanza resources folder, as `quotes parse --models` takes) instead of the bundled
one; ``--compare-models`` scores the bundled set and that one in the same run,
alternating their `quotes parse` runs ``--repeat`` times for the speed medians.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCORES = ("Tokens", "Sentences", "Words", "UPOS", "XPOS", "UFeats", "AllTags", "Lemmas", "UAS", "LAS")


def parse_text(text_file: Path, system: Path, models: Path | None) -> float:
    """Seconds `quotes parse` takes on text_file (whole process), writing system."""
    command = [str(BIN / "quotes"), "parse", str(text_file)] + (["--models", str(models)] if models else [])
    started = time.perf_counter()
    with system.open("w", encoding="utf-8") as out:
        subprocess.run(command, stdout=out, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def udeval(gold: Path, system: Path) -> str:
    return subprocess.run([str(BIN / "udeval"), "-v", str(gold), str(system)],
                          capture_output=True, text=True, check=True).stdout


def summary(report: str) -> str:
    """One line of the F1 column of a `udeval -v` report: `UPOS 94.19, LAS 83.50, ...`."""
    scores = {}
    for line in report.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 4 and cells[0] in SCORES:
            scores[cells[0]] = cells[3]
    return ", ".join(f"{name} {scores[name]}" for name in SCORES if name in scores)


def word_count(system: Path) -> int:
    return sum(1 for line in system.read_text(encoding="utf-8").splitlines()
               if line and line[0].isdigit() and "-" not in line.split("\t")[0])


def raw_text(gold: Path, sets: list[Path | None], repeat: int) -> None:
    from stanza.utils.datasets import conllu_to_text

    work = Path(tempfile.mkdtemp(prefix="quotes-eval-"))
    text_file = work / "test.txt"
    conllu_to_text.main([str(gold), str(text_file)])
    seconds: dict[int, list[float]] = {i: [] for i in range(len(sets))}
    for _ in range(repeat):                          # alternate the sets within each round
        for i, models in enumerate(sets):
            seconds[i].append(parse_text(text_file, work / f"system-{i}.conllu", models))
    for i, models in enumerate(sets):
        system = work / f"system-{i}.conllu"
        words, median = word_count(system), statistics.median(seconds[i])
        report = udeval(gold, system)
        print(f"== {models or 'bundled models'}")
        print(f"quotes parse: {words} words, median {median:.1f} s of {repeat} (whole process) = "
              f"{words / median:.0f} words/s; runs {[round(s, 1) for s in seconds[i]]}")
        print(report)
        print(summary(report))
    if len(sets) == 2:
        speed = [word_count(work / f"system-{i}.conllu") / statistics.median(seconds[i]) for i in (0, 1)]
        print(f"words/s: {sets[0] or 'bundled'} {speed[0]:.0f}, {sets[1]} {speed[1]:.0f} "
              f"(ratio {speed[0] / speed[1]:.2f})")


def gold_tokens(gold: Path, models: Path | None) -> None:
    """Tag, lemmatize and parse the gold file's own words and sentences, and score them."""
    import stanza
    from stanza.utils.conll import CoNLL

    from quotes import nlp

    if models is None:
        bundled = nlp.bundled_paths()
        paths = {key: value for key, value in bundled.items() if not key.startswith(("tokenize", "mwt"))}
        where = nlp.BUNDLED_DIR
    else:
        paths, where = {}, models
    tagger_parser = stanza.Pipeline(
        lang="en", dir=str(where), processors="tokenize,pos,lemma,depparse", tokenize_pretokenized=True,
        download_method=None, logging_level="WARN", **paths)
    document = CoNLL.conll2doc(input_file=str(gold))
    for sentence in document.sentences:
        for word in sentence.words:
            word.upos = word.xpos = word.feats = word.lemma = word.head = word.deprel = None
    system = Path(tempfile.mkdtemp(prefix="quotes-eval-")) / "system.conllu"
    CoNLL.write_doc2conll(tagger_parser(document), str(system))
    print(f"== {models or 'bundled models'}, gold tokens and sentences")
    report = udeval(gold, system)
    print(report)
    print(summary(report))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared/data/ud/en_ewt-ud-test.conllu")
    parser.add_argument("--gold-tokens", action="store_true", help="tag and parse the gold words and sentences")
    parser.add_argument("--models", type=Path, help="score this Stanza model folder instead of the bundled set")
    parser.add_argument("--compare-models", type=Path, help="score the bundled set and this folder side by side")
    parser.add_argument("--repeat", type=int, default=1, help="`quotes parse` runs per set for the speed median")
    args = parser.parse_args()
    sets = [None, args.compare_models] if args.compare_models else [args.models]
    if args.gold_tokens:
        for models in sets:
            gold_tokens(args.gold, models)
    else:
        raw_text(args.gold, sets, args.repeat)


if __name__ == "__main__":
    main()
