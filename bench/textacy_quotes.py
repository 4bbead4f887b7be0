"""The peer for bench/analyze.py: textacy's direct-quotation extraction over a spaCy pipeline.

    PYTHON_WITH_TEXTACY bench/textacy_quotes.py DIR [--model en_core_web_sm]

Reads every .txt under DIR, runs the spaCy pipeline and
``textacy.extract.triples.direct_quotations`` on each text, one document at a
time, and prints the number of quotations found and of texts textacy refused
(an odd number of quotation marks). Run by bench/analyze.py in its
own interpreter (textacy and spaCy are not dependencies of quotes).
"""

import argparse
from pathlib import Path

import spacy
from textacy.extract.triples import direct_quotations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args()
    nlp = spacy.load(args.model)
    found = refused = 0
    for path in sorted(args.directory.rglob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        try:
            found += sum(1 for _ in direct_quotations(doc))
        except ValueError:  # textacy refuses texts with an odd number of quotation marks
            refused += 1
    print(found, refused)


if __name__ == "__main__":
    main()
