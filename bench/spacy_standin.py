"""Build a timing stand-in for spaCy's en_core_web_sm 3.8 where the model cannot be downloaded.

    PYTHON_WITH_SPACY bench/spacy_standin.py OUT_DIR [--conllu UD_FILE]

The stand-in has en_core_web_sm's architecture (a shared hash-embedding CNN
tok2vec of width 96 and depth 4 for the tagger and parser; the NER with its
own tok2vec; transition parsers with hidden width 64) and its label sets
taken from a UD treebank (Penn tags, dependency labels) and OntoNotes (18
entity types), but untrained weights. Its annotations are meaningless; its
cost per word is that of the real model, which is what bench/analyze.py
compares. It has no lemmatizer (the real one is a rule lookup, a small share
of the time), so textacy finds fewer quotations with it.
"""

import argparse
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.training import Example

ENTITY_TYPES = ("CARDINAL DATE EVENT FAC GPE LANGUAGE LAW LOC MONEY NORP ORDINAL ORG PERCENT PERSON "
                "PRODUCT QUANTITY TIME WORK_OF_ART").split()


def ud_examples(nlp, path: Path, limit: int = 500) -> list[Example]:
    """Training examples (words, Penn tags, heads, labels) from the first sentences of a CoNLL-U file."""
    examples, rows = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line and not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                rows.append(cols)
        elif not line and rows:
            words = [r[1] for r in rows]
            heads = [int(r[6]) - 1 if r[6] != "0" else i for i, r in enumerate(rows)]
            deps = ["ROOT" if r[6] == "0" else r[7].split(":")[0] for r in rows]
            doc = Doc(nlp.vocab, words=words)
            examples.append(Example.from_dict(doc, {"words": words, "tags": [r[4] for r in rows],
                                                    "heads": heads, "deps": deps}))
            rows = []
            if len(examples) >= limit:
                break
    return examples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--conllu", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared/data/ud/en_ewt-ud-train.conllu")
    args = parser.parse_args()
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 96,
                  "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"],
                  "rows": [5000, 1000, 2500, 2500, 50, 50], "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 96, "depth": 4,
                   "window_size": 1, "maxout_pieces": 3}}})
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "tok2vec"}
    nlp.add_pipe("tagger", config={"model": {"@architectures": "spacy.Tagger.v2", "tok2vec": listener}})
    nlp.add_pipe("parser", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "parser",
        "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": listener}})
    nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 96,
                    "depth": 4, "embed_size": 2000, "window_size": 1, "maxout_pieces": 3,
                    "subword_features": True}}})
    for label in ENTITY_TYPES:
        nlp.get_pipe("ner").add_label(label)
    examples = ud_examples(nlp, args.conllu)
    nlp.initialize(lambda: examples)
    nlp.to_disk(args.out)
    print(f"stand-in written to {args.out}: {nlp.pipe_names}")


if __name__ == "__main__":
    main()
