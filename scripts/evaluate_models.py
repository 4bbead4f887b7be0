"""Score the bundled models end to end from raw text on UD English EWT test.

    python scripts/evaluate_models.py [--gold ../shared/data/ud/en_ewt-ud-test.conllu]

Turns the gold CoNLL-U into plain text (paragraph breaks kept) with Stanza's
conllu_to_text, runs `quotes parse` on it, scores the output with the CoNLL 2018
scorer (`udeval -v`), and reports pipeline load time and words per second.
With ``--gold-tokens`` it scores the tagger, lemmatizer and parser alone, on the
gold file's own words and sentences.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared/data/ud/en_ewt-ud-test.conllu")
    parser.add_argument("--out", type=Path, default=None, help="keep the system CoNLL-U here")
    parser.add_argument("--gold-tokens", action="store_true", help="tag and parse the gold words and sentences")
    args = parser.parse_args()
    if args.gold_tokens:
        score_on_gold_tokens(args.gold, args.out or Path(tempfile.mkdtemp(prefix="quotes-eval-")) / "system.conllu")
        return

    from stanza.utils.datasets import conllu_to_text

    work = Path(tempfile.mkdtemp(prefix="quotes-eval-"))
    text_file = work / "test.txt"
    system = args.out or work / "system.conllu"
    conllu_to_text.main([str(args.gold), str(text_file)])

    started = time.perf_counter()
    from quotes import nlp
    nlp.pipeline(None)
    print(f"pipeline load: {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    with system.open("w", encoding="utf-8") as out:
        subprocess.run([str(BIN / "quotes"), "parse", str(text_file)], stdout=out, check=True)
    elapsed = time.perf_counter() - started
    words = sum(1 for line in system.read_text(encoding="utf-8").splitlines()
                if line and line[0].isdigit() and "-" not in line.split("\t")[0])
    print(f"quotes parse: {words} words in {elapsed:.1f} s (whole process) = {words / elapsed:.0f} words/s")
    result = subprocess.run([str(BIN / "udeval"), "-v", str(args.gold), str(system)],
                            capture_output=True, text=True, check=True)
    print(result.stdout)


def score_on_gold_tokens(gold: Path, system: Path) -> None:
    import stanza
    from stanza.utils.conll import CoNLL

    from quotes import nlp

    bundled = nlp.bundled_paths()
    paths = {key: bundled[key] for key in ("pos_model_path", "lemma_model_path", "depparse_model_path")}
    tagger_parser = stanza.Pipeline(
        lang="en", dir=str(nlp.BUNDLED_DIR), processors="tokenize,pos,lemma,depparse", tokenize_pretokenized=True,
        download_method=None, logging_level="WARN", pos_pretrain_path=None, depparse_pretrain_path=None, **paths)
    document = CoNLL.conll2doc(input_file=str(gold))
    for sentence in document.sentences:
        for word in sentence.words:
            word.upos = word.xpos = word.feats = word.lemma = word.head = word.deprel = None
    CoNLL.write_doc2conll(tagger_parser(document), str(system))
    result = subprocess.run([str(BIN / "udeval"), "-v", str(gold), str(system)],
                            capture_output=True, text=True, check=True)
    print(result.stdout)


if __name__ == "__main__":
    main()
